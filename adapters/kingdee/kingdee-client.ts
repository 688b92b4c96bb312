import { randomInt } from 'node:crypto';
import { isAxiosError, type AxiosInstance } from 'axios';
import { appSignature, requestSignature, SIGN_HEADERS } from './kingdee-sign';

/**
 * Calls Kingdee Cloud Xingchen's open API (`/jdy/v2/...`) through the Kingdee gateway: every request
 * signed (kingdee-sign.ts), carrying the account's `app-token` and the data centre it lives in
 * (`X-GW-Router-Addr`, the `domain` the token call answers). The token comes from
 * `GET /jdyconnector/app_management/kingdee_auth_token?app_key=…&app_signature=…` and lasts a day; it is
 * fetched once, and again when the gateway says it expired.
 *
 * Answers are `{errcode, description, data}`: `errcode` 0 is success. What the adapter treats as
 * "try later": network errors, HTTP 408 / 429 / 5xx, and the errcodes in `retryableErrcodes` (the
 * gateway's rate limit and busy answers); `tokenErrcodes` fetch a new token and resend once. Any other
 * errcode is the ERP refusing the request as it is.
 */
export interface KingdeeClientOptions {
  http: AxiosInstance;
  url: string;
  clientId: string;
  clientSecret: string;
  appKey: string;
  appSecret: string;
  retryableErrcodes: readonly string[];
  tokenErrcodes: readonly string[];
  now: () => Date;
}

export class KingdeeError extends Error {
  constructor(
    message: string,
    readonly errcode: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

interface Envelope<T> {
  errcode?: number | string;
  description?: string;
  data?: T;
}

/** A list answer: one page of `rows` with the totals to page on. */
export interface Page<T> {
  count: number | string;
  total_page: number;
  page: number;
  page_size: number;
  rows: T[];
}

export class KingdeeClient {
  private token: Promise<{ appToken: string; domain: string }> | undefined;
  private readonly base: string;

  constructor(private readonly o: KingdeeClientOptions) {
    this.base = o.url.replace(/\/+$/, '');
  }

  get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    return this.withToken('GET', path, clean(query), undefined);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.withToken('POST', path, {}, body);
  }

  private async withToken<T>(method: string, path: string, query: Record<string, string>, body: unknown): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { appToken, domain } = await this.appToken();
      try {
        return await this.send<T>(method, path, query, body, { 'app-token': appToken, ...(domain ? { 'X-GW-Router-Addr': domain } : {}) });
      } catch (e) {
        if (e instanceof KingdeeError && this.o.tokenErrcodes.includes(e.errcode) && attempt === 1) {
          this.token = undefined;
          continue;
        }
        throw e;
      }
    }
  }

  private appToken(): Promise<{ appToken: string; domain: string }> {
    this.token ??= this.send<{ 'app-token'?: string; app_token?: string; domain?: string }>(
      'GET',
      '/jdyconnector/app_management/kingdee_auth_token',
      { app_key: this.o.appKey, app_signature: appSignature(this.o.appKey, this.o.appSecret) },
      undefined,
      {},
    )
      .then((data) => {
        const appToken = data['app-token'] ?? data.app_token;
        if (!appToken) throw new KingdeeError('the token answer carries no app-token', 'no-token', false);
        return { appToken, domain: data.domain ?? '' };
      })
      .catch((e) => {
        this.token = undefined;
        throw e;
      });
    return this.token;
  }

  private async send<T>(
    method: string,
    path: string,
    query: Record<string, string>,
    body: unknown,
    extra: Record<string, string>,
  ): Promise<T> {
    const timestamp = String(this.o.now().getTime());
    const nonce = String(randomInt(1_000_000_000, 9_999_999_999));
    const headers = {
      'content-type': 'application/json',
      'X-Api-ClientID': this.o.clientId,
      'X-Api-Auth-Version': '2.0',
      'X-Api-TimeStamp': timestamp,
      'X-Api-Nonce': nonce,
      'X-Api-SignHeaders': SIGN_HEADERS,
      'X-Api-Signature': requestSignature(this.o.clientSecret, method, path, query, nonce, timestamp),
      ...extra,
    };
    const what = `${method} ${path}`;
    let res;
    try {
      res = await this.o.http.request<string>({
        method,
        url: `${this.base}${path}`,
        params: query,
        data: body === undefined ? undefined : JSON.stringify(body),
        headers,
        responseType: 'text',
        transformResponse: (d: unknown) => d,
      });
    } catch (e) {
      const reason = isAxiosError(e) ? `${e.code ?? 'network error'}: ${e.message}` : String(e);
      throw new KingdeeError(`${what} failed (${reason})`, 'network', true);
    }
    const text = typeof res.data === 'string' ? res.data : '';
    let envelope: Envelope<T> | undefined;
    try {
      envelope = JSON.parse(text) as Envelope<T>;
    } catch {
      // a gateway or proxy page
    }
    const errcode = envelope?.errcode === undefined ? undefined : String(envelope.errcode);
    if (res.status < 200 || res.status >= 300) {
      const retryable =
        res.status === 408 ||
        res.status === 429 ||
        res.status >= 500 ||
        (errcode !== undefined && this.o.retryableErrcodes.includes(errcode));
      throw new KingdeeError(
        `${what}: HTTP ${res.status}${errcode ? ` errcode ${errcode}` : ''}: ${envelope?.description ?? text.slice(0, 300)}`,
        errcode ?? `HTTP ${res.status}`,
        retryable,
        retryAfter(res.headers['retry-after']),
      );
    }
    if (!envelope || errcode === undefined)
      throw new KingdeeError(`${what}: the answer is not Kingdee's envelope: ${text.slice(0, 300)}`, 'bad-answer', false);
    if (errcode !== '0') {
      throw new KingdeeError(
        `${what}: errcode ${errcode}: ${envelope.description ?? ''}`,
        errcode,
        this.o.retryableErrcodes.includes(errcode),
      );
    }
    return envelope.data as T;
  }
}

const clean = (q: Record<string, string | number | undefined>) =>
  Object.fromEntries(Object.entries(q).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])));

const retryAfter = (h: unknown) => (typeof h === 'string' && /^\d+$/.test(h) ? Number(h) * 1000 : undefined);
