import DataLoader from 'dataloader';
import type { EntityManager } from '../../kernel/db/orm';
import type { WorkOrder } from './work-order.entity';
import { liveWorkOrdersOfLines, workOrdersOfLines } from './production.queries';

declare module '../../kernel/graphql/loaders' {
  interface Loaders {
    /** The live (not cancelled) work orders of sales order lines, with their operations. */
    workOrdersOfLine: DataLoader<string, WorkOrder[]>;
    /** Every work order of sales order lines, cancelled ones included, by code. */
    allWorkOrdersOfLine: DataLoader<string, WorkOrder[]>;
  }
}

export const productionLoaders = (em: EntityManager) => ({
  workOrdersOfLine: new DataLoader<string, WorkOrder[]>((lineIds) => liveWorkOrdersOfLines(em, lineIds)),
  allWorkOrdersOfLine: new DataLoader<string, WorkOrder[]>((lineIds) => workOrdersOfLines(em, lineIds)),
});
