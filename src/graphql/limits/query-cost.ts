/**
 * Query cost
 *
 * An estimate of the work an operation asks for, computed before it runs: every field costs
 * `fieldCost`, and a paged list field multiplies the cost of what it selects by its `first`
 * (an omitted `first` counts as its default, 20; more than the page cap, 100, counts as the cap,
 * since no page is larger). So `followers(first: 100) { edges { node { followers(first: 100) …`
 * costs ten thousand times its innermost selection, as it would read that many users.
 */
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../domain/pagination';

export interface QueryCostSettings {
  /** What each field adds, before multiplication by the lists around it. */
  fieldCost: number;
}

/** graphql-query-complexity gives up past this many selections; far above what the token limit lets through. */
const MAX_QUERY_NODES = 100_000;

export class QueryNodesExceeded extends Error {
  override name = 'QueryNodesExceeded';
}

export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  settings: QueryCostSettings,
): number {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? {},
      estimators: [pagedListEstimator(settings)],
      maxQueryNodes: MAX_QUERY_NODES,
    });
  } catch (error) {
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) throw new QueryNodesExceeded(error.message);
    throw error;
  }
}

function pagedListEstimator({ fieldCost }: QueryCostSettings): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    const paged = field.args.some((argument) => argument.name === 'first');
    return fieldCost + (paged ? listSize(args.first) : 1) * childComplexity;
  };
}

/** How many items a page can hold for this `first`: what the domain will read at most. */
function listSize(first: unknown): number {
  const size = typeof first === 'number' && Number.isFinite(first) ? first : DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(size, 0), MAX_PAGE_SIZE);
}
