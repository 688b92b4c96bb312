import type { Logger } from 'pino';
import { GraphQLError } from 'graphql';
import { forkEm, type Orm } from '../db/orm';
import type { LoggedEvent } from './event-types';
import { lastSequence, readEvents, readSettled } from './event-log.service';
import type { Notifier } from './notifier';
import { DomainError, ErrorCode } from '../common/errors';
import { CoalescingTask } from '../common/coalescing-task';
import { hearCommits } from './commit-signal';

const BATCH = 500;
const SAFETY_POLL_MS = 5000;
/**
 * Committed events held back behind a transaction still in flight are read again after this long,
 * doubling up to HELD_BACK_MAX_MS while they stay held back: the transaction they wait for may append
 * nothing (or run in another database of the server) and so never send the NOTIFY that would wake us.
 */
const HELD_BACK_FIRST_MS = 2;
const HELD_BACK_MAX_MS = 100;
/** A subscriber this far behind is dropped; it resumes from its last sequence without losing anything. */
const MAX_QUEUE = 10_000;

export type EventFilter = (e: LoggedEvent) => boolean;

interface Subscriber {
  filter: EventFilter;
  cursor: bigint;
  live: boolean;
  push(e: LoggedEvent): void;
  fail(err: Error): void;
}

/**
 * The one reader of the event log in this process. On each wake-up it reads what was committed since
 * the last read, once, and hands each event to the live subscribers whose filter wants it. A new
 * subscriber first catches up from its own cursor, then joins the live stream with no gap and no repeat.
 */
export class EventStream {
  private head = 0n;
  private readonly subscribers = new Set<Subscriber>();
  private poll?: NodeJS.Timeout;
  private heldBack?: NodeJS.Timeout;
  private heldBackDelay = HELD_BACK_FIRST_MS;
  private stopped = false;
  private logEndQuestion?: Promise<bigint>;
  private unhear?: () => void;
  private readonly newEventListeners: (() => void)[] = [];
  private readonly reader = new CoalescingTask(
    () => this.drain(),
    (err) => this.log.error({ err }, 'reading the event log failed; will retry on the next wake-up'),
  );

  constructor(
    private readonly orm: Orm,
    private readonly notifier: Notifier,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.head = BigInt(await lastSequence(forkEm(this.orm)));
    await this.notifier.start(() => this.wake());
    this.unhear = hearCommits(this.orm, () => {
      this.wake();
      this.notifier.announce();
    });
    this.poll = setInterval(() => this.wake(), SAFETY_POLL_MS);
    this.poll.unref();
  }

  /** Started and not stopped (readiness). */
  get running(): boolean {
    return this.poll !== undefined;
  }

  /** The last sequence read from the log and handed to subscribers and listeners (event-log lag). */
  get dispatchedSeq(): string {
    return this.head.toString();
  }

  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    this.stopped = true;
    this.unhear?.();
    clearTimeout(this.heldBack);
    await this.reader.stop();
    await this.notifier.stop();
    // Expected, not a fault: coded so it is neither logged as an internal error nor shown as one.
    const closing = new GraphQLError('The hub is shutting down; resume from your last sequence', {
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
    for (const s of this.subscribers) s.fail(closing);
    this.subscribers.clear();
  }

  /** Called whenever new events were read (the delivery worker wakes on it). */
  onNewEvents(listener: () => void): void {
    this.newEventListeners.push(listener);
  }

  /** Reads and dispatches everything up to the end of the log; wake-ups during a read fold into one more. */
  wake(): void {
    this.reader.wake();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const { events, heldBack } = await readSettled(forkEm(this.orm), this.head.toString(), BATCH);
      if (events.length < BATCH) this.lookAgainIf(heldBack);
      if (events.length === 0) return;
      this.head = BigInt(events[events.length - 1].seq);
      for (const listener of this.newEventListeners) listener();
      for (const e of events) {
        const seq = BigInt(e.seq);
        for (const s of this.subscribers) {
          if (s.live && seq > s.cursor && s.filter(e)) {
            s.cursor = seq;
            s.push(e);
          }
        }
      }
      if (events.length < BATCH) return;
    }
  }

  private lookAgainIf(heldBack: boolean): void {
    if (!heldBack) {
      // This read reached the log's end with nothing in flight below it: a look-again still waiting
      // (set off by an earlier read) would only read nothing. Under concurrent writes most reads see
      // the next transaction in flight, and these redundant reads were a statement per few requests.
      clearTimeout(this.heldBack);
      this.heldBack = undefined;
      this.heldBackDelay = HELD_BACK_FIRST_MS;
      return;
    }
    if (this.heldBack || this.stopped) return;
    this.heldBack = setTimeout(() => {
      this.heldBack = undefined;
      this.wake();
    }, this.heldBackDelay);
    this.heldBack.unref();
    this.heldBackDelay = Math.min(this.heldBackDelay * 2, HELD_BACK_MAX_MS);
  }

  /**
   * The log's last position, asked once for everyone who asks while the question is out: thousands of
   * screens subscribing at once cost a handful of queries, not one each. Joining a question asked a
   * moment earlier starts a subscriber a moment earlier — more history, never a gap. During a database
   * outage it fails, and so the subscription answers SERVICE_UNAVAILABLE rather than waiting blind.
   */
  private logEnd(): Promise<bigint> {
    this.logEndQuestion ??= lastSequence(forkEm(this.orm))
      .then((seq) => BigInt(seq))
      .finally(() => {
        this.logEndQuestion = undefined;
      });
    return this.logEndQuestion;
  }

  /**
   * Events matching `filter` after `fromSeq` (or from now), oldest first, until the consumer returns.
   */
  subscribe(filter: EventFilter, fromSeq?: string | null): AsyncIterableIterator<LoggedEvent> {
    const queue: LoggedEvent[] = [];
    let waiting: ((r: IteratorResult<LoggedEvent>) => void) | null = null;
    let failure: Error | null = null;
    let done = false;
    const subscribers = this.subscribers;

    const sub: Subscriber = {
      filter,
      cursor: 0n,
      live: false,
      push(e) {
        if (failure || done) return;
        if (waiting) {
          const w = waiting;
          waiting = null;
          w({ value: e, done: false });
          return;
        }
        if (queue.length >= MAX_QUEUE) {
          // The client gets everything queued, then this error; resuming after the last one loses nothing.
          sub.fail(
            new DomainError(ErrorCode.CONFLICT, `Subscriber fell too far behind; resubscribe with fromSeq ${queue[queue.length - 1].seq}`),
          );
          return;
        }
        queue.push(e);
      },
      fail(err) {
        failure = err;
        subscribers.delete(sub);
        if (waiting) {
          const w = waiting;
          waiting = null;
          w({ value: undefined, done: true });
        }
      },
    };

    const catchUp = async () => {
      sub.cursor = fromSeq == null ? await this.logEnd() : BigInt(fromSeq);
      // The consumer may have gone while we asked for the last sequence: then there is nothing to join.
      if (done) return;
      this.subscribers.add(sub);
      // Read from the log until this subscriber reaches the stream's head; the check and the switch to
      // live happen in one synchronous step, so no event dispatched meanwhile can be missed.
      for (;;) {
        const bound = this.head;
        while (sub.cursor < bound && !done && !failure) {
          const events = await readEvents(forkEm(this.orm), sub.cursor.toString(), BATCH, bound.toString());
          if (events.length === 0) break;
          for (const e of events) if (filter(e)) sub.push(e);
          sub.cursor = BigInt(events[events.length - 1].seq);
        }
        if (done || failure) return;
        if (sub.cursor < bound) sub.cursor = bound;
        if (this.head === bound) {
          sub.live = true;
          return;
        }
      }
    };
    const ready = catchUp().catch((err: unknown) => sub.fail(err instanceof Error ? err : new Error(String(err))));

    const iterator: AsyncIterableIterator<LoggedEvent> = {
      async next() {
        await ready;
        if (queue.length) return { value: queue.shift()!, done: false };
        if (failure) {
          const f = failure;
          failure = null;
          done = true;
          throw f;
        }
        if (done) return { value: undefined, done: true };
        return new Promise((resolve) => {
          waiting = resolve;
        }).then((r) => {
          const res = r as IteratorResult<LoggedEvent>;
          if (res.done && failure) {
            const f = failure;
            failure = null;
            done = true;
            throw f;
          }
          return res;
        });
      },
      return() {
        done = true;
        subscribers.delete(sub);
        if (waiting) {
          const w = waiting;
          waiting = null;
          w({ value: undefined, done: true });
        }
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
