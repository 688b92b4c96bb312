import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../src/app/config';

// No Docker engine runs where the tests run, so the image and compose file are linted instead of built:
// the structure a reviewer would check, and every path the Dockerfile copies must exist.
const ROOT = join(__dirname, '..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions, with line continuations joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\S+)\s+(.*)$/.exec(l)!;
      return { op: m[1].toUpperCase(), args: m[2].trim() };
    });
}

const dockerfile = instructions(read('Dockerfile'));
const stages = dockerfile.filter((i) => i.op === 'FROM').map((i) => /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(i.args)!);
const lastStage = dockerfile.slice(dockerfile.map((i) => i.op).lastIndexOf('FROM'));

test('the Dockerfile is multi-stage on Node 24: a named build stage, and a runtime stage', () => {
  expect(stages.length).toBeGreaterThanOrEqual(2);
  for (const [, image, name] of stages) {
    expect(image).toMatch(/^node:24([.-]|$)/);
    expect(name).toBeDefined();
  }
  // The runtime stage installs production dependencies only and takes the build's output.
  const runs = lastStage
    .filter((i) => i.op === 'RUN')
    .map((i) => i.args)
    .join('\n');
  expect(runs).toMatch(/npm (ci|install) [^\n]*--omit=dev/);
  expect(lastStage.some((i) => i.op === 'COPY' && /--from=\S+\s+\/app\/dist\s/.test(i.args))).toBe(true);
});

test('the runtime runs as a non-root user, with a health check on /healthz and the compiled hub as its command', () => {
  const users = lastStage.filter((i) => i.op === 'USER').map((i) => i.args);
  expect(users.length).toBeGreaterThan(0);
  expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  const userAt = lastStage.findIndex((i) => i.op === 'USER');
  const cmdAt = lastStage.findIndex((i) => i.op === 'CMD');
  expect(userAt).toBeLessThan(cmdAt);
  const health = lastStage.find((i) => i.op === 'HEALTHCHECK');
  expect(health?.args).toMatch(/CMD .*\/healthz/);
  expect(health?.args).toMatch(/--interval=\S+/);
  const cmd = JSON.parse(lastStage[cmdAt].args) as string[];
  expect(cmd[0]).toBe('node');
  expect(cmd).toContain('dist/src/app/main.js');
  expect(lastStage.find((i) => i.op === 'EXPOSE')?.args).toBe('4000');
});

test('every path the Dockerfile copies exists: from the context (and not ignored), or from an earlier stage', () => {
  const ignored = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const must of ['node_modules', 'dist', '.git', '.data']) expect(ignored).toContain(must);
  const names = stages.map(([, , name]) => name);
  let current = -1;
  for (const i of dockerfile) {
    if (i.op === 'FROM') current++;
    if (i.op !== 'COPY' && i.op !== 'ADD') continue;
    const words = i.args.split(/\s+/);
    const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
    const paths = words.filter((w) => !w.startsWith('--'));
    const sources = paths.slice(0, -1);
    expect(sources.length).toBeGreaterThan(0);
    if (from) {
      // A stage defined before this one.
      expect(names.slice(0, current)).toContain(from);
      continue;
    }
    for (const src of sources) {
      expect([src, existsSync(join(ROOT, src))]).toEqual([src, true]);
      expect([src, ignored.some((g) => src === g || src.startsWith(`${g}/`))]).toEqual([src, false]);
    }
  }
  // What the runtime copies from the build stage is what `npm run build` makes here.
  expect(existsSync(join(ROOT, 'dist', 'src', 'app', 'main.js'))).toBe(true);
});

test('compose.yaml: PostgreSQL with a health check, the hub waiting for it, its settings valid for the hub', () => {
  const compose = parse(read('compose.yaml')) as {
    services: Record<
      string,
      {
        image?: string;
        build?: unknown;
        environment?: Record<string, string>;
        healthcheck?: { test: string[] | string };
        depends_on?: Record<string, { condition: string }>;
        ports?: string[];
      }
    >;
    volumes?: Record<string, unknown>;
  };
  const { postgres, hub } = compose.services;
  expect(postgres.image).toMatch(/^postgres:\d+/);
  expect(JSON.stringify(postgres.healthcheck?.test)).toContain('pg_isready');
  expect(hub.build).toBe('.');
  expect(hub.depends_on?.postgres.condition).toBe('service_healthy');
  expect(JSON.stringify(hub.healthcheck?.test)).toMatch(/\/(healthz|readyz)/);
  expect(hub.ports).toEqual([expect.stringMatching(/:4000$/)]);

  const env = hub.environment!;
  expect(new URL(env.DATABASE_URL.replace(/\$\{[^}]+\}/g, 'x')).hostname).toBe('postgres');
  // JWT_SECRET comes from the caller's environment and compose refuses to start without it.
  expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?.+\}$/);

  // Interpolated the way compose does (a value given, or the default), the settings pass the hub's own check.
  const interpolate = (v: string, given: Record<string, string>) =>
    v.replace(
      /\$\{(\w+)(?::([-?])([^}]*))?\}/g,
      (_m, name: string, kind?: string, rest?: string) => given[name] ?? (kind === '-' ? (rest ?? '') : ''),
    );
  const given = { JWT_SECRET: 'a-secret-that-is-long-enough-for-hs256-0123456789' };
  const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(String(v), given)]));
  const config = loadConfig({ ...resolved, DATA_DIR: '/data' });
  expect(config.databaseUrl).toBe('postgres://mom:mom@postgres:5432/mom');
  expect(config.jwt.secret).toBe(given.JWT_SECRET);
  for (const volume of ['pgdata', 'hubdata']) expect(compose.volumes).toHaveProperty(volume);
});
