import type { NextFunction, Request, Response } from 'express';

import { requestIdFrom } from '../request-id';

/**
 * Gives each request its id (see src/request-id.ts): echoed in `X-Request-Id`, and kept in
 * `response.locals.requestId` for its log line, its GraphQL context and its errors.
 */
export function requestIds() {
  return (request: Request, response: Response, next: NextFunction) => {
    const requestId = requestIdFrom(request.headers['x-request-id']);
    response.locals.requestId = requestId;
    response.setHeader('X-Request-Id', requestId);
    next();
  };
}
