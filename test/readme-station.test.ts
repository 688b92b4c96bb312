import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestHub, type TestHub } from './support/hub';
import { stockConservationViolations } from './support/invariants';
import { forkEm } from '../src/kernel/db/orm';
import { loadDemoFactory } from '../src/app/demo-factory';
import { Role } from '../src/kernel/auth/permissions';

/**
 * The README section "Shop floor: scan codes, labels and the operator station", run as written on the
 * demo factory: its GraphQL blocks in order with the role each names, and its curl lines' URLs with a
 * token of the role named before them.
 */
const SECTION = 'Shop floor: scan codes, labels and the operator station';

function section(): string {
  const whole = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const start = whole.indexOf(`\n## ${SECTION}\n`);
  expect(start).toBeGreaterThan(0);
  return whole.slice(start, whole.indexOf('\n## ', start + 1));
}

function blocks(lang: string): { role: Role; body: string }[] {
  const text = section();
  const out: { role: Role; body: string }[] = [];
  let from = 0;
  for (const m of text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))) {
    const role = [...text.slice(from, m.index).matchAll(/\*\*(\w+)\*\* token/g)].map((r) => r[1]).at(-1);
    if (!role || !(Object.values(Role) as string[]).includes(role)) throw new Error(`a ${lang} block names no role`);
    out.push({ role: role as Role, body: m[1] });
    from = m.index + m[0].length;
  }
  return out;
}

type Json = Record<string, any>;

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  expect(await loadDemoFactory(forkEm(t.hub.orm), t.hub.runtime)).toBe(true);
});
afterAll(() => t?.close());

test('the scan-code examples run as written on the demo factory', async () => {
  const examples = blocks('graphql');
  expect(examples.map((e) => e.role)).toEqual(['operator', 'operator', 'operator']);
  const answers: Json[] = [];
  for (const [i, e] of examples.entries()) {
    const { status, body } = await t.client(e.role).raw({ query: e.body });
    expect({ example: i + 1, errors: body.errors ?? [] }).toEqual({ example: i + 1, errors: [] });
    expect(status).toBe(200);
    answers.push(body.data!);
  }
  expect(answers[0].scanCode).toEqual([
    { kind: 'operation', label: 'WO-000001/10' },
    { kind: 'workOrder', label: 'WO-000001' },
  ]);
  expect(answers[1].bolts.stockMove).toEqual({ qty: '40', item: { sku: 'BOLT-M8' }, toLocation: { code: 'LINE-1' } });
  expect(answers[1].steel.stockMove).toEqual({ qty: '12', item: { sku: 'STEEL-BAR-40' }, lot: { code: 'L-2026-0042' } });
  expect(answers[2].issueMaterial).toEqual({ stockMove: { qty: '40', reason: 'ISSUE' }, workOrder: { code: 'WO-000001' } });
  expect(answers[2].recordExecutionEvent.operation).toEqual({ sequence: 10, state: 'RUNNING' });
  expect(await stockConservationViolations(t.em())).toEqual([]);
});

test('the label URLs of the curl examples answer a label and a traveller', async () => {
  const [curl] = blocks('sh');
  expect(curl.role).toBe('planner');
  const urls = [...curl.body.matchAll(/"(http:\/\/localhost:4000[^"]+)"/g)].map((m) => m[1]);
  expect(urls).toHaveLength(2);
  const base = t.hub.url.replace(/\/graphql$/, '');
  const answers = await Promise.all(
    urls.map((u) => fetch(u.replace('http://localhost:4000', base), { headers: { authorization: `Bearer ${t.token(curl.role)}` } })),
  );
  expect(answers.map((a) => [a.status, a.headers.get('content-type')?.split(';')[0]])).toEqual([
    [200, 'text/html'],
    [200, 'image/svg+xml'],
  ]);
  const sheet = await answers[0].text();
  // The traveller: the work order and its two operations.
  expect(sheet.match(/<figure class="label">/g)).toHaveLength(3);
  expect(sheet).toContain('WO-000001/20');
});
