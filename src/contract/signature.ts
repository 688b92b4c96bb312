import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The hub's webhook signature, both ways: HMAC-SHA256 over "<timestamp>.<body>", hex, sent as
 * `X-MOM-Signature: v1=<hex>` with `X-MOM-Timestamp: <unix seconds>`. Signing the timestamp with the body
 * lets a receiver refuse replays outside a short window.
 */
export const SIGNATURE_HEADER = 'x-mom-signature';
export const TIMESTAMP_HEADER = 'x-mom-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAY_WINDOW_SECONDS = 300;

export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type VerifyResult = { ok: true } | { ok: false; status: number; reason: string };

export function verifySignature(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): VerifyResult {
  if (!headers.signature || !headers.timestamp) {
    return { ok: false, status: 401, reason: `send ${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER}` };
  }
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts)) return { ok: false, status: 401, reason: `${TIMESTAMP_HEADER} must be unix seconds` };
  if (Math.abs(nowSeconds - ts) > REPLAY_WINDOW_SECONDS) {
    return { ok: false, status: 401, reason: `the timestamp is outside the ${REPLAY_WINDOW_SECONDS}s replay window` };
  }
  const expected = Buffer.from(sign(secret, ts, body));
  const given = Buffer.from(headers.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, status: 401, reason: 'the signature does not match the body' };
  }
  return { ok: true };
}
