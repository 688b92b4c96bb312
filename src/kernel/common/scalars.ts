import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { parseDecimal, qtyString } from './quantity';
import { ErrorCode } from './errors';

function toDecimalString(value: unknown): string {
  try {
    return qtyString(parseDecimal(value, 'Decimal'));
  } catch (e) {
    throw new GraphQLError(`Decimal cannot represent ${JSON.stringify(value)}: ${(e as Error).message}`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
}

/**
 * A decimal already in the form `qtyString` would print it: no leading or trailing zeros, at most
 * QTY_SCALE (6) places, under 1e12, no "-0". Planned reads hand over the database's text (`trim_scale`d), so
 * most answers' decimals are this already and are sent as they are; the rest go through Decimal.
 */
export const CANONICAL_DECIMAL = /^(?:0|-?[1-9][0-9]{0,11})(?:\.[0-9]{0,5}[1-9])?$|^-0\.[0-9]{0,5}[1-9]$/;

/**
 * Exact decimal carried as a string ("12.5"); numbers are accepted on input for convenience. Input is
 * read with the hub's one decimal grammar (common/quantity.ts); output is the stored value, canonical.
 */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description:
    'An exact decimal number as a string, e.g. "12.5" (quantities and money): digits, an optional point and at most 6 decimal places, optionally a leading minus. No exponents, hex or other notations.',
  serialize: (v) => (typeof v === 'string' && CANONICAL_DECIMAL.test(v) ? v : toDecimalString(v)),
  parseValue: (v) => toDecimalString(v),
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return toDecimalString(ast.value);
    throw new GraphQLError('Decimal must be a string or number literal', { extensions: { code: ErrorCode.BAD_USER_INPUT } });
  },
});

/** Event sequences are BIGINT; sent as strings so JavaScript clients never round them. */
export const SequenceScalar = new GraphQLScalarType({
  name: 'Sequence',
  description: 'A position in the event log (a 64-bit integer as a string). Resume a subscription after it.',
  serialize: (v) => String(v),
  parseValue: (v) => parseSequence(v),
  parseLiteral: (ast) => (ast.kind === Kind.STRING || ast.kind === Kind.INT ? parseSequence(ast.value) : parseSequence(undefined)),
});

function parseSequence(v: unknown): string {
  const s = String(v);
  if (!/^\d{1,19}$/.test(s)) {
    throw new GraphQLError(`Sequence must be a non-negative integer, got ${JSON.stringify(v)}`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  return s;
}
