import type { NextFunction, Request, Response } from 'express';

import { requestIdFrom, runWithRequestId } from '../request-id';

/**
 * Gives each request its id (see src/request-id.ts): echoed in `X-Request-Id`, kept in
 * `response.locals.requestId` for the log line, and in scope for everything the request runs.
 */
export function requestIds() {
  return (request: Request, response: Response, next: NextFunction) => {
    const requestId = requestIdFrom(request.headers['x-request-id']);
    response.locals.requestId = requestId;
    response.setHeader('X-Request-Id', requestId);
    runWithRequestId(requestId, next);
  };
}
