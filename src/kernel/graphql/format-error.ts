import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { DriverException, UniqueConstraintViolationException, ForeignKeyConstraintViolationException } from '@mikro-orm/core';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import type { Logger } from 'pino';
import { DomainError, ErrorCode } from '../common/errors';
import { isDatabaseUnavailable, unavailableError } from './availability';

function validationMessages(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((e) => {
    const here = /^\d+$/.test(e.property) ? `${path}[${e.property}]` : path ? `${path}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${here}: ${m.replace(new RegExp(`^${e.property} `), '')}`);
    return [...own, ...validationMessages(e.children ?? [], here)];
  });
}

/** What graphql-js and Apollo say of a document that does not parse or validate. */
const GRAPHQL_REFUSALS: readonly unknown[] = [ApolloServerErrorCode.GRAPHQL_PARSE_FAILED, ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED];

/**
 * Every error leaves with a code from DESIGN.md §4 and a sentence a person can act on. Anything
 * unexpected is logged in full and shown only as an internal error, never with a stack or SQL.
 */
export function formatErrorFor(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) return { ...formatted, message: original.message };
    if (isDatabaseUnavailable(original)) return unavailableError(formatted);
    if (original instanceof ArgumentValidationError) {
      const errors = original.extensions.validationErrors ?? [];
      const messages = validationMessages(errors);
      return {
        ...formatted,
        message: messages.length ? messages.join('; ') : 'The input is not valid',
        extensions: { code: ErrorCode.BAD_USER_INPUT, fields: messages },
      };
    }
    if (original instanceof UniqueConstraintViolationException) {
      return { ...formatted, message: 'That already exists (a unique key is taken)', extensions: { code: ErrorCode.CONFLICT } };
    }
    if (original instanceof DriverException && (original as DriverException & { code?: string }).code === '22003') {
      return { ...formatted, message: 'A quantity or amount is too large to store', extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    if (original instanceof ForeignKeyConstraintViolationException) {
      return { ...formatted, message: 'A record it refers to does not exist', extensions: { code: ErrorCode.NOT_FOUND } };
    }
    const code = formatted.extensions?.code;
    if (GRAPHQL_REFUSALS.includes(code)) {
      return { ...formatted, extensions: { code: ErrorCode.BAD_USER_INPUT, reason: code } };
    }
    if (typeof code === 'string' && code !== String(ApolloServerErrorCode.INTERNAL_SERVER_ERROR)) return formatted;
    log.error({ err: original }, 'unexpected error');
    return {
      message: 'Internal error; the hub logged the details',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
