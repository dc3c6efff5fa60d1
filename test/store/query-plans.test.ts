/**
 * Reads whose cost must not grow with a user's followers, favorites or tweets.
 */
import type { Graph } from '../../src/store/graph';
import { connectTestGraph } from '../support/test-graph';

let graph: Graph;
beforeAll(() => {
  graph = connectTestGraph();
});
afterAll(() => graph.close());

async function plan(statement: string): Promise<string> {
  const operators = await graph.explain(statement, {
    ids: [],
    handleKeys: [],
    viewerId: 'x',
    userIds: [],
    tweetIds: [],
    requests: [],
    limit: 20,
    id: 'x',
    clientKey: 'x',
    authorId: 'x',
    handleKey: 'x',
  });
  return operators.join('\n').replace(/@neo4j/g, '');
}

it.each(['users-by-ids', 'users-by-handle-keys', 'tweets-by-ids'])(
  '%s reads stored counts through a unique index, touching no relationship',
  async (statement) => {
    const text = await plan(statement);
    expect(text).toMatch(/NodeUniqueIndexSeek/);
    expect(text).not.toMatch(/Expand|Scan|Count/);
  },
);

it.each(['viewer-follows', 'viewer-favorited', 'viewer-relations', 'author-tweets-pages', 'viewed-users-by-handle-keys'])(
  '%s checks each edge between two bound nodes, never expanding a celebrity',
  async (statement) => {
    const text = await plan(statement);
    expect(text).toMatch(/Expand\(Into\)/);
    expect(text).not.toMatch(/Expand\(All\)|Scan/);
  },
);

it.each(['posted-tweet', 'user-by-id-and-handle-key'])('%s, answering a retried create, finds it through unique indexes alone', async (statement) => {
  const text = await plan(statement);
  expect(text).toMatch(/NodeUniqueIndexSeek/);
  expect(text).not.toMatch(/Scan|Expand\(All\)/);
});

it("count-pending-fan-outs reads Neo4j's count store, however long the outbox grows", async () => {
  const text = await plan('count-pending-fan-outs');
  expect(text).toMatch(/NodeCountFromCountStore/);
  expect(text).not.toMatch(/Scan|Expand/);
});
