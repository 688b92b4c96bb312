import type { IssueMaterialInput, ReceiveStockInput, RecordExecutionEventInput, TransferStockInput } from './generated/graphql.js';
import { StationIssueDocument, StationMoveDocument, StationReceiveDocument, StationScanDocument } from './generated/graphql.js';
import { ApiError, isNetwork, type Api } from './api.js';

/**
 * What an operator did, kept in IndexedDB until the hub has it. Each action carries its idempotency
 * key from the moment it is made (a scan's clientEventId, a move's idempotencyKey), so sending it again
 * after a lost answer, a reload or a second tab is counted once by the hub.
 */
export type Action =
  | { kind: 'scan'; input: RecordExecutionEventInput }
  | { kind: 'issue'; input: IssueMaterialInput }
  | { kind: 'move'; input: TransferStockInput }
  | { kind: 'receive'; input: ReceiveStockInput };

export interface Entry {
  key: string;
  created: number;
  action: Action;
  /** Set when the hub refused it: what it said. */
  error?: { code: string; message: string };
}

/** What one flush did; `reachable` false when it stopped because the hub could not be reached. */
export interface Flushed {
  outcomes: Outcome[];
  reachable: boolean;
}

export interface Outcome {
  entry: Entry;
  ok: boolean;
  /** The hub had it already (a replay): nothing was counted twice. */
  replayed?: boolean;
}

const DB = 'mom-hub-station';
const PENDING = 'pending';
const REFUSED = 'refused';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(PENDING, { keyPath: 'key' });
      req.result.createObjectStore(REFUSED, { keyPath: 'key' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB cannot be opened'));
  });
}

function tx<T>(db: IDBDatabase, stores: string[], work: (t: IDBTransaction) => IDBRequest<T> | void): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const t = db.transaction(stores, 'readwrite');
    const req = work(t);
    t.oncomplete = () => resolve(req ? req.result : undefined);
    t.onerror = () => reject(t.error ?? new Error('IndexedDB write failed'));
  });
}

const byAge = (a: Entry, b: Entry) => a.created - b.created;

export class ActionQueue {
  private sending: Promise<void> | undefined;

  private constructor(private readonly db: IDBDatabase) {}

  static async open(): Promise<ActionQueue> {
    return new ActionQueue(await open());
  }

  async pending(): Promise<Entry[]> {
    return ((await tx(this.db, [PENDING], (t) => t.objectStore(PENDING).getAll() as IDBRequest<Entry[]>)) ?? []).sort(byAge);
  }

  async refused(): Promise<Entry[]> {
    return ((await tx(this.db, [REFUSED], (t) => t.objectStore(REFUSED).getAll() as IDBRequest<Entry[]>)) ?? []).sort(byAge);
  }

  /** Written before it is sent, so a reload or a lost connection keeps it. */
  async add(action: Action): Promise<Entry> {
    const entry: Entry = { key: keyOf(action), created: Date.now(), action };
    await tx(this.db, [PENDING], (t) => void t.objectStore(PENDING).put(entry));
    return entry;
  }

  async dismiss(key: string): Promise<void> {
    await tx(this.db, [REFUSED], (t) => void t.objectStore(REFUSED).delete(key));
  }

  /**
   * Sends what waits, oldest first, one at a time; stops at the first sign that the hub is unreachable
   * (the rest stays for the next try). What the hub refuses moves to the refused list with its reason;
   * nothing is dropped without the operator seeing it. One pass at a time per page.
   */
  flush(api: Api): Promise<Flushed> {
    // Passes run one after another: an action added during a pass is sent by the pass asked for after it.
    const run = (this.sending ?? Promise.resolve()).then(() => this.sendAll(api));
    this.sending = run.then(
      () => undefined,
      () => undefined,
    );
    this.sending = this.sending.finally(() => {
      if (this.sending === guarded) this.sending = undefined;
    });
    const guarded = this.sending;
    return run;
  }

  /** Whether a pass is under way (a timer need not ask for another). */
  get busy(): boolean {
    return this.sending !== undefined;
  }

  private async sendAll(api: Api): Promise<Flushed> {
    const outcomes: Outcome[] = [];
    for (const entry of await this.pending()) {
      try {
        const replayed = await send(api, entry.action);
        await tx(this.db, [PENDING], (t) => void t.objectStore(PENDING).delete(entry.key));
        outcomes.push({ entry, ok: true, replayed });
      } catch (e) {
        if (isNetwork(e) || !(e instanceof ApiError)) return { outcomes, reachable: false };
        const refused: Entry = { ...entry, error: { code: e.code, message: e.message } };
        await tx(this.db, [PENDING, REFUSED], (t) => {
          t.objectStore(PENDING).delete(entry.key);
          t.objectStore(REFUSED).put(refused);
        });
        outcomes.push({ entry: refused, ok: false });
      }
    }
    return { outcomes, reachable: true };
  }
}

function keyOf(action: Action): string {
  return action.kind === 'scan' ? action.input.clientEventId : action.input.idempotencyKey!;
}

/** True when the hub had it already. */
async function send(api: Api, action: Action): Promise<boolean> {
  switch (action.kind) {
    case 'scan':
      return (await api.request(StationScanDocument, { input: action.input })).recordExecutionEvent.replayed;
    case 'issue':
      await api.request(StationIssueDocument, { input: action.input });
      return false;
    case 'move':
      await api.request(StationMoveDocument, { input: action.input });
      return false;
    case 'receive':
      await api.request(StationReceiveDocument, { input: action.input });
      return false;
  }
}
