/**
 * Error responses
 *
 * Whatever goes wrong outside a GraphQL operation still answers in the GraphQL error format, as
 * JSON: a body that is not JSON (400), too large (413) or of another content type (415), an
 * uncaught exception (500, INTERNAL_SERVER_ERROR with the request id, logged with it). Never
 * Express's HTML page, a stack trace or a file path, unless error details are exposed for
 * development. (Unknown paths, /graphql/… included, are the web app's 404s, in the same format.)
 */
import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

import { INTERNAL_SERVER_ERROR } from '../graphql/format-error';
import type { Logger } from '../logger';

/** Apollo's code for a request it cannot read as GraphQL; ours for the same refused earlier. */
const BAD_REQUEST = ApolloServerErrorCode.BAD_REQUEST;

/** body-parser's error types, and what a client is told for each. */
const BODY_ERRORS: Record<string, { status: number; message: string }> = {
  'entity.parse.failed': { status: 400, message: 'The request body is not valid JSON.' },
  'entity.too.large': { status: 413, message: 'The request body is larger than 100 KB.' },
  'entity.verify.failed': { status: 400, message: 'The request body could not be read.' },
  'request.aborted': { status: 400, message: 'The request was aborted before its body was read.' },
  'request.size.invalid': { status: 400, message: 'The request body is not as long as its Content-Length says.' },
  'encoding.unsupported': { status: 415, message: 'The request body’s Content-Encoding is not supported.' },
  'charset.unsupported': { status: 415, message: 'The request body’s charset is not supported; send UTF-8.' },
};

export function sendGraphQLError(response: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  response.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/** A POST to /graphql must be JSON: anything else is refused before it is read. */
export function jsonBodiesOnly() {
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method === 'POST' && !request.is('application/json')) {
      sendGraphQLError(response, 415, BAD_REQUEST, 'Send GraphQL requests as Content-Type: application/json.');
      return;
    }
    next();
  };
}

/** The last handler: every error that reached Express becomes a GraphQL-format JSON response. */
export function errorResponses(logger: Logger, exposeDetails: boolean) {
  return (error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const type = (error as { type?: unknown } | null)?.type;
    const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
    if (known) {
      sendGraphQLError(response, known.status, BAD_REQUEST, known.message);
      return;
    }

    const requestId = (response.locals.requestId as string | undefined) ?? randomUUID();
    logger.error({ err: error, requestId }, 'Unexpected error while serving a request');
    const details = exposeDetails && error instanceof Error ? { exception: { message: error.message, stacktrace: error.stack?.split('\n') } } : {};
    sendGraphQLError(response, 500, INTERNAL_SERVER_ERROR, 'Internal server error.', { requestId, ...details });
  };
}
