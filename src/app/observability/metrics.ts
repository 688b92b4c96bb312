import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from 'pino';
import { forkEm, type Orm } from '../../kernel/db/orm';
import { eventsAfter, lastSequence } from '../../kernel/events/event-log.service';
import { AdapterState, type AdapterHealthReport } from '../../orchestration/integration/adapter-health';

/** What the metrics read at scrape time; each is optional so a hub without one still answers. */
export interface MetricSources {
  orm: Orm;
  log: Logger;
  /** PostgreSQL (a pool) or PGlite (embedded, one connection in this process). */
  postgres: boolean;
  /** The last sequence this process's event stream has dispatched to subscribers and workers. */
  dispatchedSeq: () => string;
  /** Each delivering adapter's circuit and backlog. */
  adapters: () => Promise<AdapterHealthReport[]>;
}

export type Transport = 'http' | 'ws';

/** Every histogram bucket in seconds: GraphQL operations mostly take milliseconds, imports seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The hub's Prometheus metrics, in a registry of its own (so several hubs in one process, as in the
 * tests, never share counters). Request metrics are recorded as operations finish; the database-backed
 * ones (event-log lag, deliveries, pool) are read when Prometheus scrapes, so they cost nothing between
 * scrapes and are never stale.
 */
export class HubMetrics {
  readonly registry = new Registry();
  private readonly duration: Histogram<'operation' | 'type' | 'transport'>;
  private readonly errors: Counter<'code' | 'transport'>;
  private readonly connections: Gauge;
  private pool?: Awaited<ReturnType<HubMetrics['pgPool']>>;

  constructor(private readonly sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.duration = new Histogram({
      name: 'mom_hub_graphql_request_duration_seconds',
      help: 'GraphQL queries and mutations, by operation name and type, from request to response (subscriptions are not timed)',
      labelNames: ['operation', 'type', 'transport'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'mom_hub_graphql_errors_total',
      help: 'GraphQL errors returned to clients, by extensions.code',
      labelNames: ['code', 'transport'],
      registers,
    });
    this.connections = new Gauge({
      name: 'mom_hub_websocket_connections',
      help: 'Open graphql-ws connections (acknowledged)',
      registers,
    });

    const guarded = (what: string, read: () => Promise<void>) => async () => {
      try {
        await read();
      } catch (err) {
        // A scrape during an outage still answers with everything else; the gauge keeps its last value.
        this.sources.log.warn({ err }, `metrics: could not read ${what}`);
      }
    };

    if (sources.postgres) {
      void this.pgPool().then(
        (p) => (this.pool = p),
        () => undefined,
      );
      const pool = new Gauge({
        name: 'mom_hub_db_pool_connections',
        help: 'The PostgreSQL connection pool: total and idle connections, and callers waiting for one',
        labelNames: ['state'],
        registers,
        // Read without awaiting, before the other collectors take connections for their own queries.
        collect: guarded('the connection pool', async () => {
          const p = this.pool ?? (this.pool = await this.pgPool());
          pool.set({ state: 'total' }, p.totalCount);
          pool.set({ state: 'idle' }, p.idleCount);
          pool.set({ state: 'waiting' }, p.waitingCount);
          poolMax.set(p.options.max ?? 10);
        }),
      });
      const poolMax = new Gauge({ name: 'mom_hub_db_pool_max', help: 'The largest the PostgreSQL pool may grow', registers });
    }

    const eventLogLag = new Gauge({
      name: 'mom_hub_event_log_lag_events',
      help: 'Events committed to the log that this process has not yet dispatched to subscribers and workers',
      registers,
      collect: guarded('the event log', async () => {
        // Sequences are positions with gaps between transactions (docs/event-log-order.md): count the events.
        const em = forkEm(sources.orm);
        eventLogLag.set(await eventsAfter(em, sources.dispatchedSeq()));
        eventLogHead.set(Number(await lastSequence(em)));
      }),
    });
    const eventLogHead = new Gauge({
      name: 'mom_hub_event_log_last_seq',
      help: 'The newest settled sequence in the event log (a position: the numbers have gaps)',
      registers,
    });

    const deliveries = new Gauge({
      name: 'mom_hub_deliveries',
      help: 'Deliveries to adapters (the outbox), by state',
      labelNames: ['state'],
      registers,
      collect: guarded('deliveries', async () => {
        const rows = await forkEm(sources.orm).execute<{ state: string; n: string | number }[]>(
          'select state, count(*) as n from delivery group by state',
        );
        for (const state of ['PENDING', 'IN_FLIGHT', 'DELIVERED', 'DEAD']) deliveries.set({ state }, 0);
        for (const r of rows) deliveries.set({ state: r.state }, Number(r.n));
      }),
    });
    const oldestDue = new Gauge({
      name: 'mom_hub_delivery_oldest_due_age_seconds',
      help: 'How long the oldest delivery that is due (pending and past its next attempt, or with an expired lease) has been waiting; 0 when none is',
      registers,
      collect: guarded('deliveries', async () => {
        const [row] = await forkEm(sources.orm).execute<{ age: string | number | null }[]>(
          `select extract(epoch from now() - min(case when state = 'PENDING' then next_attempt_at else lease_until end)) as age
           from delivery
           where (state = 'PENDING' and next_attempt_at <= now()) or (state = 'IN_FLIGHT' and lease_until < now())`,
        );
        oldestDue.set(Math.max(0, Number(row?.age ?? 0)));
      }),
    });

    // prom-client collects the gauges of a scrape at once: they share one read of the adapters' health.
    let reading: Promise<AdapterHealthReport[]> | undefined;
    const reports = () => (reading ??= sources.adapters().finally(() => (reading = undefined)));
    const perAdapter = (name: string, help: string, value: (r: AdapterHealthReport, now: number) => number) => {
      const gauge: Gauge<'adapter'> = new Gauge({
        name,
        help,
        labelNames: ['adapter'],
        registers,
        collect: guarded('adapter health', async () => {
          const now = Date.now();
          gauge.reset();
          for (const r of await reports()) gauge.set({ adapter: r.adapter }, value(r, now));
        }),
      });
    };
    const adapterState = new Gauge({
      name: 'mom_hub_adapter_state',
      help: 'Each delivering adapter: 1 for its current state (UP, DEGRADED or DOWN), 0 for the others; judged by this hub process',
      labelNames: ['adapter', 'state'],
      registers,
      collect: guarded('adapter health', async () => {
        adapterState.reset();
        for (const r of await reports()) {
          for (const state of Object.values(AdapterState)) adapterState.set({ adapter: r.adapter, state }, r.state === state ? 1 : 0);
        }
      }),
    });
    perAdapter(
      'mom_hub_adapter_state_since_seconds',
      'Unix time since which the adapter is in its state (for DOWN: down since its first failure in a row)',
      (r) => r.since.getTime() / 1000,
    );
    perAdapter(
      'mom_hub_adapter_backlog',
      'Deliveries waiting for the adapter or on their way to it (PENDING and IN_FLIGHT)',
      (r) => r.backlog,
    );
    perAdapter(
      'mom_hub_adapter_oldest_waiting_age_seconds',
      "How long the adapter's oldest waiting delivery has waited (since written or replayed); 0 when none",
      (r, now) => (r.oldestWaitingSince ? Math.max(0, (now - r.oldestWaitingSince.getTime()) / 1000) : 0),
    );
    perAdapter(
      'mom_hub_adapter_consecutive_failures',
      'Failed tries in a row to the adapter (its circuit opens at deliveries.circuit.failures)',
      (r) => r.consecutiveFailures,
    );

    new Gauge({
      name: 'mom_hub_db_embedded',
      help: '1 when the database is PGlite embedded in this process (no pool), 0 for PostgreSQL',
      registers,
    }).set(sources.postgres ? 0 : 1);
  }

  /** The `pg` pool behind MikroORM 7's PostgreSQL connection (PostgreSqlConnection.getNativeClient()). */
  private async pgPool(): Promise<{ totalCount: number; idleCount: number; waitingCount: number; options: { max?: number } }> {
    const connection = this.sources.orm.em.getConnection() as unknown as { getNativeClient(): Promise<unknown> };
    return (await connection.getNativeClient()) as Awaited<ReturnType<HubMetrics['pgPool']>>;
  }

  /** One finished GraphQL operation: its duration (queries and mutations) and its errors' codes. */
  recordOperation(op: { operation: string; type: string; transport: Transport; seconds?: number; codes: string[] }): void {
    if (op.seconds !== undefined && op.type !== 'subscription') {
      this.duration.observe({ operation: op.operation, type: op.type, transport: op.transport }, op.seconds);
    }
    for (const code of op.codes) this.errors.inc({ code, transport: op.transport });
  }

  connectionOpened(): void {
    this.connections.inc();
  }

  connectionClosed(): void {
    this.connections.dec();
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
