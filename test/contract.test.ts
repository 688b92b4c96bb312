import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { renderSchema, SCHEMA_FILE } from '../src/app/cli/print-schema';
import { loadIntegrationConfig } from '../src/orchestration/integration/integration-config';
import { hubSchema } from '../src/app/schema';
import { parse, validate } from 'graphql';
import axios from 'axios';
import pino from 'pino';
import type { AdapterFactory } from '../src/contract/adapter';
import { openDatabase } from '../src/kernel/db/orm';
import { hubEntities } from '../src/app/modules';

const root = join(__dirname, '..');

test('schema/schema.graphql is what the code generates (run `npm run schema`)', async () => {
  expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await renderSchema());
});

test('the typed documents are generated from the committed schema (run `npm run codegen`)', async () => {
  const { generate, loadCodegenConfig } = await import('@graphql-codegen/cli');
  const { config } = await loadCodegenConfig({ configFilePath: join(root, 'codegen.yml') });
  const outputs = (await generate({ ...config, cwd: root, silent: true }, false)) as { filename: string; content: string }[];
  expect(outputs.length).toBeGreaterThan(0);
  for (const out of outputs) {
    expect(readFileSync(join(root, out.filename), 'utf8')).toBe(out.content);
  }
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('the core never imports an adapter, the portal or a test', () => {
  const offenders = sources(join(root, 'src')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)]
      .map((m) => m[1])
      .filter((spec) => /(^|\/)(adapters|portal|test)(\/|$)/.test(spec))
      .map((spec) => `${relative(root, file)} imports ${spec}`),
  );
  expect(offenders).toEqual([]);
});

test('the example HUB_CONFIG in the README is valid', () => {
  const config = loadIntegrationConfig(join(root, 'hub.config.example.json'));
  expect(config.adapters.map((a) => [a.name, a.module])).toEqual([
    ['finance', 'webhook'],
    ['tryton', 'tryton'],
    ['odoo', 'odoo'],
    ['kingdee', 'kingdee'],
  ]);
  // Each example entry makes its adapter once the variables it names are set (disabled ones too).
  for (const entry of config.adapters) {
    const env = Object.fromEntries(
      Object.entries(entry.options)
        .filter(([k, v]) => k.endsWith('Env') && typeof v === 'string')
        .map(([, v]) => [v as string, 'a-secret-long-enough-for-any-adapter-0123456789']),
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- adapters are loaded by folder name, as the hub loads them
    const { createAdapter } = require(join(root, 'adapters', entry.module)) as { createAdapter: AdapterFactory };
    const adapter = createAdapter({
      name: entry.name,
      options: entry.options,
      env,
      log: pino({ level: 'silent' }),
      http: axios.create(),
      now: () => new Date(),
    });
    expect(adapter.name).toBe(entry.name);
  }
});

test('every GraphQL example in the README is valid against the schema', async () => {
  const schema = await hubSchema();
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) =>
    m[1].replace(/"…"/g, '"00000000-0000-4000-8000-000000000000"'),
  );
  expect(examples.length).toBeGreaterThanOrEqual(5);
  for (const example of examples) expect(validate(schema, parse(example)).map((e) => e.message)).toEqual([]);
});

test('the migrations build what the entities describe (a change of entities needs `npm run migration:create`)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mom-hub-migrations-'));
  const orm = await openDatabase({ dataDir, entities: hubEntities });
  try {
    // What `npm run migration:create` would write: nothing, or a migration is missing (or hand-written SQL is not
    // declared on the entities and the next generated migration would undo it).
    expect((await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
  } finally {
    await orm.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
