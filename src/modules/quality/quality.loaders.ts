import DataLoader from 'dataloader';
import type { EntityManager } from '../../kernel/db/orm';
import { InspectionCharacteristic, InspectionPlan } from './inspection-plan.entity';
import type { InspectionTask, Measurement } from './inspection-task.entity';
import { characteristicsOf, inspectionsOfWorkOrders, measurementsOf, recordedInspectionsOfOrders } from './inspection.queries';

declare module '../../kernel/graphql/loaders' {
  interface Loaders {
    characteristicsOfPlan: DataLoader<string, InspectionCharacteristic[]>;
    measurementsOfTask: DataLoader<string, Measurement[]>;
    inspectionPlan: DataLoader<string, InspectionPlan>;
    /** Every inspection task of a work order (order tracking's "inspected" milestone). */
    inspectionsOfWorkOrder: DataLoader<string, InspectionTask[]>;
    /** The recorded inspections of a sales order's work orders. */
    inspectionsOfSalesOrder: DataLoader<string, InspectionTask[]>;
  }
}

export const qualityLoaders = (em: EntityManager) => ({
  characteristicsOfPlan: new DataLoader<string, InspectionCharacteristic[]>((ids) => characteristicsOf(em, ids)),
  measurementsOfTask: new DataLoader<string, Measurement[]>((ids) => measurementsOf(em, ids)),
  inspectionsOfWorkOrder: new DataLoader<string, InspectionTask[]>((ids) => inspectionsOfWorkOrders(em, ids)),
  inspectionsOfSalesOrder: new DataLoader<string, InspectionTask[]>((ids) => recordedInspectionsOfOrders(em, ids)),
  inspectionPlan: new DataLoader<string, InspectionPlan>(async (ids) => {
    const plans = await em.find(InspectionPlan, { id: { $in: [...ids] } });
    return ids.map((id) => plans.find((p) => p.id === id) ?? new Error(`no plan ${id}`));
  }),
});
