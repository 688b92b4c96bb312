import DataLoader from 'dataloader';
import type { EntityManager } from '../db/orm';
import type { ExternalRef } from '../common/external-ref';
import { ExternalRefLink } from '../integration/external-ref.entity';

/** Per-request batches for what the ORM's own dataloader does not cover. */
export function createLoaders(em: EntityManager) {
  return {
    /** Keys are "<EntityType>:<id>". */
    externalRefs: new DataLoader<string, ExternalRef[]>(async (keys) => {
      const pairs = keys.map((k) => k.split(':') as [string, string]);
      const links = await em.find(
        ExternalRefLink,
        { $or: pairs.map(([entityType, entityId]) => ({ entityType, entityId })) },
        { orderBy: { system: 'asc' } },
      );
      return pairs.map(([type, id]) =>
        links.filter((l) => l.entityType === type && l.entityId === id).map((l) => ({ system: l.system, externalId: l.externalId })),
      );
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
