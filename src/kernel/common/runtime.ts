import type { FinanceAccounts } from '../../orchestration/integration/integration-config';

/**
 * What the rules need to know about this hub's configuration, carried in every Ctx: which adapters
 * want which events (deliveries are written with the change) and the accounts finance entries use.
 */
export interface HubRuntime {
  /** Event type → names of the enabled adapters that want it. */
  deliveryRoutes: ReadonlyMap<string, readonly string[]>;
  accounts: FinanceAccounts;
  currency: string;
}
