import type { HubModule } from '../../kernel/module';
import { GenealogyResolver } from './genealogy/genealogy.resolver';
import { QualityEvent } from './quality.events';
import { qualityGrants } from './quality.permissions';

/**
 * Quality and traceability: lot genealogy backward and forward with the recall impact, inspection
 * plans and results, nonconformances with their dispositions, and statistical process control.
 * Holds on lots are inventory's (the ledger enforces them); quality places and releases them.
 */
export const qualityModule: HubModule = {
  name: 'quality',
  entities: [],
  resolvers: [GenealogyResolver],
  events: Object.values(QualityEvent),
  permissions: qualityGrants,
};
