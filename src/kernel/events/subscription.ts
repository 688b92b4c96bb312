import { unauthenticated } from '../common/errors';
import { assertAllowed, type Caller } from '../auth/auth-checker';
import type { Permission } from '../auth/permissions';
import type { EventFilter, EventStream } from './event-stream';
import type { LoggedEvent } from './event-types';

/** What a subscription needs of its operation's context. */
export interface SubscriberCtx extends Caller {
  stream: EventStream;
  /** Seconds since the epoch when the caller's token expires. */
  tokenExpiresAt?: number;
}

/**
 * The caller's slice of the event stream. The token's expiry is checked again on every event, so a
 * long-lived socket does not outlive the access it was opened with.
 */
export function scopedStream(
  ctx: SubscriberCtx,
  access: { permissions: readonly Permission[]; field: string },
  fromSeq: string | null | undefined,
  filter: EventFilter,
): AsyncGenerator<LoggedEvent> {
  // type-graphql checks @Authorized when each event is resolved, not when subscribing; check here,
  // synchronously, so a caller without access is refused before anything is registered.
  assertAllowed(ctx, access.permissions, `Subscription.${access.field}`);
  return stream(ctx, fromSeq, filter);
}

function stream(ctx: SubscriberCtx, fromSeq: string | null | undefined, filter: EventFilter): AsyncGenerator<LoggedEvent> {
  const events = ctx.stream.subscribe(filter, fromSeq);
  const generator = read(ctx, events);
  // An async generator's return() waits until its pending next() settles, that is until the next matching
  // event, so a client's complete or a closed socket would leave the subscriber registered until then.
  // Ending the stream's iterator first settles that next() at once.
  const finish = generator.return.bind(generator);
  generator.return = async (value) => {
    await events.return?.();
    return finish(value);
  };
  return generator;
}

async function* read(ctx: SubscriberCtx, events: AsyncIterableIterator<LoggedEvent>): AsyncGenerator<LoggedEvent> {
  try {
    for await (const e of events) {
      if (ctx.tokenExpiresAt !== undefined && Date.now() / 1000 >= ctx.tokenExpiresAt) {
        throw unauthenticated('Your token has expired; sign in again and resume from your last sequence');
      }
      yield e;
    }
  } finally {
    await events.return?.();
  }
}
