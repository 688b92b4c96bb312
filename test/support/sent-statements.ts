import type { Orm } from '../../src/kernel/db/orm';

/** The statements an ORM sends while `run` runs (begin and commit included), from its query log, lower-cased. */
export async function statementsOf<T>(orm: Orm, run: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  const logger = orm.config.getLogger();
  const original = logger.logQuery.bind(logger);
  const sql: string[] = [];
  logger.logQuery = (context) => {
    sql.push((context.query ?? '').trim().toLowerCase());
    original(context);
  };
  try {
    return { result: await run(), sql };
  } finally {
    logger.logQuery = original;
  }
}

/** Not the event feed's reads (a commit's NOTIFY sets one off whenever it lands). */
export const notFeedRead = (q: string) => !q.includes('from event_log');
