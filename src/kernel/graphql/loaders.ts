import DataLoader from 'dataloader';
import type { EntityManager } from '../db/orm';
import type { ExternalRef } from '../common/external-ref';
import { ExternalRefLink } from '../external-refs/external-ref.entity';
import { Bom } from '../../modules/catalog/bom.entity';
import { Routing } from '../../modules/catalog/routing.entity';
import { WorkOrder, WorkOrderState } from '../../modules/production/work-order.entity';

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
    activeBom: new DataLoader<string, Bom | null>(async (itemIds) => {
      const found = await em.find(Bom, { item: { $in: [...itemIds] }, active: true });
      return itemIds.map((id) => found.find((b) => b.item.id === id) ?? null);
    }),
    activeRouting: new DataLoader<string, Routing | null>(async (itemIds) => {
      const found = await em.find(Routing, { item: { $in: [...itemIds] }, active: true });
      return itemIds.map((id) => found.find((r) => r.item.id === id) ?? null);
    }),
    /** The live (not cancelled) work orders of sales order lines, with their operations. */
    workOrdersOfLine: new DataLoader<string, WorkOrder[]>(async (lineIds) => {
      const found = await em.find(
        WorkOrder,
        { salesOrderLine: { $in: [...lineIds] }, state: { $ne: WorkOrderState.CANCELLED } },
        { populate: ['operations'], orderBy: { code: 'asc' } },
      );
      return lineIds.map((id) => found.filter((w) => w.salesOrderLine?.id === id));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
