/**
 * Paged queries
 *
 * Runs a `*-pages.cypher` statement for many page requests at once (one round trip per distinct
 * limit) and hands each request its rows, in request order.
 */
import type { Graph } from './graph';
import type { PageRequest } from '../domain/page-request';
import { groupByLimit } from './page-request';

export async function runPagedQuery<Position, Row extends { key: number }>(
  graph: Graph,
  statement: string,
  requests: readonly PageRequest<Position>[],
  toParameters: (request: PageRequest<Position>) => Record<string, unknown>,
  /** Parameters of the statement as a whole, beside `requests` and `limit`. */
  shared: Record<string, unknown> = {},
): Promise<Row[][]> {
  const rowsByRequest = requests.map((): Row[] => []);
  const keyed = requests.map((request, key) => ({ request, key }));
  await Promise.all(
    [...groupByLimit(requests)].map(async ([limit, group]) => {
      const parameters = keyed
        .filter(({ request }) => group.includes(request))
        .map(({ request, key }) => ({ key, ownerId: request.ownerId, ...toParameters(request) }));
      const rows = await graph.read<Row>(statement, { ...shared, requests: parameters, limit });
      for (const row of rows) rowsByRequest[row.key]?.push(row);
    }),
  );
  return rowsByRequest;
}
