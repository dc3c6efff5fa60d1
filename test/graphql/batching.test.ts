/**
 * A profile page costs a fixed number of Neo4j round trips, however many tweets it shows.
 */
import { startTestServer, type TestServer } from '../support/test-server';
import { postTweet, signUpMany } from '../support/users';

const PROFILE_PAGE = `query Profile($handle: String!, $first: Int!) {
  user(handle: $handle) {
    handle displayName followerCount viewerFollows
    tweets(first: $first) {
      edges { cursor node { id text createdAt favoriteCount viewerHasFavorited author { id handle displayName } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

async function roundTrips(query: string, variables: Record<string, unknown>, token?: string) {
  await server.timelines.drain(); // fan-outs of earlier posts run in the background
  const before = server.graph.roundTrips;
  const response = await server.request(query, variables, token);
  expect(response.errors).toBeUndefined();
  return { count: server.graph.roundTrips - before, data: response.data };
}

it('loads a profile page of 5, 20 or 100 tweets in the same few round trips', async () => {
  const [author, reader] = await signUpMany(server, 2);
  for (let index = 0; index < 101; index++) await postTweet(server, author, `tweet ${index}`);

  const counts: number[] = [];
  for (const first of [5, 20, 100]) {
    const { count, data } = await roundTrips(PROFILE_PAGE, { handle: author.handle, first }, reader.token);
    expect(data.user.tweets.edges).toHaveLength(first);
    expect(data.user.tweets.edges[0].node.text).toBe('tweet 100');
    counts.push(count);
  }
  expect(counts[0]).toBeLessThanOrEqual(4);
  expect(new Set(counts).size).toBe(1);
});

it('batches authors and favorites across a timeline of many authors', async () => {
  const [reader, ...authors] = await signUpMany(server, 8, 'bat');
  for (const author of authors) {
    await server.request('mutation F($id: ID!) { follow(userId: $id) { id } }', { id: author.id }, reader.token);
    await postTweet(server, author, `by ${author.handle}`);
  }
  const query = '{ homeTimeline(first: 50) { edges { node { favoriteCount viewerHasFavorited author { handle viewerFollows } } } } }';
  const cold = await roundTrips(query, {}, reader.token);
  expect(cold.data.homeTimeline.edges).toHaveLength(7);
  // Warm: ids from the cached timeline, then tweets + authors + favorited + follows, each batched.
  const { count, data } = await roundTrips(query, {}, reader.token);
  expect(data).toEqual(cold.data);
  expect(count).toBe(4);
});
