import { GraphQLError } from 'graphql';

/** The error codes of DESIGN.md §4; every error a client sees carries one in `extensions.code`. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  INVALID_STATE = 'INVALID_STATE',
  INSUFFICIENT_STOCK = 'INSUFFICIENT_STOCK',
  /** The database cannot be reached: retry later (HTTP 503 with Retry-After). */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

export class DomainError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details } });
  }
}

export const notFound = (what: string, id: string) => new DomainError(ErrorCode.NOT_FOUND, `${what} ${id} does not exist`, { id });

export const badInput = (field: string, message: string) => new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { field });

export const invalidState = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.INVALID_STATE, message, details);

export const conflict = (message: string, details: Record<string, unknown> = {}) => new DomainError(ErrorCode.CONFLICT, message, details);

export const forbidden = (message = 'You are not allowed to do this') => new DomainError(ErrorCode.FORBIDDEN, message);

export const unauthenticated = (message: string) => new DomainError(ErrorCode.UNAUTHENTICATED, message);
