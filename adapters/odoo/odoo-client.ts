import { isAxiosError, type AxiosInstance } from 'axios';

/**
 * One Odoo ORM call, spoken in whichever of Odoo's two external protocols the server offers:
 *
 * - JSON-2 (Odoo 19+): `POST /json/2/<model>/<method>`, `Authorization: bearer <API key>`, the database in
 *   `X-Odoo-Database`, named arguments in the body (`ids`, `context`, then the method's parameters). A
 *   success is 200 with the method's return value; an error a 4xx/5xx with `{name, message, arguments,
 *   context, debug}` (odoo/documentation, content/developer/reference/external_api.rst, 19.0).
 * - JSON-RPC (Odoo 8–19, deprecated in 19): `POST /jsonrpc` with `{"jsonrpc": "2.0", "method": "call",
 *   "params": {"service": "object", "method": "execute_kw", "args": [db, uid, password-or-key, model,
 *   method, args, kwargs]}}`, the user id from `common.login`. Errors answer HTTP 200 with `error.data`
 *   carrying the same `name` / `message` / `arguments` (odoo/odoo, odoo/http.py `JsonRPCDispatcher`).
 *
 * Callers pass `ids` (for record methods) and named parameters; the two transports place them.
 */
export type OdooProtocol = 'json2' | 'jsonrpc';

export interface OdooCall {
  ids?: number[];
  [param: string]: unknown;
}

/** What Odoo answered when it refused, with the verdict on whether trying later can help. */
export class OdooError extends Error {
  constructor(
    message: string,
    /** The Python exception's qualified name, e.g. `odoo.exceptions.ValidationError`, or `HTTP 503`. */
    readonly odooName: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Exceptions that clear with time: a serialization failure between concurrent transactions (Odoo retries
 * it five times itself before giving up), a lock not obtained, the worker running out of time or memory.
 * Everything else Odoo raises on purpose — UserError, ValidationError, AccessError, MissingError,
 * AccessDenied — or a call it could not understand (ValueError, TypeError) will fail the same way again.
 */
const TRANSIENT_EXCEPTIONS = [
  'psycopg2.errors.SerializationFailure',
  'psycopg2.errors.LockNotAvailable',
  'psycopg2.errors.DeadlockDetected',
  'psycopg2.OperationalError',
  'odoo.exceptions.ConcurrencyError',
  'odoo.service.model.RetryableError',
];

export const transientOdooException = (name: string) => TRANSIENT_EXCEPTIONS.some((n) => name === n || name.startsWith(`${n}.`));

/** 408, 429 and 5xx clear with time (a proxy in maintenance, a worker restarting); other statuses will not. */
const retryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

interface OdooErrorBody {
  name?: string;
  message?: string;
  arguments?: unknown[];
}

export interface OdooClientOptions {
  http: AxiosInstance;
  url: string;
  database: string;
  login: string;
  /** An API key (Preferences → Account Security); JSON-RPC takes it in place of the password. */
  apiKey: string;
  protocol: OdooProtocol;
}

export class OdooClient {
  private uid: number | undefined;
  private nextId = 1;
  private readonly base: string;

  constructor(private readonly o: OdooClientOptions) {
    this.base = o.url.replace(/\/+$/, '');
  }

  get protocol(): OdooProtocol {
    return this.o.protocol;
  }

  /** `server_version_info` (e.g. `[18, 0, 0, "final", 0, ""]`): `common.version` needs no login. */
  async serverVersion(): Promise<number[]> {
    const info = (await this.rpc('common', 'version', [])) as { server_version_info?: unknown[] };
    return (info.server_version_info ?? []).filter((v): v is number => typeof v === 'number');
  }

  async call<T>(model: string, method: string, call: OdooCall = {}): Promise<T> {
    if (this.o.protocol === 'json2') return this.json2<T>(model, method, call);
    this.uid ??= await this.login();
    const { ids, ...named } = call;
    const args = ids ? [ids] : [];
    return (await this.rpc('object', 'execute_kw', [this.o.database, this.uid, this.o.apiKey, model, method, args, named])) as T;
  }

  /** `common.login` answers the user id, or `false` for a wrong login or key. */
  private async login(): Promise<number> {
    const uid = await this.rpc('common', 'login', [this.o.database, this.o.login, this.o.apiKey]);
    if (typeof uid !== 'number') throw new OdooError(`Odoo refused the login ${this.o.login} on ${this.o.database}`, 'AccessDenied', false);
    return uid;
  }

  private async json2<T>(model: string, method: string, call: OdooCall): Promise<T> {
    const res = await this.post(`/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`, call, {
      authorization: `bearer ${this.o.apiKey}`,
      'x-odoo-database': this.o.database,
    });
    if (res.status === 200) return parse(res.data, `${model}.${method}`) as T;
    throw errorFromJson2(`${model}.${method}`, res.status, res.data);
  }

  private async rpc(service: string, method: string, args: unknown[]): Promise<unknown> {
    const res = await this.post('/jsonrpc', { jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: this.nextId++ }, {});
    const what = args.length > 4 ? `${String(args[3])}.${String(args[4])}` : `${service}.${method}`;
    if (res.status !== 200)
      throw new OdooError(
        `${what}: HTTP ${res.status} ${excerpt(res.data)}`,
        `HTTP ${res.status}`,
        retryableStatus(res.status),
        res.status,
      );
    const body = parse(res.data, what) as { result?: unknown; error?: { message?: string; data?: OdooErrorBody } };
    if (!body.error) return body.result;
    const name = body.error.data?.name ?? 'odoo.exceptions.UserError';
    // A key revoked or a password changed: the next call logs in again.
    if (name === 'odoo.exceptions.AccessDenied') this.uid = undefined;
    throw new OdooError(`${what}: ${name}: ${body.error.data?.message ?? body.error.message ?? ''}`, name, transientOdooException(name));
  }

  private async post(path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; data: string }> {
    try {
      const res = await this.o.http.post<string>(`${this.base}${path}`, JSON.stringify(body), {
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'mom-hub', ...headers },
        responseType: 'text',
        transformResponse: (d: unknown) => d,
      });
      return { status: res.status, data: typeof res.data === 'string' ? res.data : '' };
    } catch (e) {
      const reason = isAxiosError(e) ? `${e.code ?? 'network error'}: ${e.message}` : String(e);
      throw new OdooError(`POST ${this.base}${path} failed (${reason})`, 'Network', true);
    }
  }
}

function errorFromJson2(what: string, status: number, data: string): OdooError {
  let body: OdooErrorBody = {};
  try {
    body = JSON.parse(data) as OdooErrorBody;
  } catch {
    // A proxy's HTML page, or a bare string (JSON-2 answers argument errors as a JSON string).
  }
  const name = typeof body === 'object' && body?.name ? body.name : `HTTP ${status}`;
  const message = typeof body === 'object' && body?.message ? body.message : excerpt(data);
  return new OdooError(`${what}: ${name}: ${message}`, name, retryableStatus(status) || transientOdooException(name), status);
}

function parse(data: string, what: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    throw new OdooError(`${what}: the answer is not JSON: ${excerpt(data)}`, 'BadAnswer', false);
  }
}

const excerpt = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s);
