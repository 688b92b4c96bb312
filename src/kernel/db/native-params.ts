import { CompiledQuery, type Kysely } from 'kysely';
import type { EntityManager } from './orm';

/**
 * Runs one statement with its parameters sent beside the SQL (`$1`, `$2`, … — the database's own
 * extended protocol), on the transaction's connection when there is one. `em.execute` writes every
 * parameter into the SQL text instead, escaping a string one character at a time: nothing for ids and
 * numbers, but for a document of megabytes (a plan's body) that is a second of string building and
 * garbage collection, and then the database parses it again as a literal. Use it for such values only.
 */
export async function executeNative<T = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[]): Promise<T[]> {
  const runner = em.getTransactionContext<Kysely<unknown>>() ?? em.getConnection().getClient<unknown>();
  const result = await runner.executeQuery<T>(CompiledQuery.raw(sql, [...params]));
  return result.rows;
}
