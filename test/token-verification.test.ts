import jwt from 'jsonwebtoken';
import { startTestHub, TEST_SECRET, type TestHub } from './support/hub';
import { HttpClient } from './support/client';
import { TokenVerifier } from '../src/kernel/auth/tokens';
import { Role } from '../src/kernel/auth/permissions';

/**
 * The hub remembers a token it verified until the token's `exp`. These tests check that remembering one
 * token never lets another through: a forged or expired token is refused even after a valid one was
 * accepted, and a remembered token is refused once its own expiry passes.
 */

const names = { issuer: 'mom-hub', audience: 'mom-hub' };
const settings = { secret: TEST_SECRET, ...names };
const query = '{ __typename }';

/** The token with its payload swapped for `payload`, keeping the original header and signature. */
function withPayload(token: string, payload: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
}

describe('over HTTP, after a valid token was accepted', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t?.close());

  const refused = async (token: string) => {
    const res = await new HttpClient(t.hub.url, token).raw({ query });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    return res.body.errors?.[0].message;
  };

  test('a forged or altered token is still refused', async () => {
    const valid = t.token('viewer');
    expect((await new HttpClient(t.hub.url, valid).raw({ query })).body.data).toEqual({ __typename: 'Query' });
    expect((await new HttpClient(t.hub.url, valid).raw({ query })).body.data).toEqual({ __typename: 'Query' });

    // The same claims raised to admin, under the valid token's signature.
    expect(await refused(withPayload(valid, { ...payloadOf(valid), role: 'admin' }))).toMatch(/invalid signature/);
    // The same claims signed with another key.
    const { iat: _iat, ...claims } = payloadOf(valid);
    expect(await refused(jwt.sign(claims, 'another-secret-another-secret-another-secret', { algorithm: 'HS256' }))).toMatch(
      /invalid signature/,
    );
    // The valid token with one character of its signature changed.
    const last = valid.at(-1) === 'A' ? 'B' : 'A';
    expect(await refused(valid.slice(0, -1) + last)).toMatch(/Sign in again/);
    // The same subject and role, expired.
    expect(await refused(t.token('viewer', undefined, -10))).toMatch(/expired/);
    // The valid one still passes.
    expect((await new HttpClient(t.hub.url, valid).raw({ query })).body.data).toEqual({ __typename: 'Query' });
  });

  test('a remembered token is refused once it expires', async () => {
    const shortLived = t.token('planner', undefined, 2);
    const exp = (payloadOf(shortLived).exp as number) * 1000;
    expect((await new HttpClient(t.hub.url, shortLived).raw({ query })).body.data).toEqual({ __typename: 'Query' });
    await new Promise((r) => setTimeout(r, exp - Date.now() + 50));
    expect(await refused(shortLived)).toMatch(/expired/);
  });
});

describe('TokenVerifier', () => {
  const sign = (role: Role, expiresIn: number) =>
    jwt.sign({ role }, TEST_SECRET, { ...names, subject: 's', expiresIn, algorithm: 'HS256' });

  test('answers a remembered token only until its exp, by the same rule as a full check', () => {
    const verifier = new TokenVerifier(settings);
    const token = sign(Role.viewer, 60);
    const exp = payloadOf(token).exp as number;
    expect(verifier.verify(token)).toEqual({ actor: { subject: 's', role: Role.viewer }, exp });
    expect(verifier.size).toBe(1);
    expect(verifier.verify(token, exp * 1000 - 1).actor.role).toBe(Role.viewer);
    expect(() => verifier.verify(token, exp * 1000)).toThrow(/expired/);
    expect(verifier.size).toBe(0);
  });

  test('remembers nothing that failed, nor a token without exp', () => {
    const verifier = new TokenVerifier(settings);
    expect(() => verifier.verify(sign(Role.viewer, -1))).toThrow(/expired/);
    expect(() => verifier.verify(jwt.sign({ role: 'overlord' }, TEST_SECRET, { ...names, subject: 's' }))).toThrow(/known role/);
    expect(() => verifier.verify(jwt.sign({ role: 'supplier' }, TEST_SECRET, { ...names, subject: 's', expiresIn: 60 }))).toThrow(
      /partnerId/,
    );
    const noExp = jwt.sign({ role: 'viewer' }, TEST_SECRET, { ...names, subject: 's' });
    expect(verifier.verify(noExp)).toEqual({ actor: { subject: 's', role: Role.viewer }, exp: undefined });
    expect(verifier.size).toBe(0);
  });

  test('holds at most its size, dropping the oldest', () => {
    const verifier = new TokenVerifier(settings, 3);
    const tokens = [1, 2, 3, 4].map((n) => jwt.sign({ role: 'viewer' }, TEST_SECRET, { ...names, subject: `s${n}`, expiresIn: 60 }));
    for (const token of tokens) verifier.verify(token);
    expect(verifier.size).toBe(3);
    // Every one still verifies: the dropped one is checked again in full.
    expect(tokens.map((token) => verifier.verify(token).actor.subject)).toEqual(['s1', 's2', 's3', 's4']);
    expect(verifier.size).toBe(3);
  });

  test('the actor it hands out cannot be changed by a caller', () => {
    const verifier = new TokenVerifier(settings);
    const token = sign(Role.viewer, 60);
    const actor = verifier.verify(token).actor as { role: string };
    expect(() => {
      actor.role = 'admin';
    }).toThrow(TypeError);
    expect(verifier.verify(token).actor.role).toBe(Role.viewer);
  });
});
