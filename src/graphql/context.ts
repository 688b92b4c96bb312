import type { EntityManager } from '../db/orm';
import type { Actor } from '../auth/actor';
import type { EventStream } from '../events/event-stream';
import type { Ctx } from '../common/context';
import type { Loaders } from './loaders';

/** The GraphQL context of one request (HTTP) or one operation (WebSocket). It is also the service Ctx. */
export interface GqlContext extends Ctx {
  em: EntityManager;
  actor: Actor | null;
  stream: EventStream;
  loaders: Loaders;
  /** Seconds since the epoch when the caller's token expires; subscriptions end then. */
  tokenExpiresAt?: number;
}
