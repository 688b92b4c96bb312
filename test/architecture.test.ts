import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startHub } from '../src/app/server';
import { integrationSchema } from '../src/orchestration/integration/integration-config';
import { createTestDatabase } from './support/database';
import { testConfig } from './support/hub';
import { RecordingPartner } from './support/fixture-adapter';

/**
 * The house rules of .dependency-cruiser.cjs, kept by the test run: layers point down (kernel →
 * modules → orchestration → app), modules do not import each other in a loop, adapters see only
 * src/contract. The rules are also run against a small tree that breaks each one, so a rule that
 * could never fire would fail here too.
 */
const root = join(__dirname, '..');
const CONFIG = join(root, '.dependency-cruiser.cjs');
const DEPCRUISE = join(root, 'node_modules', '.bin', 'depcruise');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

function cruise(cwd: string, paths: string[]): Violation[] {
  let out: string;
  try {
    out = execFileSync(DEPCRUISE, [...paths, '--config', CONFIG, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (e) {
    // depcruise exits non-zero when it finds errors; its report is still on stdout.
    out = (e as { stdout?: string }).stdout ?? '';
    if (!out) throw e;
  }
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

const describeViolation = (v: Violation) =>
  `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (loop: ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`;

test('the hub keeps its layers, its modules stay out of loops, adapters see only the contract', () => {
  const violations = cruise(root, ['src', 'adapters']);
  expect(violations.map(describeViolation)).toEqual([]);
}, 120_000);

describe('each rule fires on a tree that breaks it', () => {
  let dir: string;
  let violations: Violation[];

  const file = (path: string, body: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), body);
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mom-hub-layers-'));
    file('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true } }));
    file('src/kernel/db/orm.ts', "import { Item } from '../../modules/catalog/item';\nexport const orm = Item;\n");
    file('src/contract/adapter.ts', "import { orm } from '../kernel/db/orm';\nexport const contract = orm;\n");
    file('src/modules/catalog/item.ts', 'export const Item = 1;\n');
    file('src/modules/sales/order.ts', "import { WorkOrder } from '../production/work-order';\nexport const Order = WorkOrder;\n");
    file('src/modules/production/work-order.ts', "import { lineOf } from '../sales/line';\nexport const WorkOrder = lineOf;\n");
    file('src/modules/sales/line.ts', 'export const lineOf = 2;\n');
    file('src/modules/production/reports.ts', "import { sync } from '../../orchestration/sync';\nexport const reports = sync;\n");
    file('src/orchestration/sync.ts', "import { server } from '../app/server';\nexport const sync = server;\n");
    file('src/app/server.ts', 'export const server = 3;\n');
    file(
      'adapters/erp/index.ts',
      "import { Item } from '../../src/modules/catalog/item';\nimport { other } from '../other/index';\nexport const erp = [Item, other];\n",
    );
    file('adapters/other/index.ts', 'export const other = 4;\n');
    file('src/app/wired.ts', "import { erp } from '../../adapters/erp/index';\nexport const wired = erp;\n");
    violations = cruise(dir, ['src', 'adapters']);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['kernel-is-the-bottom', 'src/kernel/db/orm.ts'],
    ['contract-stands-alone', 'src/contract/adapter.ts'],
    ['modules-below-orchestration', 'src/modules/production/reports.ts'],
    ['orchestration-below-app', 'src/orchestration/sync.ts'],
    ['no-loops-between-modules', 'src/modules/'],
    ['no-loops-between-folders', 'src/modules/'],
    ['adapters-see-only-the-contract', 'adapters/erp/index.ts'],
    ['adapters-stand-apart', 'adapters/erp/index.ts'],
    ['the-hub-never-imports-an-adapter', 'src/app/wired.ts'],
  ])('%s', (rule, from) => {
    const hits = violations.filter((v) => v.rule.name === rule);
    expect(hits.map(describeViolation).join('\n')).toContain(from);
  });
});

test('an adapter asking for an event type no module writes stops start-up, naming it', async () => {
  const db = await createTestDatabase();
  try {
    const partner = new RecordingPartner();
    const integration = integrationSchema.parse({ adapters: [{ name: 'erp', module: 'recording-erp' }] });
    await expect(
      startHub(testConfig(db), {
        integration,
        adapterFactories: { 'recording-erp': partner.factory(['WorkOrderCompleted', 'WorkOrderFinished']) },
      }),
    ).rejects.toThrow(/adapter erp asks for WorkOrderFinished, which no module writes/);
  } finally {
    await db.drop();
  }
});
