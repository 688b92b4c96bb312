import type { GqlContext } from '../graphql/context';
import { unauthenticated } from '../common/errors';
import { assertAllowed } from '../auth/auth-checker';
import type { Permission } from '../auth/permissions';
import type { EventFilter } from './event-stream';
import type { LoggedEvent } from './event-types';

/**
 * The caller's slice of the event stream. It ends with UNAUTHENTICATED when the caller's token expires —
 * by a timer, whether or not an event comes — so a long-lived socket does not outlive its access.
 */
export function scopedStream(
  ctx: GqlContext,
  access: { permissions: Permission[]; field: string },
  fromSeq: string | null | undefined,
  filter: EventFilter,
): AsyncGenerator<LoggedEvent> {
  // type-graphql checks @Authorized when each event is resolved, not when subscribing; check here,
  // synchronously, so a caller without access is refused before anything is registered.
  assertAllowed(ctx, access.permissions, `Subscription.${access.field}`);
  return stream(ctx, fromSeq, filter);
}

async function* stream(ctx: GqlContext, fromSeq: string | null | undefined, filter: EventFilter): AsyncGenerator<LoggedEvent> {
  const events = ctx.stream.subscribe(filter, fromSeq);
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
  const arm = () => {
    const wait = expiresAt! * 1000 - Date.now();
    if (wait <= 0) {
      passed = true;
      onExpiry();
      return;
    }
    timer = setTimeout(arm, Math.min(wait, MAX_TIMER_MS));
    timer.unref();
  };
  if (expiresAt !== undefined) arm();
  return {
    passed: () => passed,
    cancel: () => clearTimeout(timer),
  };
}
