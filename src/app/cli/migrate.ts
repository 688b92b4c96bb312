import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../../kernel/db/orm';
import { hubEntities } from '../modules';

/** `npm run migrate`: applies pending migrations to the configured database and exits. */
async function main() {
  const config = loadConfig();
  const orm = await openDatabase({ ...config, entities: hubEntities }, { migrate: false });
  try {
    const done = await orm.migrator.up();
    console.log(done.length ? `Applied ${done.map((m) => m.name).join(', ')}` : 'Database is up to date.');
  } finally {
    await orm.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
