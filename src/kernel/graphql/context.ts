import type { EntityManager } from '../db/orm';
import type { Actor } from '../auth/actor';
import type { EventStream } from '../events/event-stream';
import type { Ctx } from '../unit-of-work/context';
import type { Loaders } from './loaders';

/**
 * The GraphQL context of one request (HTTP) or one operation (WebSocket). It is also the service Ctx.
 * A module that needs more of it (the portal's signing settings, the integration's adapters) adds
 * its fields by declaration merging next to its code, and the app must then provide them.
 */
export interface GqlContext extends Ctx {
  em: EntityManager;
  actor: Actor | null;
  stream: EventStream;
  loaders: Loaders;
  /** Seconds since the epoch when the caller's token expires; subscriptions end then. */
  tokenExpiresAt?: number;
}
