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
): AsyncIterableIterator<LoggedEvent> {
  // type-graphql checks @Authorized when each event is resolved, not when subscribing; check here,
  // synchronously, so a caller without access is refused before anything is registered.
  assertAllowed(ctx, access.permissions, `Subscription.${access.field}`);
  return stream(ctx, fromSeq, filter);
}

/**
 * The stream's events until the consumer returns or the token expires. A plain iterator, not an async
 * generator: an event reaches ten thousand subscribers at once (issue 8's P4), and each generator layer
 * costs every one of them several promise turns before its socket is written.
 */
function stream(ctx: SubscriberCtx, fromSeq: string | null | undefined, filter: EventFilter): AsyncIterableIterator<LoggedEvent> {
  const events = ctx.stream.subscribe(filter, fromSeq);
  // At expiry the event iterator is ended, which settles a pending read at once; it then reports why.
  const expiry = atExpiry(ctx.tokenExpiresAt, () => void events.return?.());
  let ended = false;
  const end = async (): Promise<IteratorReturnResult<undefined>> => {
    ended = true;
    expiry.cancel();
    await events.return?.();
    return { value: undefined, done: true };
  };
  const expired = async (): Promise<never> => {
    await end();
    throw unauthenticated('Your token has expired; sign in again and resume from your last sequence');
  };
  const iterator: AsyncIterableIterator<LoggedEvent> = {
    async next() {
      if (ended) return { value: undefined, done: true };
      if (expiry.passed()) return expired();
      let r: IteratorResult<LoggedEvent>;
      try {
        r = await events.next();
      } catch (err) {
        await end();
        throw err;
      }
      if (expiry.passed()) return expired();
      if (r.done) return end();
      return r;
    },
    return: end,
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
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
