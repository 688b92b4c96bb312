import type { Actor } from '../kernel/auth/actor';
import { forkEm, type EntityManager, type Orm } from '../kernel/db/orm';
import type { EventStream } from '../kernel/events/event-stream';
import type { GqlContext } from '../kernel/graphql/context';
import { createLoaders, type Loaders } from '../kernel/graphql/loaders';
import type { HubRuntime } from '../kernel/unit-of-work/runtime';
import type { IntegrationServices } from '../orchestration/integration/integration.context';
import type { PortalSettings } from '../modules/portal-access/portal.context';
import type { MachineDataSettings } from '../modules/equipment/machine-data.settings';
import { hubLoaders } from './modules';

/** What every operation's context shares: the hub's services and settings. */
export interface SharedContext {
  runtime: HubRuntime;
  stream: EventStream;
  integration: IntegrationServices;
  portal: PortalSettings;
  machineData: MachineDataSettings;
}

/**
 * One operation's context, over HTTP or WebSocket alike: its caller, and its own EntityManager and
 * loaders, made when first used — a subscription resolves events without them (one resolution per
 * audience) and ten thousand idle screens should not each hold an identity map, nor `{ __typename }`
 * fork one.
 *
 * The two are getters on the prototype, not on the object, because Apollo copies every HTTP request's
 * context with `Object.assign` onto an object of the same prototype: an own getter would be called by
 * that copy (forking an EntityManager per request), a prototype getter is not. The copy shares `made`.
 * For the same reason a context must not be spread (`{ ...ctx }` would lose `em` and `loaders`).
 */
export class OperationContext implements GqlContext {
  readonly runtime: HubRuntime;
  readonly stream: EventStream;
  readonly integration: IntegrationServices;
  readonly portal: PortalSettings;
  readonly machineData: MachineDataSettings;
  private readonly made: { em?: EntityManager; loaders?: Loaders } = {};

  constructor(
    private readonly orm: Orm,
    shared: SharedContext,
    readonly actor: Actor | null,
    readonly tokenExpiresAt: number | undefined,
  ) {
    this.runtime = shared.runtime;
    this.stream = shared.stream;
    this.integration = shared.integration;
    this.portal = shared.portal;
    this.machineData = shared.machineData;
  }

  get em(): EntityManager {
    return (this.made.em ??= forkEm(this.orm));
  }

  get loaders(): Loaders {
    return (this.made.loaders ??= createLoaders(this.em, hubLoaders));
  }
}
