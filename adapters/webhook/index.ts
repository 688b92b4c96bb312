import {
  PermanentDeliveryError,
  RetryableDeliveryError,
  type Adapter,
  type AdapterFactory,
  type AdapterKind,
  type OutboundEvent,
  type Delivery,
  textOf,
} from '../../src/contract/adapter';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, sign } from '../../src/contract/signature';
import { WebhookClient, type Answer } from './http-post';

/**
 * A generic signed webhook, for finance, supplier and customer systems that are not Tryton. Each POST
 * carries `Idempotency-Key` (the event id), `X-MOM-Timestamp` and `X-MOM-Signature: v2=<hex>`, the
 * HMAC-SHA256 of "<timestamp>.<idempotency key>.<body>" (src/integration/signature.ts).
 *
 * Options: `url` (where to POST), `kind` (erp | finance | supplier | customer), `events` (event types),
 * `secretEnv` (the environment variable holding the HMAC secret; secrets never live in the config file),
 * `inboundSecretEnv` (for what the system pushes to POST /hooks/<name>), `timeoutMs`.
 *
 * A 2xx is success; 408, 429, 5xx and network errors or timeouts are retried (honouring Retry-After);
 * any other 4xx is permanent: sending the same thing again will not help.
 */
export const createAdapter: AdapterFactory = ({ name, options, http, env, now }) => {
  const url = textOf(options.url);
  if (!/^https?:\/\//.test(url)) throw new Error(`adapter ${name}: options.url must be an http(s) URL`);
  const secretEnv = textOf(options.secretEnv);
  const secret = secretEnv ? env[secretEnv] : undefined;
  if (!secret) throw new Error(`adapter ${name}: set options.secretEnv and the environment variable it names`);
  const inboundEnv = textOf(options.inboundSecretEnv) || undefined;
  // Node's client rather than the axios instance the hub offers (see WebhookClient); the same timeout.
  const client = new WebhookClient(url);
  const timeoutMs = Number(options.timeoutMs ?? http.defaults.timeout ?? 10_000);

  const adapter: Adapter = {
    name,
    kind: (options.kind as AdapterKind | undefined) ?? 'finance',
    events: Array.isArray(options.events) ? options.events.map(String) : ['JournalEntryPosted'],
    // The hub's budget for a try is the request timeout itself: the hub ends the request (see deliver).
    ...(options.timeoutMs === undefined ? {} : { limits: { timeoutMs: Number(options.timeoutMs) } }),

    async deliver(event: OutboundEvent, delivery: Delivery) {
      const body = JSON.stringify({
        id: event.id,
        seq: event.seq,
        type: event.type,
        occurredAt: event.occurredAt,
        aggregateType: event.aggregateType,
        aggregateId: event.aggregateId,
        data: event.data,
      });
      const timestamp = Math.floor(now().getTime() / 1000);
      let res: Answer;
      try {
        res = await client.request(
          'POST',
          {
            'content-type': 'application/json',
            [IDEMPOTENCY_HEADER]: delivery.idempotencyKey,
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: sign(secret, timestamp, delivery.idempotencyKey, body),
            'x-mom-event-type': event.type,
            'x-mom-delivery': `${delivery.id}/${delivery.attempt}`,
          },
          body,
          // The hub aborts when the try's time budget is spent, and only then: a request timeout of our own
          // would fire after the hub was held up with the answer unread, and the event would go twice.
          delivery.signal,
          timeoutMs,
        );
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new RetryableDeliveryError(`POST ${url} failed (${code ?? 'network error'}: ${(e as Error).message})`);
      }
      const text = res.text.slice(0, 500);
      if (res.status >= 200 && res.status < 300) return { response: `${res.status} ${text}` };
      const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
      const message = `POST ${url} answered ${res.status}${text ? `: ${text}` : ''}`;
      if (!retryable) throw new PermanentDeliveryError(message);
      throw new RetryableDeliveryError(message, retryAfterMs(res.headers['retry-after'], now()));
    },

    inboundSecret: () => (inboundEnv ? env[inboundEnv] : undefined),

    destroy: () => Promise.resolve(client.close()),

    async health() {
      try {
        const res = await client.request('HEAD', {}, undefined, undefined, timeoutMs);
        return { ok: res.status < 500, detail: `HEAD ${url} answered ${res.status}` };
      } catch (e) {
        return { ok: false, detail: (e as Error).message };
      }
    },
  };
  return adapter;
};

/** Retry-After is seconds or an HTTP date. */
function retryAfterMs(header: unknown, now: Date): number | undefined {
  if (typeof header !== 'string' || header === '') return undefined;
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
