import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { DataloaderType, MikroORM, type EntityClass, type Options } from '@mikro-orm/core';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { PgliteDriver } from '@mikro-orm/pglite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/sql';
import { projectPath } from '../common/paths';
import { migrationsList } from '../../../migrations';

export type Orm = MikroORM;

/** A fresh EntityManager for one unit of work (a request, a job run, a subscription read). */
export const forkEm = (orm: Orm): EntityManager => orm.em.fork() as unknown as EntityManager;
export type EntityManager = SqlEntityManager;

export interface DatabaseSettings {
  /** Every entity of the hub: the kernel's and each module's (the app assembles the list). */
  entities: readonly EntityClass<unknown>[];
  databaseUrl?: string;
  dataDir: string;
  debug?: boolean;
}

/** The folder migrations live in, for `npm run migration:create`. */
export const MIGRATIONS_DIR = projectPath('migrations');

/**
 * One ORM configuration for both databases: PGlite (embedded, a folder under DATA_DIR) by default and
 * PostgreSQL when DATABASE_URL is set. Same entities, same migrations, same SQL.
 */
export function ormOptions(db: DatabaseSettings): Partial<Options> {
  const common: Partial<Options> = {
    entities: [...db.entities],
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    // Batches Reference.load() and Collection.load() within a tick, so nested GraphQL fields are no N+1.
    dataloader: DataloaderType.ALL,
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: db.debug ?? false,
    // The event log's position functions and their clock table are written by hand in a migration
    // (docs/event-log-order.md): the schema diff behind `npm run migration:create` must leave them alone.
    schemaGenerator: { ignoreRoutines: true, skipTables: ['event_clock'] },
    migrations: {
      migrationsList,
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      emit: 'ts',
      silent: true,
    },
  };
  if (db.databaseUrl) {
    return { ...common, driver: PostgreSqlDriver, clientUrl: db.databaseUrl, pool: { min: 0, max: 10 } };
  }
  const pgliteDir = join(db.dataDir, 'pglite');
  mkdirSync(pgliteDir, { recursive: true });
  return { ...common, driver: PgliteDriver, dbName: pgliteDir };
}

export async function openDatabase(db: DatabaseSettings, opts: { migrate?: boolean; log?: (message: string) => void } = {}): Promise<Orm> {
  const orm = await MikroORM.init(ormOptions(db));
  if (opts.migrate ?? true) {
    const applied = await orm.migrator.up();
    if (applied.length) opts.log?.(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
  }
  return orm;
}
