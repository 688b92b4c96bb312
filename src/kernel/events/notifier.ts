import { Client } from 'pg';
import type { Logger } from 'pino';
import type { Orm } from '../db/orm';
import { EVENT_CHANNEL } from './event-log.service';

/**
 * Wakes the event stream when events were committed. A wake-up carries nothing: the stream reads the
 * log itself, so a lost notification only delays delivery until the next one or the safety poll.
 */
export interface Notifier {
  start(onWake: () => void): Promise<void>;
  stop(): Promise<void>;
}

/** PostgreSQL: LISTEN on a dedicated connection, so a change made by another hub process wakes this one. */
export class PgNotifier implements Notifier {
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  async start(onWake: () => void): Promise<void> {
    const client = new Client({ connectionString: this.url });
    client.on('notification', () => onWake());
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
    await this.client?.end().catch(() => undefined);
  }
}

interface PGliteLike {
  listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>>;
}

/** PGlite: one process owns the database, and PGlite's own LISTEN delivers the commit's NOTIFY in-process. */
export class PgliteNotifier implements Notifier {
  private unlisten?: () => Promise<void>;

  constructor(private readonly orm: Orm) {}

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
