import { LRUCache } from 'lru-cache';
import type { TxCtx } from './context';

/**
 * The SQLSTATE the commit statement raises when a row a work recalled is no longer what it recalled
 * (`recalled_rows_hold`, migration RecalledRows): the statement writes nothing, and the work runs again.
 */
const RECALLED_ROW_CHANGED = 'MH001';

/** A single-row read remembered: the row as the driver gave it, and the database's fingerprint of it. */
interface Recalled {
  row: Record<string, unknown>;
  fingerprint: string;
}

/** Rows kept per database: reference rows of the hot paths (an item and the locations it is received into). */
const KEPT_ROWS = 10_000;

/** One memory per database (the ORM's driver): a test process runs several hubs on several databases. */
const memories = new WeakMap<object, LRUCache<string, Recalled>>();

function memoryOf(tx: TxCtx): LRUCache<string, Recalled> {
  const driver = tx.em.getDriver();
  let memory = memories.get(driver);
  if (!memory) memories.set(driver, (memory = new LRUCache({ max: KEPT_ROWS })));
  return memory;
}

const FINGERPRINT = 'recalled_fingerprint';

/**
 * A read of one row of reference data (or none) that a work tried as one statement (`oneStatement`,
 * transaction.ts) may take from memory instead of sending: the row this read gave last time. The commit
 * statement then checks that the same read still gives the same row (`tx.checks`, compared by the
 * database's own text of the row) and fails, having written nothing, when it does not; the work then runs
 * again in a transaction, where every read goes to the database. So a recalled row is as current as one
 * read by the commit statement itself, and the hot path is a round trip shorter (issue 8's P3).
 *
 * Inside a transaction, or the first time, the read is sent and its row remembered. No row is not
 * remembered (a refusal follows, and refusals are not the hot path).
 */
export async function readRecalling<R extends object>(tx: TxCtx, sql: string, values: readonly unknown[]): Promise<R | undefined> {
  const memory = memoryOf(tx);
  const key = `${sql}\u0000${JSON.stringify(values)}`;
  const recalled = tx.outsideTransaction ? memory.get(key) : undefined;
  if (recalled) {
    tx.checks.push({
      sql: `(select md5(r::text) from (${sql}) as r) is not distinct from ?`,
      values: [...values, recalled.fingerprint],
    });
    return recalled.row as R;
  }
  const rows = await tx.em.execute<(Record<string, unknown> & { [FINGERPRINT]: string })[]>(
    `select r.*, md5(r::text) as ${FINGERPRINT} from (${sql}) as r`,
    [...values],
  );
  if (rows.length > 1) throw new Error(`a recalled read gave ${rows.length} rows; it must give one or none`);
  const [found] = rows;
  if (!found) return undefined;
  const { [FINGERPRINT]: fingerprint, ...row } = found;
  memory.set(key, { row, fingerprint });
  return row as R;
}

/** The commit statement found a recalled row changed (and wrote nothing). */
export function recalledRowChanged(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === RECALLED_ROW_CHANGED;
}
