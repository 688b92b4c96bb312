import DataLoader from 'dataloader';
import type { EntityManager } from '../../kernel/db/orm';
import { InspectionCharacteristic, InspectionPlan } from './inspection-plan.entity';
import type { Measurement } from './inspection-task.entity';
import { characteristicsOf, measurementsOf } from './inspection.queries';

declare module '../../kernel/graphql/loaders' {
  interface Loaders {
    characteristicsOfPlan: DataLoader<string, InspectionCharacteristic[]>;
    measurementsOfTask: DataLoader<string, Measurement[]>;
    inspectionPlan: DataLoader<string, InspectionPlan>;
  }
}

export const qualityLoaders = (em: EntityManager) => ({
  characteristicsOfPlan: new DataLoader<string, InspectionCharacteristic[]>((ids) => characteristicsOf(em, ids)),
  measurementsOfTask: new DataLoader<string, Measurement[]>((ids) => measurementsOf(em, ids)),
  inspectionPlan: new DataLoader<string, InspectionPlan>(async (ids) => {
    const plans = await em.find(InspectionPlan, { id: { $in: [...ids] } });
    return ids.map((id) => plans.find((p) => p.id === id) ?? new Error(`no plan ${id}`));
  }),
});
