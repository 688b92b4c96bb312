import Decimal from 'decimal.js';
import { badInput } from './errors';

/**
 * Quantities and money are exact decimals: stored as NUMERIC, carried as strings, computed with
 * decimal.js. Never a JS number, which would turn 0.1 + 0.2 into 0.30000000000000004 in a ledger.
 */
export const QTY_SCALE = 6;
export { Decimal };

export const dec = (v: Decimal.Value) => new Decimal(v);

/** Canonical text form: no exponent, no trailing zeros ("1.500000" → "1.5"). */
export const qtyString = (v: Decimal.Value) => new Decimal(v).toFixed();

/**
 * The one decimal grammar of the hub, for every quantity and amount that comes in (GraphQL, webhooks,
 * imports, B2MML): ASCII digits, an optional point followed by digits, and an optional leading minus.
 * Nothing else — no hex, binary or octal prefixes, exponents, plus signs, blanks, underscores, a bare
 * point or other digits — so what is booked is exactly what was written. The minus is part of the
 * grammar because the same type carries negative balances out (virtual locations) and because the rule
 * that refuses a negative ("must be greater than zero") says more than "not a number". At most
 * QTY_SCALE (6) places and less than 10^12 are checked after, each with its own message.
 */
export const DECIMAL_PATTERN = /^-?[0-9]+(?:\.[0-9]+)?$/;

/** Why `text` is not a decimal of the hub's grammar, or null if it is one. */
export function decimalProblem(text: string): string | null {
  if (!DECIMAL_PATTERN.test(text)) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    return `${JSON.stringify(shown)} is not a decimal number (digits, an optional point and at most ${QTY_SCALE} decimal places, e.g. "12.5")`;
  }
  const point = text.indexOf('.');
  if (point >= 0 && text.length - point - 1 > QTY_SCALE) return `at most ${QTY_SCALE} decimal places`;
  return null;
}

export function parseDecimal(value: unknown, field: string): Decimal {
  if (typeof value !== 'string' && typeof value !== 'number') throw badInput(field, 'must be a decimal number');
  // A JSON number arrives as what JavaScript makes of it (1e21 → "1e+21", which the grammar refuses).
  const text = typeof value === 'number' ? String(value) : value;
  const problem = decimalProblem(text);
  if (problem) throw badInput(field, problem);
  const d = new Decimal(text);
  if (d.abs().gte('1e12')) throw badInput(field, 'is too large');
  return d;
}

/** Internal values (Decimal objects) in plain notation, external ones as they came. */
const asText = (value: Decimal.Value) => (typeof value === 'object' ? value.toFixed() : value);

export function positiveQty(value: Decimal.Value, field = 'qty'): Decimal {
  const d = parseDecimal(asText(value), field);
  if (d.lte(0)) throw badInput(field, `must be greater than zero (got ${d.toFixed()})`);
  return d;
}

export function nonNegativeQty(value: Decimal.Value, field: string): Decimal {
  const d = parseDecimal(asText(value), field);
  if (d.lt(0)) throw badInput(field, `must not be negative (got ${d.toFixed()})`);
  return d;
}

/** A calendar date as YYYY-MM-DD (ISO 8601); anything else is BAD_USER_INPUT naming the field. */
export function isoDate(value: string, field: string): string {
  const day = value.slice(0, 10);
  const parsed = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw badInput(field, `"${value}" is not a date (YYYY-MM-DD)`);
  }
  return day;
}
