import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The hub's webhook signature, both ways (scheme v2): HMAC-SHA256, hex, over
 *
 *     <timestamp>.<idempotency key>.<body>
 *
 * sent as `X-MOM-Signature: v2=<hex>` with `X-MOM-Timestamp: <unix seconds>` and `Idempotency-Key:
 * <key>`. Signing the key with the body means a captured request cannot be sent again under a new key
 * (the hub would take it for a new message); signing the timestamp lets a receiver refuse replays
 * outside a short window. A key may not contain "." (nor anything but visible ASCII), so the signed
 * text splits one way only.
 *
 * Scheme v1 (HMAC over "<timestamp>.<body>", without the key) is no longer accepted on the way in.
 */
export const SIGNATURE_HEADER = 'x-mom-signature';
export const TIMESTAMP_HEADER = 'x-mom-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAY_WINDOW_SECONDS = 300;
export const SIGNATURE_SCHEME = 'v2';

/** 1–200 visible ASCII characters other than "." (UUIDs, "erp-4711", "SO:2026/42" are fine). */
const KEY_PATTERN = /^[\x21-\x2d\x2f-\x7e]{1,200}$/;

export function idempotencyKeyProblem(key: string | undefined): string | null {
  if (!key) return `send an ${IDEMPOTENCY_HEADER} header`;
  if (!KEY_PATTERN.test(key)) return `the ${IDEMPOTENCY_HEADER} must be 1 to 200 visible ASCII characters other than "."`;
  return null;
}

export const signedText = (timestamp: number | string, idempotencyKey: string, body: string) => `${timestamp}.${idempotencyKey}.${body}`;

export function sign(secret: string, timestamp: number, idempotencyKey: string, body: string): string {
  return `${SIGNATURE_SCHEME}=${createHmac('sha256', secret)
    .update(signedText(timestamp, idempotencyKey, body))
    .digest('hex')}`;
}

export type VerifyResult = { ok: true } | { ok: false; status: number; reason: string };

export function verifySignature(
  secret: string,
  headers: { signature?: string; timestamp?: string; idempotencyKey?: string },
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): VerifyResult {
  if (!headers.signature || !headers.timestamp) {
    return { ok: false, status: 401, reason: `send ${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER}` };
  }
  const keyProblem = idempotencyKeyProblem(headers.idempotencyKey);
  if (keyProblem) return { ok: false, status: 400, reason: keyProblem };
  if (headers.signature.startsWith('v1=')) {
    return {
      ok: false,
      status: 401,
      reason:
        `v1 signatures (without the idempotency key) are no longer accepted; sign with v2: ` +
        `${SIGNATURE_HEADER}: v2=<hex HMAC-SHA256 of "<timestamp>.<idempotency key>.<body>">`,
    };
  }
  if (!/^\d{1,12}$/.test(headers.timestamp)) return { ok: false, status: 401, reason: `${TIMESTAMP_HEADER} must be unix seconds` };
  const ts = Number(headers.timestamp);
  if (Math.abs(nowSeconds - ts) > REPLAY_WINDOW_SECONDS) {
    return { ok: false, status: 401, reason: `the timestamp is outside the ${REPLAY_WINDOW_SECONDS}s replay window` };
  }
  const expected = Buffer.from(sign(secret, ts, headers.idempotencyKey!, body));
  const given = Buffer.from(headers.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, status: 401, reason: 'the signature does not match the timestamp, idempotency key and body' };
  }
  return { ok: true };
}
