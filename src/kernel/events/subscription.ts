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
 * The caller's slice of the event stream. It ends with UNAUTHENTICATED when the caller's token expires —
 * by a timer, whether or not an event comes — so a long-lived socket does not outlive its access.
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
  // At expiry the event iterator is ended, which wakes a pending read; the loop then reports why.
  const expiry = atExpiry(ctx.tokenExpiresAt, () => void events.return?.());
  const expired = () => unauthenticated('Your token has expired; sign in again and resume from your last sequence');
  try {
    for await (const e of events) {
      if (expiry.passed()) throw expired();
      yield e;
    }
    if (expiry.passed()) throw expired();
  } finally {
    expiry.cancel();
    await events.return?.();
  }
}

/** setTimeout's longest delay (about 24.8 days); a 30-day portal token re-arms the timer once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `onExpiry` once when `expiresAt` (seconds since the epoch) has passed; nothing without one. */
function atExpiry(expiresAt: number | undefined, onExpiry: () => void): { passed(): boolean; cancel(): void } {
  let passed = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (at: number) => {
    const wait = at * 1000 - Date.now();
    if (wait <= 0) {
      passed = true;
      onExpiry();
      return;
    }
    timer = setTimeout(() => arm(at), Math.min(wait, MAX_TIMER_MS));
    timer.unref();
  };
  if (expiresAt !== undefined) arm(expiresAt);
  return {
    passed: () => passed,
    cancel: () => clearTimeout(timer),
  };
}
