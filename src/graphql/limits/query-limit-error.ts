/**
 * Query limit errors
 *
 * What a client gets for an operation refused before it runs: code QUERY_TOO_COMPLEX, which
 * limit it broke and that limit's value, and HTTP 400 when it came over HTTP.
 */
import { GraphQLError, type ASTNode } from 'graphql';

import { ErrorCode } from '../../domain/errors';

export type QueryLimit = 'depth' | 'aliases' | 'directives' | 'tokens' | 'cost';

export class QueryLimitError extends GraphQLError {
  constructor(
    readonly limit: QueryLimit,
    readonly maximum: number,
    message: string,
    nodes?: readonly ASTNode[],
  ) {
    super(message, {
      nodes,
      extensions: { code: ErrorCode.QueryTooComplex, limit, maximum, http: { status: 400 } },
    });
    this.name = 'QueryLimitError';
  }
}

/** The error a formatter should show for `error`, when a query limit refused the operation. */
export function queryLimitErrorIn(error: unknown): QueryLimitError | undefined {
  for (let current = error; current instanceof Error; current = current.originalError) {
    if (current instanceof QueryLimitError) return current;
    if (!(current instanceof GraphQLError)) return undefined;
  }
  return undefined;
}
