import type { Logger } from 'pino';
import type { Adapter } from '../../contract/adapter';
import type { ExclusiveLocks } from '../../kernel/db/exclusive-lock';
import type { IntegrationConfig } from './integration-config';
import type { DeliveryWorker } from './delivery-worker';

/** What the integration's resolvers, routes and jobs need: the loaded adapters and the pull locks. */
export interface IntegrationServices {
  adapters: ReadonlyMap<string, Adapter>;
  locks: ExclusiveLocks;
  log: Logger;
  config: IntegrationConfig;
  /** The outbox consumer: each adapter's policy and circuit (adapterHealth). */
  deliveries: DeliveryWorker;
}

declare module '../../kernel/graphql/context' {
  interface GqlContext {
    integration: IntegrationServices;
  }
}

declare module '../../kernel/module' {
  interface HubServices {
    integration: IntegrationServices;
  }
}
