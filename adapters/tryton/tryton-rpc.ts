import axios, { isAxiosError, type AxiosInstance } from 'axios';

/**
 * A small JSON-RPC client for Tryton 6.0 (`POST /<database>/`).
 *
 * Tryton sends typed values as tagged objects. Outgoing, build them with `trytonDecimal`, `trytonDate`
 * and `trytonDateTime` (a JS `Date` is sent as a datetime). Incoming, they are turned into plain JSON so
 * nothing is lost to floating point: decimals become strings ("750.00"), dates "YYYY-MM-DD", datetimes
 * ISO strings in UTC (Tryton stores naive UTC), times "HH:MM:SS", timedeltas seconds, bytes Buffers.
 *
 * Booleans read from a SQLite-backed Tryton come back as 0/1; callers that care must coerce.
 */

export interface TrytonDecimalValue {
  readonly __class__: 'Decimal';
  readonly decimal: string;
}
export interface TrytonDateValue {
  readonly __class__: 'date';
  readonly year: number;
  readonly month: number;
  readonly day: number;
}
export interface TrytonDateTimeValue {
  readonly __class__: 'datetime';
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
}
export type TrytonTypedValue = TrytonDecimalValue | TrytonDateValue | TrytonDateTimeValue;

/** What may travel in params: JSON, typed values, and `Date` (sent as a datetime). */
export type TrytonValue =
  string | number | boolean | null | undefined | Date | TrytonTypedValue | readonly TrytonValue[] | { readonly [key: string]: TrytonValue };

export type TrytonContext = Record<string, TrytonValue>;
/** A domain: clauses `[field, operator, value]`, optionally `'AND'`/`'OR'` first, nested freely. */
export type TrytonDomain = readonly TrytonValue[];
export type TrytonRecord = Record<string, unknown> & { id: number };

export function trytonDecimal(value: string | number): TrytonDecimalValue {
  const text = String(value).trim();
  // Tryton's Decimal() would accept more (NaN, Infinity), none of which belongs in an ERP amount.
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new TypeError(`not a decimal: ${JSON.stringify(value)}`);
  return { __class__: 'Decimal', decimal: text };
}

/** `iso` is "YYYY-MM-DD" (anything after it, such as a time, is ignored) or a `Date` (its UTC day). */
export function trytonDate(iso: string | Date): TrytonDateValue {
  const text = iso instanceof Date ? iso.toISOString() : iso;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) throw new TypeError(`not an ISO date: ${JSON.stringify(iso)}`);
  return { __class__: 'date', year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Tryton datetimes are naive UTC, so the instant is sent in UTC. */
export function trytonDateTime(at: Date | string): TrytonDateTimeValue {
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) throw new TypeError(`not a datetime: ${String(at)}`);
  return {
    __class__: 'datetime',
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    microsecond: d.getUTCMilliseconds() * 1000,
  };
}

export type TrytonErrorKind =
  | 'UserError'
  | 'UserWarning'
  | 'LoginException'
  | 'ConcurrencyException' // raised by Tryton on purpose
  | 'ServerError' // any other Python exception inside Tryton
  | 'Unauthorized'
  | 'HttpError'
  | 'Network'
  | 'Timeout';

export class TrytonError extends Error {
  override readonly name = 'TrytonError';
  constructor(
    message: string,
    readonly kind: TrytonErrorKind,
    /** Whether sending the same call again may succeed; a user or validation error never will. */
    readonly retryable: boolean,
    readonly method: string,
    readonly details: { description?: string; status?: number; traceback?: string; warning?: string } = {},
  ) {
    super(message);
  }
}

const pad = (n: unknown, width = 2) => String(n).padStart(width, '0');

/** JSON.parse reviver: runs bottom-up, so nested typed values are already decoded. */
function decodeTyped(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  switch (v.__class__) {
    case 'Decimal':
      return String(v.decimal);
    case 'date':
      return `${pad(v.year, 4)}-${pad(v.month)}-${pad(v.day)}`;
    case 'datetime':
      return new Date(
        Date.UTC(
          Number(v.year),
          Number(v.month) - 1,
          Number(v.day),
          Number(v.hour),
          Number(v.minute),
          Number(v.second),
          Math.floor(Number(v.microsecond) / 1000),
        ),
      ).toISOString();
    case 'time':
      return `${pad(v.hour)}:${pad(v.minute)}:${pad(v.second)}`;
    case 'timedelta':
      return Number(v.seconds);
    case 'bytes':
      return Buffer.from(String(v.base64), 'base64');
    default:
      return value;
  }
}

function encodeTyped(value: TrytonValue): unknown {
  if (value instanceof Date) return trytonDateTime(value);
  if (Array.isArray(value)) return value.map((v: TrytonValue) => encodeTyped(v));
  if (typeof value === 'object' && value !== null) {
    if ('__class__' in value) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeTyped(v)]));
  }
  return value;
}

/** Tryton's own exceptions travel as `[name, args]`; anything else as `[str(exception), traceback]`. */
function errorFromRpc(method: string, error: unknown): TrytonError {
  const [head, payload]: unknown[] = Array.isArray(error) ? (error as unknown[]) : [String(error), ''];
  const args = Array.isArray(payload) ? payload.map((a) => (a == null ? '' : String(a))) : [];
  switch (head) {
    case 'UserError':
      return new TrytonError(args[0] ?? 'UserError', 'UserError', false, method, { description: args[1] || undefined });
    // Resending will not help: the warning named here must be accepted (res.user.warning) first.
    case 'UserWarning':
      return new TrytonError(args[1] ?? 'UserWarning', 'UserWarning', false, method, {
        warning: args[0],
        description: args[2] || undefined,
      });
    case 'LoginException':
      return new TrytonError(args[1] ?? 'login required', 'LoginException', false, method);
    // Someone changed the record since it was read: re-read, don't resend blindly.
    case 'ConcurrencyException':
      return new TrytonError(String(payload), 'ConcurrencyException', false, method);
    default: {
      const message = String(head);
      // SQLite/PostgreSQL lock contention survives Tryton's own retries only under heavy load; it clears.
      const transient = /database is locked|could not serialize|deadlock detected/i.test(message);
      return new TrytonError(message, 'ServerError', transient, method, {
        traceback: typeof payload === 'string' && payload ? payload : undefined,
      });
    }
  }
}

export interface TrytonRpcOptions {
  /** The server root, e.g. http://127.0.0.1:8000 */
  url: string;
  database: string;
  timeoutMs?: number;
}

export interface SearchOptions {
  offset?: number;
  limit?: number | null;
  order?: ReadonlyArray<readonly [string, 'ASC' | 'DESC']> | null;
  context?: TrytonContext;
}

export interface WizardSession {
  sessionId: number;
  startState: string;
  endState: string;
}
/** What a wizard state answers: a form to fill (`view`), actions to run, or nothing at the end. */
export interface WizardResult {
  view?: { defaults?: Record<string, unknown>; buttons?: Array<{ state: string }> } & Record<string, unknown>;
  actions?: unknown[];
}

/** A signed-in connection: the RPC client and the context (company) every call carries. */
export interface TrytonSession {
  rpc: TrytonRpc;
  context: { company: number };
}

export class TrytonRpc {
  private readonly http: AxiosInstance;
  private auth: { login: string; password: string; header: string } | undefined;
  private nextId = 1;
  /** Merged under every helper call's own context: e.g. `{ company }` once a company exists. */
  context: TrytonContext = {};
  userId: number | undefined;
  /** Aborts this client's requests (see `withSignal`). */
  signal?: AbortSignal;

  constructor(private readonly options: TrytonRpcOptions) {
    this.http = axios.create({
      baseURL: `${options.url.replace(/\/+$/, '')}/${encodeURIComponent(options.database)}/`,
      timeout: options.timeoutMs ?? 30000,
      maxRedirects: 0,
      // Statuses and bodies are interpreted here: a 401 answers HTML, and typed values need a reviver.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      headers: { 'content-type': 'application/json' },
    });
  }

  async login(login: string, password: string): Promise<number> {
    const result = await this.post('common.db.login', [login, { password }], undefined);
    if (!Array.isArray(result) || typeof result[0] !== 'number' || typeof result[1] !== 'string') {
      throw new TrytonError(`unexpected login answer: ${JSON.stringify(result)}`, 'ServerError', false, 'common.db.login');
    }
    const [userId, session] = result as [number, string];
    this.userId = userId;
    this.auth = { login, password, header: `Session ${Buffer.from(`${login}:${userId}:${session}`).toString('base64')}` };
    return userId;
  }

  /**
   * The same signed-in client whose requests stop when `signal` aborts (a delivery's time budget). The
   * session stays shared with this client.
   */
  withSignal(signal: AbortSignal | undefined): TrytonRpc {
    if (!signal) return this;
    const bound = Object.create(this) as TrytonRpc;
    bound.signal = signal;
    return bound;
  }

  async logout(): Promise<void> {
    if (!this.auth) return;
    await this.call('common.db.logout', []);
    this.auth = undefined;
  }

  /** A raw call: `params` go as they are (helpers append the context, which Tryton requires last). */
  async call<T = unknown>(method: string, params: readonly TrytonValue[]): Promise<T> {
    try {
      return (await this.post(method, params, this.auth?.header)) as T;
    } catch (err) {
      // Sessions expire after inactivity; a 401 means nothing ran, so one fresh login and resend is safe.
      if (err instanceof TrytonError && err.details.status === 401 && this.auth) {
        await this.login(this.auth.login, this.auth.password);
        return (await this.post(method, params, this.auth.header)) as T;
      }
      throw err;
    }
  }

  private ctx(extra?: TrytonContext): TrytonContext {
    return { ...this.context, ...extra };
  }

  search(model: string, domain: TrytonDomain, opts: SearchOptions = {}): Promise<number[]> {
    return this.call(`model.${model}.search`, [domain, opts.offset ?? 0, opts.limit ?? null, opts.order ?? null, this.ctx(opts.context)]);
  }

  searchRead<T extends object = TrytonRecord>(
    model: string,
    domain: TrytonDomain,
    fields: readonly string[],
    opts: SearchOptions = {},
  ): Promise<T[]> {
    return this.call(`model.${model}.search_read`, [
      domain,
      opts.offset ?? 0,
      opts.limit ?? null,
      opts.order ?? null,
      fields,
      this.ctx(opts.context),
    ]);
  }

  read<T extends object = TrytonRecord>(
    model: string,
    ids: readonly number[],
    fields: readonly string[],
    context?: TrytonContext,
  ): Promise<T[]> {
    return this.call(`model.${model}.read`, [ids, fields, this.ctx(context)]);
  }

  create(model: string, values: ReadonlyArray<Record<string, TrytonValue>>, context?: TrytonContext): Promise<number[]> {
    return this.call(`model.${model}.create`, [values, this.ctx(context)]);
  }

  async write(model: string, ids: readonly number[], values: Record<string, TrytonValue>, context?: TrytonContext): Promise<void> {
    await this.call(`model.${model}.write`, [ids, values, this.ctx(context)]);
  }

  async delete(model: string, ids: readonly number[], context?: TrytonContext): Promise<void> {
    await this.call(`model.${model}.delete`, [ids, this.ctx(context)]);
  }

  /** A workflow button such as `sale.sale` `confirm`; some answer a value (`assign_try`: whether all got assigned). */
  button<T = unknown>(model: string, name: string, ids: readonly number[], context?: TrytonContext): Promise<T> {
    return this.call(`model.${model}.${name}`, [ids, this.ctx(context)]);
  }

  async wizardCreate(name: string, context?: TrytonContext): Promise<WizardSession> {
    const [sessionId, startState, endState] = await this.call<[number, string, string]>(`wizard.${name}.create`, [this.ctx(context)]);
    return { sessionId, startState, endState };
  }

  /**
   * Runs the transition into `state`. `data` holds the form values of the views seen so far, keyed by
   * the state that showed them (e.g. `{ account: { company, account_template } }`).
   */
  wizardExecute(
    name: string,
    sessionId: number,
    data: Record<string, TrytonValue>,
    state: string,
    context?: TrytonContext,
  ): Promise<WizardResult> {
    return this.call(`wizard.${name}.execute`, [sessionId, data, state, this.ctx(context)]);
  }

  async wizardDelete(name: string, sessionId: number, context?: TrytonContext): Promise<void> {
    await this.call(`wizard.${name}.delete`, [sessionId, this.ctx(context)]);
  }

  private async post(method: string, params: readonly TrytonValue[], authHeader: string | undefined): Promise<unknown> {
    const body = JSON.stringify({ id: this.nextId++, method, params: encodeTyped(params) });
    let res;
    try {
      res = await this.http.post<string>('', body, {
        headers: authHeader ? { authorization: authHeader } : {},
        ...(this.signal ? { signal: this.signal } : {}),
      });
    } catch (err) {
      const timeout = isAxiosError(err) && (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT');
      const message = err instanceof Error ? err.message : String(err);
      throw new TrytonError(`${method}: ${message}`, timeout ? 'Timeout' : 'Network', true, method);
    }
    const status = res.status;
    if (status === 401 || status === 403) {
      const why = method === 'common.db.login' ? 'wrong login or password' : 'session refused';
      throw new TrytonError(`${method}: ${why} (HTTP ${status})`, 'Unauthorized', false, method, { status });
    }
    if (status < 200 || status >= 300) {
      // 429 is Tryton's login rate limit; 5xx and 429 clear with time, other 4xx will not.
      const retryable = status >= 500 || status === 429 || status === 408;
      throw new TrytonError(`${method}: HTTP ${status}`, 'HttpError', retryable, method, {
        status,
        description: String(res.data).slice(0, 500),
      });
    }
    let parsed: { result?: unknown; error?: unknown };
    try {
      parsed = JSON.parse(String(res.data), decodeTyped) as typeof parsed;
    } catch {
      throw new TrytonError(`${method}: answer is not JSON`, 'HttpError', false, method, {
        status,
        description: String(res.data).slice(0, 500),
      });
    }
    if (parsed.error != null) throw errorFromRpc(method, parsed.error);
    return parsed.result;
  }
}
