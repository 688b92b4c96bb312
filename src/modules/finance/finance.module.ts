import type { HubModule } from '../../kernel/module';
import { JournalEntry, JournalLine } from './journal-entry.entity';
import { JournalEntryResolver } from './finance.resolver';
import { FinanceEvent } from './finance.events';
import { financeGrants } from './finance.permissions';

/** Journal entries at standard cost for every receipt, issue, completion and scrap. */
export const financeModule: HubModule = {
  name: 'finance',
  entities: [JournalEntry, JournalLine],
  resolvers: [JournalEntryResolver],
  events: Object.values(FinanceEvent),
  permissions: financeGrants,
};
