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

export function parseDecimal(value: unknown, field: string): Decimal {
  if (typeof value !== 'string' && typeof value !== 'number') throw badInput(field, 'must be a decimal number');
  let d: Decimal;
  try {
    d = new Decimal(value);
  } catch {
    throw badInput(field, `"${String(value)}" is not a decimal number`);
  }
  if (!d.isFinite()) throw badInput(field, 'must be a finite decimal number');
  if (d.decimalPlaces() > QTY_SCALE) throw badInput(field, `at most ${QTY_SCALE} decimal places`);
  if (d.abs().gte('1e12')) throw badInput(field, 'is too large');
  return d;
}

export function positiveQty(value: Decimal.Value, field = 'qty'): Decimal {
  const d = parseDecimal(typeof value === 'object' ? value.toString() : value, field);
  if (d.lte(0)) throw badInput(field, `must be greater than zero (got ${d.toFixed()})`);
  return d;
}

export function nonNegativeQty(value: Decimal.Value, field: string): Decimal {
  const d = parseDecimal(typeof value === 'object' ? value.toString() : value, field);
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
