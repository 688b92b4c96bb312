import { Client } from 'pg';
import type { Logger } from 'pino';
import type { Orm } from '../db/orm';
import { EVENT_CHANNEL } from './event-log.service';
import { CoalescingTask } from '../common/coalescing-task';

/**
 * Wakes the event stream when events were committed by another process, and tells other processes when
 * this one committed some (`announce`; this process's own streams hear of it directly, commit-signal.ts).
 * A wake-up carries nothing: the stream reads the log itself, so a lost notification only delays delivery
 * until the next one or the safety poll.
 */
export interface Notifier {
  start(onWake: () => void): Promise<void>;
  announce(): void;
  stop(): Promise<void>;
}

/**
 * After an announcement, the next waits this long at least: under a stream of commits other processes are
 * woken about a hundred times a second rather than once per commit, each NOTIFY being a small transaction
 * of its own that PostgreSQL flushes.
 */
const ANNOUNCE_GAP_MS = 10;

/** PostgreSQL: LISTEN (and NOTIFY) on a dedicated connection, so a change made by another hub process wakes this one. */
export class PgNotifier implements Notifier {
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private readonly announcer = new CoalescingTask(
    async () => {
      // Not connected (reconnecting): the other processes read when their safety poll comes round.
      await this.client?.query(`select pg_notify('${EVENT_CHANNEL}', '')`);
      await new Promise((r) => setTimeout(r, ANNOUNCE_GAP_MS));
    },
    (err) => this.log.warn({ err }, 'telling other hub processes of new events failed; they read at their next poll'),
  );

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  announce(): void {
    this.announcer.wake();
  }

  async start(onWake: () => void): Promise<void> {
    const client = new Client({ connectionString: this.url });
    // Its own announcements come back to it; this process's streams have read already.
    client.on('notification', (message) => {
      if (message.processId !== backendPid(client)) onWake();
    });
    client.on('error', (err) => {
      this.log.warn({ err }, 'event listener connection lost; reconnecting');
      this.reconnect(onWake);
    });
    await client.connect();
    // Stopped while (re)connecting: this connection has no owner left to end it.
    if (this.stopped) return void (await client.end().catch(() => undefined));
    await client.query(`LISTEN ${EVENT_CHANNEL}`);
    this.client = client;
    // Whatever was committed while we were not listening is read now.
    onWake();
  }

  private reconnect(onWake: () => void) {
    const old = this.client;
    this.client = undefined;
    old?.end().catch(() => undefined);
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start(onWake).catch((err) => {
        this.log.warn({ err }, 'event listener reconnect failed');
        this.reconnect(onWake);
      });
    }, 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.announcer.stop();
    await this.client?.end().catch(() => undefined);
  }
}

interface PGliteLike {
  listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>>;
}

/** The server process of a connection (node-pg keeps it from the start-up, untyped). */
const backendPid = (client: Client) => (client as unknown as { processID: number | null }).processID;

/**
 * PGlite: one process owns the database, so there is no one else to tell; its own LISTEN still wakes the
 * stream for a NOTIFY sent in SQL.
 */
export class PgliteNotifier implements Notifier {
  private unlisten?: () => Promise<void>;

  constructor(private readonly orm: Orm) {}

  announce(): void {}

  async start(onWake: () => void): Promise<void> {
    const connection = this.orm.em.getConnection() as unknown as { getNativeClient(): Promise<PGliteLike> };
    const pglite = await connection.getNativeClient();
    this.unlisten = await pglite.listen(EVENT_CHANNEL, () => onWake());
    onWake();
  }

  async stop(): Promise<void> {
    await this.unlisten?.().catch(() => undefined);
  }
}
