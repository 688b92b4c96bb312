import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { Role, PARTNER_ROLES } from './permissions';
import type { Actor } from './actor';
import { unauthenticated } from '../common/errors';

export interface JwtSettings {
  secret: string;
  issuer: string;
  audience: string;
}

// The algorithm is pinned: a token whose header says `none` or RS256 is refused before its claims are read.
const ALGORITHM = 'HS256' as const;

const claims = z.object({
  sub: z.string().min(1),
  role: z.enum(Role),
  partnerId: z.uuid().optional(),
  deviceId: z.string().optional(),
});

export function signToken(settings: JwtSettings, actor: Actor, expiresIn: jwt.SignOptions['expiresIn'] = '12h'): string {
  if (PARTNER_ROLES.has(actor.role) && !actor.partnerId) {
    throw new Error(`a ${actor.role} token must name its partner (--partner ID)`);
  }
  const payload: Record<string, unknown> = { role: actor.role };
  if (actor.partnerId) payload.partnerId = actor.partnerId;
  if (actor.deviceId) payload.deviceId = actor.deviceId;
  return jwt.sign(payload, settings.secret, {
    algorithm: ALGORITHM,
    subject: actor.subject,
    issuer: settings.issuer,
    audience: settings.audience,
    expiresIn,
  });
}

/** The caller a token names, and when it expires (seconds since the epoch), as `verify` finds them. */
export interface VerifiedToken {
  actor: Actor;
  exp?: number;
}

/** How many verified tokens one process remembers; the oldest is dropped past this. */
const CACHE_SIZE = 10_000;

/**
 * Verifies bearer tokens for one secret, issuer and audience.
 *
 * The secret is turned into a KeyObject once: given a string, jsonwebtoken first tries it as a public key
 * (`crypto.createPublicKey`, which throws) on every call, at about 0.4 ms each.
 *
 * A token that passed every check is remembered by its exact text until its `exp`: the key, issuer and
 * audience are fixed for the verifier's life, so the same text would pass the same checks again until then.
 * A token differing in any character — another signature, claim or header — is a different entry and is
 * verified in full. Tokens without `exp` are never remembered.
 */
export class TokenVerifier {
  private readonly key: KeyObject;
  private readonly verified = new Map<string, { actor: Actor; exp: number }>();

  constructor(
    private readonly settings: JwtSettings,
    private readonly cacheSize = CACHE_SIZE,
  ) {
    this.key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
  }

  /** The token's actor and expiry, or throws UNAUTHENTICATED saying why; `now` is for tests. */
  verify(token: string, now = Date.now()): VerifiedToken {
    const hit = this.verified.get(token);
    if (hit) {
      // jsonwebtoken's own rule: expired once the current whole second reaches `exp`.
      if (Math.floor(now / 1000) < hit.exp) return { actor: hit.actor, exp: hit.exp };
      this.verified.delete(token);
    }
    const result = this.verifyUncached(token, now);
    if (result.exp !== undefined && this.cacheSize > 0) this.remember(token, result.actor, result.exp);
    return result;
  }

  /** Every check, with nothing remembered; `now` is the clock the expiry is read against. */
  verifyUncached(token: string, now = Date.now()): VerifiedToken {
    let decoded: unknown;
    try {
      decoded = jwt.verify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTimestamp: Math.floor(now / 1000),
      });
    } catch (e) {
      const reason = e instanceof jwt.TokenExpiredError ? 'the token has expired' : `the token is not valid (${(e as Error).message})`;
      throw unauthenticated(`Sign in again: ${reason}`);
    }
    const parsed = claims.safeParse(decoded);
    if (!parsed.success) throw unauthenticated('Sign in again: the token does not carry a known role and subject');
    const c = parsed.data;
    if (PARTNER_ROLES.has(c.role) && !c.partnerId) throw unauthenticated(`Sign in again: a ${c.role} token must carry a partnerId`);
    const actor: Actor = Object.freeze({ subject: c.sub, role: c.role, partnerId: c.partnerId, deviceId: c.deviceId });
    const exp = (decoded as { exp?: unknown }).exp;
    return { actor, exp: typeof exp === 'number' ? exp : undefined };
  }

  /** How many tokens are remembered now (for tests). */
  get size(): number {
    return this.verified.size;
  }

  private remember(token: string, actor: Actor, exp: number): void {
    // Full: drop the oldest entry (a Map iterates in insertion order). An expired entry is never answered
    // from; it leaves when it is next looked up or when it is the oldest.
    if (this.verified.size >= this.cacheSize) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { actor, exp });
  }
}

/** Reads "Bearer <token>"; returns null when there is no header at all. */
export function bearerToken(header: unknown): string | null {
  if (header === undefined || header === null || header === '') return null;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m) throw unauthenticated('The Authorization header must be "Bearer <token>"');
  return m[1];
}
