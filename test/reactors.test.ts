import { startTestHub, type TestHub } from './support/hub';
import { eventually } from './support/machines';
import { uniq } from './support/factory';
import { startReactors } from '../src/app/reactors';
import { ExclusiveLocks } from '../src/kernel/db/exclusive-lock';
import { EventStream } from '../src/kernel/events/event-stream';
import { PgliteNotifier, PgNotifier } from '../src/kernel/events/notifier';
import type { LoggedEvent } from '../src/kernel/events/event-types';
import type { EventReactor } from '../src/kernel/module';
import { CreateWorkCenterDocument } from './generated/graphql';

/** Counts the reactors' attempts at their lock, so a test can wait for one that found it busy. */
class CountedLocks extends ExclusiveLocks {
  attempts = 0;
  override run<T>(name: string, work: () => Promise<T>): Promise<T | null> {
    this.attempts++;
    return super.run(name, work);
  }
}

describe('event reactors', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(async () => {
    await t?.close();
  });

  test('events that find the reactor busy in another hub process wait for it and are handled, not dropped', async () => {
    const url = t.config.databaseUrl;
    const stream = new EventStream(t.hub.orm, url ? new PgNotifier(url, t.hub.log) : new PgliteNotifier(t.hub.orm), t.hub.log);
    await stream.start();
    const locks = new CountedLocks(url);
    const handled: string[] = [];
    const reactor: EventReactor = {
      id: uniq('busy-test'),
      types: ['WorkCenterCreated'],
      debounceMs: 20,
      handle: async (_ctx, events: readonly LoggedEvent[]) => {
        handled.push(...events.map((e) => String(e.data.code)));
      },
    };
    // Another process holds the reactor's lock (on PostgreSQL an advisory lock; here the same name).
    let release!: () => void;
    const other = locks.run(`reactor:${reactor.id}`, () => new Promise<void>((r) => (release = r)));
    const reactors = startReactors([reactor], stream, { orm: t.hub.orm, runtime: t.hub.runtime, log: t.hub.log }, locks);
    try {
      const code = uniq('WC');
      await t.client('planner').ok(CreateWorkCenterDocument, { input: { code, name: 'Lathe', calendar: 'MON-SUN 06:00-22:00' } });
      // The reactor tried while the other held the lock (attempts: the other's and at least one of its own).
      await eventually(async () => (locks.attempts >= 2 ? true : undefined), 'the reactor to find its lock busy');
      expect(handled).toEqual([]);
      release();
      await other;
      await eventually(async () => (handled.includes(code) ? true : undefined), 'the busy batch to be handled once the lock is free');
      expect(handled.filter((c) => c === code)).toHaveLength(1);
    } finally {
      release();
      await reactors.stop();
      await stream.stop();
    }
  });
});
