import 'reflect-metadata';
import { loadConfig, type HubConfig } from '../../src/app/config';
import { startHub, type Hub, type HubOptions } from '../../src/app/server';
import { signToken } from '../../src/kernel/auth/tokens';
import { Role } from '../../src/kernel/auth/permissions';
import { forkEm, type EntityManager } from '../../src/kernel/db/orm';
import { createTestDatabase, type TestDatabase } from './database';
import { HttpClient, wsClient } from './client';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface TestHub {
  hub: Hub;
  config: HubConfig;
  db: TestDatabase;
  token(role: Role | `${Role}`, partnerId?: string, expiresIn?: number | '1h'): string;
  client(role?: Role | `${Role}`, partnerId?: string): HttpClient;
  anonymous(): HttpClient;
  ws(role?: Role | `${Role}`, partnerId?: string): ReturnType<typeof wsClient>;
  em(): EntityManager;
  close(): Promise<void>;
}

export function testConfig(db: TestDatabase, extra: Record<string, string> = {}): HubConfig {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: db.dataDir,
    JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_DATA: 'false',
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    ...extra,
  });
}

/** A real hub on a random port over a database of this test file's own (PGlite, or PostgreSQL in CI). */
export async function startTestHub(options: HubOptions = {}, db?: TestDatabase, env: Record<string, string> = {}): Promise<TestHub> {
  db ??= await createTestDatabase();
  const config = testConfig(db, env);
  const hub = await startHub(config, options);
  const sockets: ReturnType<typeof wsClient>[] = [];
  const token = (role: Role | `${Role}`, partnerId?: string, expiresIn: number | '1h' = '1h') =>
    signToken(config.jwt, { subject: `test-${role}`, role: role as Role, partnerId }, expiresIn);
  // `hub` may be replaced by a test that restarts it; everything below reads the current one.
  const th: TestHub = {
    hub,
    config,
    db,
    token,
    client: (role = Role.admin, partnerId) => new HttpClient(th.hub.url, token(role, partnerId)),
    anonymous: () => new HttpClient(th.hub.url),
    ws: (role = Role.admin, partnerId) => {
      const c = wsClient(th.hub.wsUrl, token(role, partnerId));
      sockets.push(c);
      return c;
    },
    em: () => forkEm(th.hub.orm),
    async close() {
      await Promise.all(sockets.map(async (s) => s.dispose()));
      await th.hub.stop();
      await db.drop();
    },
  };
  return th;
}
