import DataLoader from 'dataloader';
import type { EntityManager } from '../../kernel/db/orm';
import type { WorkOrder } from './work-order.entity';
import { liveWorkOrdersOfLines } from './production.queries';

declare module '../../kernel/graphql/loaders' {
  interface Loaders {
    /** The live (not cancelled) work orders of sales order lines, with their operations. */
    workOrdersOfLine: DataLoader<string, WorkOrder[]>;
  }
}

export const productionLoaders = (em: EntityManager) => ({
  workOrdersOfLine: new DataLoader<string, WorkOrder[]>((lineIds) => liveWorkOrdersOfLines(em, lineIds)),
});
