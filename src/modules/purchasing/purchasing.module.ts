import type { HubModule } from '../../kernel/module';
import { ShippingNoticeLine, SupplierCommitment } from './supplier-commitment.entity';
import { PurchasingResolver, SupplierRequirementResolver } from './purchasing.resolver';
import { SupplierPlanResolver } from './supplier-plan.resolver';
import { PurchasingEvent } from './purchasing.events';
import { purchasingGrants } from './purchasing.permissions';

/** Supplier collaboration: requirements from the plan, commitments, shipping notices, receipts. */
export const purchasingModule: HubModule = {
  name: 'purchasing',
  entities: [SupplierCommitment, ShippingNoticeLine],
  resolvers: [PurchasingResolver, SupplierRequirementResolver, SupplierPlanResolver],
  events: Object.values(PurchasingEvent),
  permissions: purchasingGrants,
};
