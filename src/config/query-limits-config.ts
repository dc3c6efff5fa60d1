/**
 * Query-limit settings
 *
 * How large an operation may be before it is refused unrun (QUERY_TOO_COMPLEX; see src/graphql/limits).
 */
import { z } from 'zod';

import { positiveInt } from './environment-values';

/** Operations refused before they run (QUERY_TOO_COMPLEX); see src/graphql/limits. */
export interface QueryLimitConfig {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Estimated cost: each field costs `fieldCost`, and a paged list multiplies its selection by its `first` (src/graphql/limits/query-cost.ts). */
  maxCost: number;
  fieldCost: number;
}

export const queryLimitVariables = z.object({
  QUERY_MAX_DEPTH: positiveInt.default(10),
  QUERY_MAX_ALIASES: z.coerce.number().int().min(0).default(15),
  QUERY_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(10),
  QUERY_MAX_TOKENS: positiveInt.default(1000),
  QUERY_MAX_COST: positiveInt.default(5000),
  QUERY_FIELD_COST: z.coerce.number().min(0).default(1),
});

export function queryLimitConfig(env: z.infer<typeof queryLimitVariables>): QueryLimitConfig {
  return {
    maxDepth: env.QUERY_MAX_DEPTH,
    maxAliases: env.QUERY_MAX_ALIASES,
    maxDirectives: env.QUERY_MAX_DIRECTIVES,
    maxTokens: env.QUERY_MAX_TOKENS,
    maxCost: env.QUERY_MAX_COST,
    fieldCost: env.QUERY_FIELD_COST,
  };
}
