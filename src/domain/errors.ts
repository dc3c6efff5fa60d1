/**
 * Domain errors
 *
 * The failures a client can act on, each with a code from one list. The GraphQL layer turns them
 * into `extensions.code` (and `extensions.field` for bad input); anything else is an internal error.
 */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  /** A limit on what one client may hold or queue (subscriptions per connection, unread events). */
  LimitExceeded = 'LIMIT_EXCEEDED',
  /** An operation refused before it ran: too deep, too many aliases, directives or tokens, or too costly. */
  QueryTooComplex = 'QUERY_TOO_COMPLEX',
  /** Too many of an action in a while (see domain/limits/rate-limits.ts); `retryAfter` says how long to wait. */
  RateLimited = 'RATE_LIMITED',
  /** A backing service (the database) cannot be reached; retrying later may succeed. */
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
}

export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault, for BAD_USER_INPUT. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export function badUserInput(field: string, message: string): DomainError {
  return new DomainError(ErrorCode.BadUserInput, message, field);
}

export function notFound(message: string): DomainError {
  return new DomainError(ErrorCode.NotFound, message);
}

export function serviceUnavailable(message: string): DomainError {
  return new DomainError(ErrorCode.ServiceUnavailable, message);
}
