import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestHub, type TestHub } from './support/hub';
import { forkEm } from '../src/kernel/db/orm';
import { loadDemoFactory } from '../src/app/demo-factory';
import { Role } from '../src/kernel/auth/permissions';
import { PlansDocument } from './generated/graphql';

/**
 * The README's Scheduling section, run as written on the demo factory (what `npm start` loads): every
 * ```graphql block in order, with the role named before it, each `"…"` filled the way a reader would —
 * from the earlier answers, or by looking the demo's valve and CNC cell up.
 */
type Json = Record<string, any>;

function examples(): { role: Role; query: string }[] {
  const whole = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const start = whole.indexOf('\n## Scheduling\n');
  const section = whole.slice(start, whole.indexOf('\n## ', start + 1));
  const out: { role: Role; query: string }[] = [];
  let from = 0;
  for (const m of section.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const role = [...section.slice(0, m.index).matchAll(/\*\*(\w+)\*\* token/g)].map((r) => r[1]).at(-1) as Role;
    out.push({ role, query: m[1] });
    from = m.index + m[0].length;
  }
  expect(from).toBeGreaterThan(0);
  return out;
}

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  expect(await loadDemoFactory(forkEm(t.hub.orm), t.hub.runtime)).toBe(true);
});
afterAll(() => t?.close());

test('the Scheduling examples run as written: plan, explain, publish, simulate a rush order, a breakdown re-plans', async () => {
  const list = examples();
  expect(list.map((e) => e.role)).toEqual(['planner', 'planner', 'planner', 'planner', 'operator']);
  const [valve] = await t.em().execute<{ id: string }[]>(`select id from item where sku = 'HV-200'`);
  const [cnc] = await t.em().execute<{ id: string }[]>(`select id from work_center where code = 'CNC-1'`);
  const answers: Json[] = [];
  const fillers: ((a: Json[]) => Record<string, string>)[] = [
    () => ({}),
    (a) => ({ id: a[0].replan.plan.id }),
    (a) => ({ planId: a[0].replan.plan.id }),
    () => ({ itemId: valve.id }),
    () => ({ workCenterId: cnc.id }),
  ];
  for (const [n, example] of list.entries()) {
    const values = fillers[n](answers);
    const query = example.query.replace(/(\w+): "…"/g, (_all, name: string) => `${name}: ${JSON.stringify(values[name])}`);
    const { status, body } = await t.client(example.role).raw({ query });
    expect({ example: n + 1, errors: body.errors ?? [] }).toEqual({ example: n + 1, errors: [] });
    expect(status).toBe(200);
    answers.push(body.data!);
  }
  const [made, read, published, rush, down] = answers;
  expect(made.replan.plan).toMatchObject({ version: 1, state: 'DRAFT' });
  // The demo's orders are all there, each on time or late with its reasons.
  expect(read.plan.orders.length).toBe(made.replan.plan.orderCount);
  expect(read.plan.orders.every((o: Json) => o.onTime === (o.lateMinutes === 0))).toBe(true);
  expect(read.plan.load.map((l: Json) => l.code)).toEqual(expect.arrayContaining(['CNC-1', 'ASM-1', 'TEST-1']));
  expect(published.publishPlan.plan.state).toBe('PUBLISHED');
  expect(rush.whatIf.lateOrderCount).toBeGreaterThanOrEqual(0);
  expect(down.setWorkCenterState.workCenter).toEqual({ code: 'CNC-1', state: 'DOWN' });
  // The breakdown re-plans by itself: a new draft, based on the published plan, names what happened.
  const planner = t.client('planner');
  const end = Date.now() + 30_000;
  let head: Json | undefined;
  while (Date.now() < end) {
    head = (await planner.ok(PlansDocument, { first: 1 })).plans.edges[0]?.node;
    if (head && /WorkCenterStateChanged CNC-1 → DOWN/.test(head.trigger)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(head).toMatchObject({ state: 'DRAFT', basedOnVersion: 1, trigger: expect.stringMatching(/WorkCenterStateChanged CNC-1 → DOWN/) });
});
