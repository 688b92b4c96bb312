import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, TEST_SECRET } from './support/hub';
import { createTestDatabase, type TestDatabase } from './support/database';
import { HttpClient } from './support/client';
import { eventually } from './support/receiver';
import { DIST_MAIN, runNode, stop, waitForOutput } from './support/process';
import { seedTrytonFactory, trytonAvailable } from './support/tryton-server';
import { TrytonError, TrytonRpc } from '../adapters/tryton/tryton-rpc';
import { loadIntegrationConfig } from '../src/orchestration/integration/integration-config';
import { signToken } from '../src/kernel/auth/tokens';
import { Role } from '../src/kernel/auth/permissions';

const ROOT = join(__dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Block {
  lang: string;
  body: string;
  /** The role named last before it ("with an **admin** token"). */
  role?: Role;
}

/** The fenced blocks of "Connecting Tryton, step by step", in order. */
function guideBlocks(): Block[] {
  const start = README.indexOf('### Connecting Tryton, step by step');
  if (start < 0) throw new Error('the README has no Tryton guide');
  const guide = README.slice(start, README.indexOf('\n## ', start));
  const blocks: Block[] = [];
  let role: Role | undefined;
  let from = 0;
  for (const m of guide.matchAll(/```(\w+)\n([\s\S]*?)```/g)) {
    const named = [...guide.slice(from, m.index).matchAll(/\*\*(\w+)\*\* token/g)].map((r) => r[1] as Role);
    role = named.at(-1) ?? role;
    blocks.push({ lang: m[1], body: m[2], role });
    from = m.index + m[0].length;
  }
  return blocks;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// A step may install Tryton's modules (about a minute on a quiet machine, several under load).
const bash = (script: string, env: NodeJS.ProcessEnv) => {
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { env, encoding: 'utf8', timeout: 600000 });
  if (r.status !== 0) throw new Error(`README step failed (${r.status}):\n${script}\n${r.stdout}\n${r.stderr}`);
};

test('the example config starts as shipped, and with only the Tryton entry enabled as the guide says', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-example-'));
  try {
    const shipped = join(ROOT, 'hub.config.example.json');
    const asShipped = await startTestHub({ integration: loadIntegrationConfig(shipped) });
    await asShipped.close();
    const example = JSON.parse(readFileSync(shipped, 'utf8')) as { adapters: { name: string; enabled: boolean }[] };
    example.adapters.find((a) => a.name === 'tryton')!.enabled = true;
    const path = join(dir, 'hub.config.json');
    writeFileSync(path, JSON.stringify(example));
    process.env.TRYTON_PASSWORD = 'not-used-until-the-first-call';
    const withTryton = await startTestHub({ integration: loadIntegrationConfig(path) });
    try {
      expect([...withTryton.hub.adapters.keys()]).toEqual(['tryton']);
    } finally {
      await withTryton.close();
    }
  } finally {
    delete process.env.TRYTON_PASSWORD;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the guide installs what CI installs', () => {
  const [install] = guideBlocks();
  const packages = (text: string) => new Set(text.match(/tryton-(server|modules-[a-z-]+)/g));
  expect(packages(install.body)).toEqual(packages(readFileSync(join(ROOT, '.ci', 'install-tryton.sh'), 'utf8')));
});

const suite = trytonAvailable() ? describe : describe.skip;

/**
 * The README's Tryton guide, run as written: its shell steps in bash (with a folder, port and password of
 * this test's own), step 4 — what a plant's Tryton already holds — by the test factory over JSON-RPC, the
 * config as the guide shows it, the hub as its own process, then every GraphQL block with the role it
 * names, each `"…"` filled from the answers before it.
 */
suite('the README Tryton guide, step by step', () => {
  const dir = mkdtempSync(join(tmpdir(), 'readme-tryton-'));
  const children: ChildProcess[] = [];
  let db: TestDatabase;

  afterAll(async () => {
    for (const c of children) await stop(c);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('install, database, config, pull, set-up mutations, deliveries', async () => {
    const blocks = guideBlocks();
    const sh = blocks.filter((b) => b.lang === 'sh');
    const [, createDb, startTrytond, startHub] = sh;
    expect(startTrytond.body).toMatch(/^trytond -c/);
    expect(startHub.body).toMatch(/npm start/);
    const port = await freePort();
    const password = 'readme-guide-password';
    const env = { ...process.env, TRYTON_DIR: join(dir, 'tryton'), TRYTON_PORT: String(port), TRYTON_PASSWORD: password };

    // 2. database and modules; 3. trytond, left running.
    bash(createDb.body, env);
    const trytond = spawn('bash', ['-c', `exec ${startTrytond.body.trim()}`], { env, stdio: 'ignore' });
    children.push(trytond);
    const rpc = new TrytonRpc({ url: `http://127.0.0.1:${port}`, database: 'erp', timeoutMs: 60000 });
    await eventually(
      () =>
        rpc.login('admin', password).then(
          () => true,
          (e) => {
            if (!(e instanceof TrytonError && e.kind === 'Network')) throw e;
            return false;
          },
        ),
      (ok) => ok,
      60000,
    );

    // 4. What any Tryton holds: company, chart, fiscal year, products with codes, a BOM, a confirmed sale;
    // 5. three accounts given the codes the guide maps by code.
    const seed = await seedTrytonFactory(rpc);
    await rpc.write('account.account', [seed.accounts.cash], { code: '1400' });
    await rpc.write('account.account', [seed.accounts.expense], { code: '1410' });
    await rpc.write('account.account', [seed.accounts.revenue], { code: '2100' });

    // 6. The config exactly as shown, but for the port and the account id (the guide's 42).
    const json = blocks.find((b) => b.lang === 'json')!.body;
    const config = join(dir, 'hub.config.json');
    writeFileSync(config, json.replace('127.0.0.1:8000', `127.0.0.1:${port}`).replace(/: 42\b/, `: ${seed.accounts.expense}`));
    db = await createTestDatabase();
    const hub = runNode(DIST_MAIN, [], {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: db.dataDir,
      DATABASE_URL: db.databaseUrl,
      JWT_SECRET: TEST_SECRET,
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      HUB_CONFIG: config,
      TRYTON_PASSWORD: password,
    });
    children.push(hub);
    const [, url] = await waitForOutput(hub, /running at (http:\/\/\S+\/graphql)/);
    const client = (role: Role) =>
      new HttpClient(url, signToken({ secret: TEST_SECRET, issuer: 'mom-hub', audience: 'mom-hub' }, { subject: 'readme', role }));

    // 7.–9. Every GraphQL block, in order.
    const answers: Record<string, any>[] = [];
    const itemsOf = () => answers.find((a) => a.items)?.items.edges.map((e: { node: Record<string, string> }) => e.node) ?? [];
    const locationId = () => answers.find((a) => a.createLocation?.location.code === 'STOCK')?.createLocation.location.id;
    for (const block of blocks.filter((b) => b.lang === 'graphql')) {
      if (!block.role) throw new Error(`no role named before:\n${block.body}`);
      const values: Record<string, string | undefined> = {
        workCenterId: answers.find((a) => a.createWorkCenter)?.createWorkCenter.workCenter.id,
        itemId: block.body.includes('createRouting')
          ? itemsOf().find((i: { type: string }) => i.type === 'FINISHED')?.id
          : itemsOf().find((i: { type: string }) => i.type === 'RAW')?.id,
        locationId: locationId(),
      };
      const query = block.body.replace(/(\w+): "…"/g, (_all, name: string) => {
        if (!values[name]) throw new Error(`nothing fills ${name}: "…" in\n${block.body}`);
        return `${name}: ${JSON.stringify(values[name])}`;
      });
      const { body } = await client(block.role).raw({ query });
      expect(body.errors ?? []).toEqual([]);
      answers.push(body.data as Record<string, any>);
    }

    const run = answers.find((a) => a.runSync)!.runSync;
    expect(run).toMatchObject({ status: 'SUCCEEDED', trigger: 'MANUAL', failed: 0, errors: [] });
    expect(run.imported).toBeGreaterThanOrEqual(4); // two items, a BOM, a sale
    expect(
      itemsOf()
        .map((i: { sku: string; unit: string }) => [i.sku, i.unit])
        .sort(),
    ).toEqual([
      ['COMP-1', 'u'],
      ['FG-1', 'u'],
    ]);
    // The opening stock's journal entry reaches Tryton through the accounts mapped by code.
    const last = blocks.filter((b) => b.lang === 'graphql').at(-1)!;
    const watched = await eventually(
      () =>
        client(last.role!)
          .raw({ query: last.body })
          .then((r) => r.body.data as Record<string, any>),
      (d) => d.deliveries.edges.length === 1 && d.deliveries.edges[0].node.state === 'DELIVERED',
      60000,
    );
    expect(watched.adapterHealth).toEqual([expect.objectContaining({ adapter: 'tryton', state: 'UP', backlog: 0, dead: 0 })]);
    const posted = await rpc.searchRead<{ state: string }>('account.move', [['description', 'like', 'JE-%']], ['state']);
    expect(posted).toEqual([expect.objectContaining({ state: 'posted' })]);
  }, 1_200_000);
});
