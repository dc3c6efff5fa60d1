/**
 * Token limit
 *
 * Refuses a GraphQL request whose query has more tokens than the limit before Apollo parses it,
 * with a 400 and a QUERY_TOO_COMPLEX error: graphql-armor's counting parser gives up at the limit,
 * so an enormous query costs no more than a small one. (Apollo turns an error thrown by a plugin
 * while parsing into a 500, hence here rather than in the limits' plugin.)
 */
import type { NextFunction, Request, Response } from 'express';

import type { FormatError } from '../graphql/format-error';
import type { OperationLimits } from '../graphql/limits/operation-limits';
import { QueryLimitError } from '../graphql/limits/query-limit-error';

export function tokenLimit(limits: OperationLimits, formatError: FormatError) {
  return (request: Request, response: Response, next: NextFunction) => {
    const query = request.method === 'GET' ? request.query.query : (request.body as { query?: unknown } | undefined)?.query;
    if (typeof query === 'string') {
      try {
        limits.checkTokens(query);
      } catch (error) {
        // Syntax errors are Apollo's to report.
        if (error instanceof QueryLimitError) {
          response.status(400).json({ errors: [formatError(error.toJSON(), error)] });
          return;
        }
      }
    }
    next();
  };
}
