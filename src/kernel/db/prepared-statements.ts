import { createHash } from 'node:crypto';
import { PostgreSqlConnection } from '@mikro-orm/postgresql';
import { PgliteConnection } from '@mikro-orm/pglite';
import { CompiledQuery, type Kysely } from 'kysely';
import type { EntityManager } from './orm';

/**
 * Distinct statements kept prepared. Each is prepared once per pooled connection and stays prepared on
 * it (PostgreSQL keeps its plan for the session), so only a few hot shapes are worth it; the rest are sent
 * as the ORM sends them.
 */
const PREPARED_SHAPES = 64;
const prepared = new Map<string, Prepared>();

/**
 * Runs one statement with `?` parameters as a prepared statement where the database keeps one: the server
 * parses and plans it once per connection instead of for every call. Measured on the commit statement of
 * a receipt (issue 8's P3): on PostgreSQL the server's CPU per receipt fell by a third; on PGlite, whose
 * single session runs in the hub's own process, a receipt took about a third less CPU in all.
 *
 * - PostgreSQL, outside a transaction: straight to the ORM's pool as a named statement of the extended
 *   protocol, and the hub does not write the parameters into the text. In a transaction the ORM holds the
 *   connection and runs the statement as it always does.
 * - PGlite: its one session keeps an SQL `PREPARE`d statement for as long as the database is open (a
 *   rollback does not undo a `PREPARE`), so the ORM runs `EXECUTE name(…)`, in or out of a transaction.
 *
 * Either way the ORM's query log shows the statement and its errors are the ORM's (a unique key broken is
 * UniqueConstraintViolationException). At most PREPARED_SHAPES shapes are kept; the rest run as the ORM runs them.
 *
 * For statements written by hand whose `?` are all parameters (none inside a quoted literal), whose
 * parameters are strings, numbers, booleans, null or dates, and whose result names its columns (a
 * prepared `select *` fails once a column is added: "cached plan must not change result type").
 */
export async function executeStatement<T>(em: EntityManager, sql: string, values: readonly unknown[]): Promise<T[]> {
  const connection = em.getConnection();
  const statement = preparedFor(sql);
  if (statement?.parameters === values.length) {
    if (connection instanceof PgliteConnection) return executeOnPglite<T>(em, connection, statement, values);
    if (connection instanceof PostgreSqlConnection && !em.isInTransaction()) return executeOnPool<T>(em, connection, statement, values);
  }
  return em.execute<T[]>(sql, [...values]);
}

/** `sql` as the caller wrote it (and the query log shows it); `text` with `?` numbered as PostgreSQL numbers parameters. */
type Prepared = { sql: string; name: string; text: string; parameters: number };

async function executeOnPool<T>(
  em: EntityManager,
  connection: PostgreSqlConnection,
  statement: Prepared,
  values: readonly unknown[],
): Promise<T[]> {
  const pool = await connection.getNativeClient();
  return logged(
    em,
    statement.sql,
    values,
    async () => (await pool.query({ name: statement.name, text: statement.text, values: [...values] })).rows as T[],
  );
}

/** A statement's PREPARE in one PGlite database: under way, or done. */
interface Preparation {
  done: boolean;
  promise: Promise<void>;
}

/** The statements prepared (or being prepared) in each open PGlite database (a database opened again starts with none). */
const preparedOnPglite = new WeakMap<object, Map<string, Preparation>>();

async function executeOnPglite<T>(
  em: EntityManager,
  connection: PgliteConnection,
  statement: Prepared,
  values: readonly unknown[],
): Promise<T[]> {
  const database = await connection.getNativeClient();
  // The transaction's connection when there is one (PGlite has one session either way, but the ORM's lock on it is the transaction's).
  const runner = em.getTransactionContext<Kysely<unknown>>() ?? connection.getClient<unknown>();
  const run = async (sql: string) => (await runner.executeQuery<T>(CompiledQuery.raw(sql))).rows;
  const asWritten = () => run(em.getPlatform().formatQuery(statement.sql, [...values]));
  return logged(em, statement.sql, values, async () => {
    let preparations = preparedOnPglite.get(database);
    if (!preparations) preparedOnPglite.set(database, (preparations = new Map<string, Preparation>()));
    const underWay = preparations.get(statement.name);
    if (!underWay) {
      const preparation: Preparation = { done: false, promise: Promise.resolve() };
      preparation.promise = run(`prepare ${statement.name} as ${statement.text}`).then(
        () => void (preparation.done = true),
        (err: unknown) => {
          preparations.delete(statement.name);
          throw err;
        },
      );
      preparations.set(statement.name, preparation);
      await preparation.promise;
    } else if (!underWay.done) {
      // Another caller's PREPARE is waiting for the connection. In a transaction we hold it, so waiting
      // would never end; and if it fails there is nothing to execute: either way this once the statement
      // goes as written.
      if (em.isInTransaction()) return asWritten();
      const prepared = await underWay.promise.then(
        () => true,
        () => false,
      );
      if (!prepared) return asWritten();
    }
    const args = values.length ? `(${values.map(() => '?').join(', ')})` : '';
    return run(em.getPlatform().formatQuery(`execute ${statement.name}${args}`, [...values]));
  });
}

/** Runs `send` logged as the ORM logs a query of `sql`, its failure converted as the ORM converts it. */
async function logged<T>(em: EntityManager, sql: string, params: readonly unknown[], send: () => Promise<T[]>): Promise<T[]> {
  const logger = em.config.getLogger();
  const started = Date.now();
  try {
    const rows = await send();
    logger.logQuery({ level: 'info', query: sql, params: [...params], took: Date.now() - started, results: rows.length });
    return rows;
  } catch (e) {
    logger.logQuery({ level: 'error', query: sql, params: [...params], took: Date.now() - started });
    throw em.getDriver().convertException(e as Error);
  }
}

/** The statement as prepared, or none once PREPARED_SHAPES are kept. */
function preparedFor(sql: string): Prepared | undefined {
  let statement = prepared.get(sql);
  if (statement === undefined && prepared.size < PREPARED_SHAPES) {
    let parameters = 0;
    const text = sql.replace(/\?/g, () => `$${++parameters}`);
    statement = { sql, name: `mom_hub_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`, text, parameters };
    prepared.set(sql, statement);
  }
  return statement;
}
