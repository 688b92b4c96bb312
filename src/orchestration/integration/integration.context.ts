import type { Logger } from 'pino';
import type { Adapter } from '../../contract/adapter';
import type { ExclusiveLocks } from '../../kernel/db/exclusive-lock';
import type { IntegrationConfig } from './integration-config';

/** What the integration's resolvers, routes and jobs need: the loaded adapters and the pull locks. */
export interface IntegrationServices {
  adapters: ReadonlyMap<string, Adapter>;
  locks: ExclusiveLocks;
  log: Logger;
  config: IntegrationConfig;
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
