import type { RolePermissions } from '../auth/permissions';
import type { CodeBook } from '../codes/code-book';

/** Account codes the journal entries book to; HUB_CONFIG maps them to the partner's chart. */
export interface FinanceAccounts {
  inventory: string;
  wip: string;
  grni: string;
  scrap: string;
  /** Cost of goods sold: what a shipment to a customer takes out of inventory. */
  cogs: string;
  /** Labour absorbed into work in progress at the work centers' rates. */
  labour: string;
  /** Machine time absorbed into work in progress at the work centers' rates. */
  machine: string;
  /** Production variances posted when a work order closes, so its WIP clears. */
  variance: string;
  /** Stock found or lost: counts, adjustments. */
  adjustment: string;
  /** Maintenance expense: spare parts used on maintenance orders. */
  maintenance: string;
}

/**
 * What the rules need to know about this hub's make-up and configuration, carried in every Ctx and
 * assembled once by the app: which adapters want which events (deliveries are written with the
 * change), the accounts finance entries use, and what each role may do.
 */
export interface HubRuntime {
  /** Event type → names of the enabled adapters that want it. */
  deliveryRoutes: ReadonlyMap<string, readonly string[]>;
  accounts: FinanceAccounts;
  currency: string;
  permissions: RolePermissions;
  /** The codes on paper and labels that mutations accept beside ids. */
  codes: CodeBook;
}
