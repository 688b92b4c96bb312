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

/** Verifies a bearer token and returns its actor, or throws UNAUTHENTICATED saying why. */
export function verifyToken(settings: JwtSettings, token: string): Actor {
  let decoded: unknown;
  try {
    decoded = jwt.verify(token, settings.secret, {
      algorithms: [ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
    });
  } catch (e) {
    const reason = e instanceof jwt.TokenExpiredError ? 'the token has expired' : `the token is not valid (${(e as Error).message})`;
    throw unauthenticated(`Sign in again: ${reason}`);
  }
  const parsed = claims.safeParse(decoded);
  if (!parsed.success) throw unauthenticated('Sign in again: the token does not carry a known role and subject');
  const c = parsed.data;
  if (PARTNER_ROLES.has(c.role) && !c.partnerId) throw unauthenticated(`Sign in again: a ${c.role} token must carry a partnerId`);
  return { subject: c.sub, role: c.role, partnerId: c.partnerId, deviceId: c.deviceId };
}

/** Reads "Bearer <token>"; returns null when there is no header at all. */
export function bearerToken(header: unknown): string | null {
  if (header === undefined || header === null || header === '') return null;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m) throw unauthenticated('The Authorization header must be "Bearer <token>"');
  return m[1];
}
