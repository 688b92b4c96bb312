import DataLoader from 'dataloader';
import type { EntityManager } from '../db/orm';
import type { ExternalRef } from '../external-refs/external-ref';
import { ExternalRefLink } from '../external-refs/external-ref.entity';

/**
 * Per-request batches for what the ORM's own dataloader does not cover. The kernel's are here; a module
 * adds its own by declaration merging (`declare module … { interface Loaders { … } }`) and declares
 * their factory in its module object, so nothing central names a module's loaders.
 */
export interface Loaders {
  /** Keys are "<EntityType>:<id>". */
  externalRefs: DataLoader<string, ExternalRef[]>;
}

export type LoaderFactory = (em: EntityManager) => Partial<Loaders>;

export function kernelLoaders(em: EntityManager): Pick<Loaders, 'externalRefs'> {
  return {
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

/** One request's loaders: the kernel's and every module's, made fresh so nothing is cached across requests. */
export function createLoaders(em: EntityManager, factories: readonly LoaderFactory[]): Loaders {
  return Object.assign(kernelLoaders(em), ...factories.map((f) => f(em))) as Loaders;
}

/** The external references of one object, batched with every other asked for in the same tick. */
export const loadExternalRefs = (ctx: { loaders: Loaders }, entityType: string, id: string) =>
  ctx.loaders.externalRefs.load(`${entityType}:${id}`);
