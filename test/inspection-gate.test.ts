import { hubWithFactory } from './support/suite';
import { receive, uniq } from './support/factory';
import { eventually } from './support/receiver';
import { startReactors } from '../src/app/reactors';
import { ExclusiveLocks } from '../src/kernel/db/exclusive-lock';
import { EventStream } from '../src/kernel/events/event-stream';
import { PgliteNotifier, PgNotifier } from '../src/kernel/events/notifier';
import type { LoggedEvent } from '../src/kernel/events/event-types';
import type { HubServices } from '../src/kernel/module';
import { qualityModule } from '../src/modules/quality/quality.module';
import { CreateInspectionPlanDocument, InspectionTasksDocument } from './generated/graphql';

/**
 * Receipts of items no plan inspects must not wake the inspection feed: each wake-up cost a lock, a
 * transaction, a second read of the log and a plan lookup — P3 went from 7 to 11.8 statements per
 * receipt (issue 8). The quality reactor runs here beside the hub's own, its batches recorded.
 */
describe('the inspection feed is woken only by what a plan may inspect', () => {
  const s = hubWithFactory();

  test('a receipt of an item without a plan never reaches the feed; one with a plan does, and becomes a task', async () => {
    const { t, f } = s;
    const url = t.config.databaseUrl;
    const stream = new EventStream(t.hub.orm, url ? new PgNotifier(url, t.hub.log) : new PgliteNotifier(t.hub.orm), t.hub.log);
    await stream.start();
    const [reactor] = qualityModule.reactors!({ orm: t.hub.orm, runtime: t.hub.runtime, log: t.hub.log } as HubServices);
    const batches: LoggedEvent[][] = [];
    const recorded = {
      ...reactor,
      handle: (ctx: Parameters<typeof reactor.handle>[0], events: readonly LoggedEvent[]) => {
        batches.push([...events]);
        return reactor.handle(ctx, events);
      },
    };
    const reactors = startReactors([recorded], stream, { orm: t.hub.orm, runtime: t.hub.runtime, log: t.hub.log }, new ExclusiveLocks(url));
    const handed = () => batches.flat();
    try {
      const plan = (
        await t.client('quality').ok(CreateInspectionPlanDocument, {
          input: {
            name: 'Resin incoming',
            point: 'RECEIPT',
            itemId: f.resin.id,
            sampling: 'EVERY_UNIT',
            characteristics: [{ name: 'Viscosity', kind: 'NUMERIC', lowerLimit: '100', upperLimit: '200', unit: 'mPa·s' }],
          },
        })
      ).createInspectionPlan.plan;
      // The plan wakes the feed, which first reads which items have plans.
      await eventually(
        async () => handed().some((e) => e.aggregateId === plan.id),
        (seen) => seen,
      );

      const unplanned = await receive(t.client('planner'), f, f.plate.id, '3');
      const planned = await receive(t.client('planner'), f, f.resin.id, '2', uniq('LOT'));
      // Log order: the plate's receipt comes first, so once the resin's is handed the plate's would have been.
      await eventually(
        async () => handed().some((e) => e.data.moveId === planned.id),
        (seen) => seen,
      );
      const moves = handed().filter((e) => e.type === 'StockMoved');
      expect(moves.map((e) => e.data.moveId)).toEqual([planned.id]);
      expect(moves.map((e) => e.data.moveId)).not.toContain(unplanned.id);

      // The feed still makes the plan's task (EVERY_UNIT: a sample of 2), and none for the plate.
      const tasks = await eventually(
        async () =>
          (await t.client('quality').ok(InspectionTasksDocument, { filter: { states: ['OPEN'] } })).inspectionTasks.edges.map(
            (e) => e.node,
          ),
        (found) => found.some((task) => task.planName === 'Resin incoming'),
      );
      expect(tasks.map((task) => [task.planName, task.qty, task.sampleSize])).toEqual([['Resin incoming', '2', 2]]);
    } finally {
      await reactors.stop();
      await stream.stop();
    }
  });
});
