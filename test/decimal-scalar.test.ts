import { CANONICAL_DECIMAL, DecimalScalar } from '../src/kernel/common/scalars';
import { qtyString } from '../src/kernel/common/quantity';

// The Decimal scalar sends canonical text as it is and everything else through Decimal; both must print
// the same, so whether a value took the short way never shows in an answer.
const slow = (v: string) => qtyString(v);

/** A small deterministic generator (mulberry32), so a failure names the value and repeats. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('canonical decimals pass unchanged, and every canonical text is what Decimal would print', () => {
  const next = random(8);
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
  for (let i = 0; i < 20_000; i++) {
    // Leading and trailing zeros, signs, zero, 0–8 places and 1–13 integer digits, including the edges.
    const text = `${next() < 0.3 ? '-' : ''}${digits(1 + Math.floor(next() * 13))}${next() < 0.7 ? `.${digits(Math.floor(next() * 9))}` : ''}`;
    let expected: string | Error;
    try {
      expected = DecimalScalar.parseValue(text);
    } catch (e) {
      expected = e as Error;
    }
    if (expected instanceof Error) {
      expect(() => DecimalScalar.serialize(text)).toThrow();
      continue;
    }
    expect([text, DecimalScalar.serialize(text)]).toEqual([text, expected]);
    if (CANONICAL_DECIMAL.test(text)) expect([text, slow(text)]).toEqual([text, text]);
  }
});

test('the edges: zero, minus zero, trailing zeros, six places, the largest and too large', () => {
  const cases: [string, string][] = [
    ['0', '0'],
    ['-0', '0'],
    ['-0.0', '0'],
    ['0.000001', '0.000001'],
    ['-0.5', '-0.5'],
    ['12.500', '12.5'],
    ['007', '7'],
    ['999999999999.999999', '999999999999.999999'],
  ];
  for (const [given, sent] of cases) expect([given, DecimalScalar.serialize(given)]).toEqual([given, sent]);
  for (const refused of ['1000000000000', '1.0000001', '1e3', ' 1', '']) expect(() => DecimalScalar.serialize(refused)).toThrow();
  expect(CANONICAL_DECIMAL.test('-0')).toBe(false);
  expect(CANONICAL_DECIMAL.test('1.5')).toBe(true);
});
