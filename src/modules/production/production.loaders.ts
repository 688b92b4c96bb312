import DataLoader from 'dataloader';
import type { EntityManager } from '../../kernel/db/orm';
import { WorkOrder } from './work-order.entity';
import { relationLoader, type DeclaredRelation } from '../../kernel/graphql/read-plan/relations';
import { SalesOrderLine } from '../sales/sales-order.entity';
import { liveWorkOrdersOfLines } from './production.queries';

declare module '../../kernel/graphql/loaders' {
  interface Loaders {
    /** The live (not cancelled) work orders of sales order lines, with their operations. */
    workOrdersOfLine: DataLoader<string, WorkOrder[]>;
    /** Every work order of sales order lines, cancelled ones included, by code. */
    allWorkOrdersOfLine: DataLoader<string, WorkOrder[]>;
  }
}

/** `SalesOrderLine.workOrders`: every work order of the line, cancelled ones included, by code. */
export const workOrdersOfLine: DeclaredRelation = {
  on: SalesOrderLine,
  field: 'workOrders',
  target: WorkOrder,
  via: 'salesOrderLine',
  orderBy: { code: 'asc' },
};

export const productionLoaders = (em: EntityManager) => ({
  workOrdersOfLine: new DataLoader<string, WorkOrder[]>((lineIds) => liveWorkOrdersOfLines(em, lineIds)),
  allWorkOrdersOfLine: relationLoader<WorkOrder>(em, workOrdersOfLine),
});
