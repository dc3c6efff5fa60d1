/**
 * Error formatting
 *
 * What a client sees of an error: domain errors keep their message and code (and the field at
 * fault); query limits keep theirs; GraphQL's own errors (syntax, validation, bad variables) pass
 * through, without "Did you mean …?" suggestions while introspection is off (they would reveal
 * the schema piece by piece); anything else is logged with the request id and reaches the client
 * as "Internal server error." with that id and no stack trace, unless error details are exposed
 * for development.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

import { DomainError } from '../domain/errors';
import { RateLimitedError } from '../domain/limits/rate-limits';
import type { Logger } from '../logger';
import { requestIdOf } from '../request-id';
import { queryLimitErrorIn } from './limits/query-limit-error';

export const INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR';

export interface ErrorFormatOptions {
  /** Internal messages and stack traces to clients: development only. */
  exposeDetails: boolean;
  /** Off: field suggestions are removed from messages too. */
  introspection: boolean;
}

/** graphql-js ends a message with its suggestions: ` Did you mean "me"?` or `… "a", "b", or "c"?`. */
const SUGGESTIONS = /\s*Did you mean [^?]*\?$/;

/** What HTTP, the token limit and the WebSocket server each format their errors with. */
export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

export function createErrorFormatter(logger: Logger, { exposeDetails, introspection }: ErrorFormatOptions): FormatError {
  return (formatted, error) => {
    // Apollo reports a refusing validation rule as GRAPHQL_VALIDATION_FAILED: keep the limit's own code.
    const limitError = queryLimitErrorIn(error);
    if (limitError) {
      return {
        message: limitError.message,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        extensions: { code: limitError.extensions.code, limit: limitError.limit, maximum: limitError.maximum },
      };
    }
    // graphql-ws wraps an error thrown by a subscription's event stream without a path, which
    // unwrapResolverError leaves wrapped.
    const original = error instanceof GraphQLError && error.originalError instanceof DomainError ? error.originalError : unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: {
          code: original.code,
          ...(original.field ? { field: original.field } : {}),
          ...(original instanceof RateLimitedError ? { retryAfter: original.retryAfterSeconds } : {}),
        },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== INTERNAL_SERVER_ERROR) {
      return introspection ? formatted : { ...formatted, message: formatted.message.replace(SUGGESTIONS, '') };
    }

    const requestId = requestIdOf(error);
    logger.error({ err: original, path: formatted.path, requestId }, 'Unexpected error while resolving a request');
    if (exposeDetails) return { ...formatted, extensions: { ...formatted.extensions, requestId } };
    return {
      message: 'Internal server error.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: INTERNAL_SERVER_ERROR, requestId },
    };
  };
}
