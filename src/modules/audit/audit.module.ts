import type { HubModule } from '../../kernel/module';
import { EventResolver } from './audit.resolver';
import { auditGrants } from './audit.permissions';

/** The event log as an audit trail: who did what, when, from which device or system. */
export const auditModule: HubModule = {
  name: 'audit',
  resolvers: [EventResolver],
  permissions: auditGrants,
};
