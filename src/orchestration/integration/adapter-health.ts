import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { EntityManager } from '../../kernel/db/orm';
import type { DeliveryWorker } from './delivery-worker';

export enum AdapterState {
  UP = 'UP',
  DEGRADED = 'DEGRADED',
  DOWN = 'DOWN',
}
registerEnumType(AdapterState, {
  name: 'AdapterState',
  valuesConfig: {
    UP: { description: 'Its last try went through (or nothing failed yet)' },
    DEGRADED: { description: 'Its last tries failed, not yet enough to pause it' },
    DOWN: { description: 'Paused after repeated failures: one delivery is tried every probe interval until it answers' },
  },
});

/** One delivering adapter as an operator sees it: its circuit (in this hub process) and its backlog. */
@ObjectType('AdapterHealth')
export class AdapterHealthReport {
  @Field() adapter!: string;
  @Field() kind!: string;
  @Field(() => AdapterState) state!: AdapterState;
  @Field({ description: 'Since when it is in this state (for DEGRADED and DOWN: its first failure in a row)' }) since!: Date;
  @Field(() => Int, { description: 'Failed tries in a row' }) consecutiveFailures!: number;
  @Field({ nullable: true, description: 'Why the last try failed' }) lastError?: string;
  @Field({ nullable: true, description: 'When DOWN: when the next probe is due' }) nextProbeAt?: Date;
  @Field(() => Int, { description: 'Deliveries waiting or on their way (PENDING and IN_FLIGHT)' }) backlog!: number;
  @Field({ nullable: true, description: 'Since when the oldest of them waits' }) oldestWaitingSince?: Date;
  @Field(() => Int, { description: 'Dead deliveries, waiting for an operator to replay them' }) dead!: number;
  @Field(() => Int, { description: 'Deliveries at once it takes' }) concurrency!: number;
  @Field(() => Int, { description: 'Time budget of one try, in milliseconds' }) timeoutMs!: number;
  @Field({ description: 'How long a delivery keeps being retried, in milliseconds' }) maxAgeMs!: number;
}

/** Every delivering adapter's health: the circuit from the worker, the backlog from the outbox, one query. */
export async function adapterHealth(em: EntityManager, worker: DeliveryWorker): Promise<AdapterHealthReport[]> {
  const lanes = worker.adapters;
  if (lanes.size === 0) return [];
  const rows = await em.execute<{ adapter: string; backlog: string | number; oldest: Date | string | null; dead: string | number }[]>(
    `select adapter,
       count(*) filter (where state in ('PENDING', 'IN_FLIGHT')) as backlog,
       min(pending_since) filter (where state in ('PENDING', 'IN_FLIGHT')) as oldest,
       count(*) filter (where state = 'DEAD') as dead
     from delivery where state <> 'DELIVERED' group by adapter`,
  );
  return [...lanes].map(([name, lane]) => {
    const row = rows.find((r) => r.adapter === name);
    const c = lane.circuit;
    return Object.assign(new AdapterHealthReport(), {
      adapter: name,
      kind: lane.adapter.kind,
      state: AdapterState[c.state],
      since: c.since,
      consecutiveFailures: c.consecutiveFailures,
      lastError: c.lastError,
      nextProbeAt: c.nextProbeAt,
      backlog: Number(row?.backlog ?? 0),
      oldestWaitingSince: row?.oldest ? new Date(row.oldest) : undefined,
      dead: Number(row?.dead ?? 0),
      concurrency: lane.policy.concurrency,
      timeoutMs: lane.policy.timeoutMs,
      maxAgeMs: lane.policy.maxAgeMs,
    });
  });
}
