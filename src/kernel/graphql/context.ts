import type { EntityManager } from '../db/orm';
import type { Actor } from '../auth/actor';
import type { EventStream } from '../events/event-stream';
import type { Ctx } from '../common/context';
import type { Loaders } from './loaders';
import type { JwtSettings } from '../auth/tokens';
import type { Adapter } from '../../contract/adapter';
import type { ExclusiveLocks } from '../db/exclusive-lock';
import type { Logger } from 'pino';

/** The GraphQL context of one request (HTTP) or one operation (WebSocket). It is also the service Ctx. */
export interface GqlContext extends Ctx {
  em: EntityManager;
  actor: Actor | null;
  stream: EventStream;
  loaders: Loaders;
  /** What portal links are made with: the signing settings and the hub's public address. */
  portal: { jwt: JwtSettings; publicUrl: string };
  integration: { adapters: ReadonlyMap<string, Adapter>; locks: ExclusiveLocks; log: Logger };
  /** Seconds since the epoch when the caller's token expires; subscriptions end then. */
  tokenExpiresAt?: number;
}
