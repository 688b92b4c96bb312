import type { HubModule } from '../../kernel/module';
import { GenealogyResolver } from './genealogy/genealogy.resolver';
import { InspectionCharacteristic, InspectionPlan } from './inspection-plan.entity';
import { InspectionTask, Measurement } from './inspection-task.entity';
import { QualityFeed } from './quality-feed.entity';
import { feedInspections } from './inspection-feed';
import { InspectionGate, INSPECTION_TRIGGERS } from './inspection-gate';
import { Nonconformance } from './nonconformance.entity';
import { InspectionPlanResolver, InspectionTaskResolver, NonconformanceResolver, SalesOrderInspectionsResolver } from './quality.resolver';
import { SpcResolver } from './spc.resolver';
import { qualityLoaders } from './quality.loaders';
import { QualityEvent } from './quality.events';
import { qualityGrants } from './quality.permissions';

/**
 * Quality and traceability: lot genealogy backward and forward with the recall impact; inspection
 * plans, the tasks completions and receipts create (read from the event log by a job) and their
 * results; nonconformances with their dispositions; control charts, first-pass yield and Pareto.
 * Holds on lots are inventory's (the ledger enforces them); quality places and releases them.
 */
export const qualityModule: HubModule = {
  name: 'quality',
  entities: [InspectionPlan, InspectionCharacteristic, InspectionTask, Measurement, QualityFeed, Nonconformance],
  resolvers: [
    GenealogyResolver,
    InspectionPlanResolver,
    InspectionTaskResolver,
    NonconformanceResolver,
    SalesOrderInspectionsResolver,
    SpcResolver,
  ],
  loaders: qualityLoaders,
  events: Object.values(QualityEvent),
  permissions: qualityGrants,
  // Woken by the completions and receipts of items with plans (the gate, one per hub); the feed reads
  // from its own cursor, so a wake-up missed (a restart, another process) is made up by the next one, or
  // by the job every half minute.
  reactors: () => {
    const gate = new InspectionGate();
    return [
      {
        id: 'quality-inspection-tasks',
        types: INSPECTION_TRIGGERS,
        wants: (e) => gate.wants(e),
        debounceMs: 20,
        handle: async (ctx) => {
          await gate.load(ctx);
          await feedInspections(ctx);
        },
      },
    ];
  },
  jobs: () => [
    { id: 'quality-inspection-tasks', schedule: '*/30 * * * * *', execute: (ctx) => feedInspections(ctx).then(() => undefined) },
  ],
};
