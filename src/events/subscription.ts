import type { GqlContext } from '../graphql/context';
import { unauthenticated } from '../common/errors';
import type { EventFilter } from './event-stream';
import type { LoggedEvent } from './event-types';

/**
 * The caller's slice of the event stream. The token's expiry is checked again on every event, so a
 * long-lived socket does not outlive the access it was opened with.
 */
export async function* scopedStream(ctx: GqlContext, fromSeq: string | undefined, filter: EventFilter): AsyncGenerator<LoggedEvent> {
  const events = ctx.stream.subscribe(filter, fromSeq);
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
