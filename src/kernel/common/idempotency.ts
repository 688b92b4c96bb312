import { createHash } from 'node:crypto';
import { Field } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { DomainError, ErrorCode } from './errors';

/**
 * Idempotency is a key plus a fingerprint of the request it was first used for. A replay with the same
 * key and the same fingerprint answers the first result; the same key with another operation or another
 * input is refused with CONFLICT (`extensions.reason: IDEMPOTENCY_KEY_REUSED`) and writes nothing. Every
 * keyed write — mutation idempotency keys, scan client event ids, webhook Idempotency-Keys — goes
 * through this file, so the rule is the same everywhere.
 */
export const IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED';

/** The fields that carry the key itself; they are not part of what the key stands for. */
const KEY_FIELDS = new Set(['idempotencyKey', 'clientEventId']);

/**
 * JSON with object keys sorted and absent values (undefined or null) left out, so the same request
 * always gives the same text whatever order or defaults the client used. Dates become ISO strings.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== null && v !== undefined && !KEY_FIELDS.has(k)) out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

/** sha256 (hex) of the operation's name and its input, the key fields left out. */
export function requestFingerprint(operation: string, input: unknown): string {
  return createHash('sha256').update(operation).update('\n').update(canonicalJson(input)).digest('hex');
}

/** What is stored beside a key: the fingerprint of its first request (null on rows from before fingerprints). */
export interface KeyedRecord<T> {
  fingerprint: string | null | undefined;
  result: T;
}

export function keyReused(field: string, key: string, what = 'request'): DomainError {
  return new DomainError(
    ErrorCode.CONFLICT,
    `${field} "${key}" was already used for a different ${what}; ` +
      `send a new ${field} for a new ${what}, or repeat the first ${what} unchanged to get its result`,
    { reason: IDEMPOTENCY_KEY_REUSED, field },
  );
}

/**
 * The first result under a key, if this is the same request again; CONFLICT if the key was used for
 * another request; null if the key is new. Rows written before fingerprints were kept have none and
 * replay as they always did.
 */
export function sameRequestOrConflict<T>(
  earlier: KeyedRecord<T> | null,
  fingerprint: string,
  field: string,
  key: string,
  what?: string,
): T | null {
  if (!earlier) return null;
  if (earlier.fingerprint && earlier.fingerprint !== fingerprint) throw keyReused(field, key, what);
  return earlier.result;
}

/**
 * The optional `idempotencyKey` of a mutation input, declared once: the same field, limits and promise
 * on every mutation that records a fact from a device or partner.
 */
export function IdempotencyKeyField(): PropertyDecorator {
  return (target, property) => {
    Field({
      nullable: true,
      description:
        'A replay of the same request with the same key returns the first result; the key with another operation or input is CONFLICT (IDEMPOTENCY_KEY_REUSED)',
    })(target, property);
    IsOptional()(target, property);
    Length(1, 200)(target, property);
  };
}
