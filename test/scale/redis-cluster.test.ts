/**
 * The server on a Redis Cluster (REDIS_CLUSTER_NODES, the test run's three masters) instead of one
 * Redis: cached home timelines, live events, rate limits and /health all work through it.
 */
import { connectRedis, keyHolders } from '../../src/store/redis-connection';
import { bearer, liveClient } from '../support/live-client';
import { testRedisClusterNodes } from '../support/test-redis';
import { operation, startTestServer, type TestServer } from '../support/test-server';
import { errorCodes, follow, postTweet, signUpMany } from '../support/users';

const HOME = operation<{ homeTimeline: { edges: { node: { id: string; author: { id: string } } }[] } }>(
  '{ homeTimeline { edges { node { id author { id } } } } }',
);
const LIVE_HOME = operation<{ homeTimeline: { id: string; text: string } }>('subscription { homeTimeline { id text } }');
const POST = operation<{ postTweet: { id: string } }>('mutation Post($text: String!) { postTweet(text: $text) { id } }');

let server: TestServer;
beforeAll(async () => (server = await startTestServer({ REDIS_CLUSTER_NODES: testRedisClusterNodes(), RATE_LIMITS: 'on', RATE_LIMIT_TWEETS: '3/1h' })));
afterAll(() => server.stop());

/** Keys under the server's prefix on every master of the cluster. */
async function keysOnCluster(pattern: string): Promise<string[]> {
  const cluster = connectRedis({ clusterNodes: server.config.timelines.redisClusterNodes ?? [] });
  try {
    const found = await Promise.all((await keyHolders(cluster)).map((node) => node.keys(`${server.config.timelines.redisKeyPrefix}${pattern}`)));
    return found.flat();
  } finally {
    await cluster.quit();
  }
}

it('reports the cluster in /health', async () => {
  const response = await fetch(`${server.baseUrl}/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok', services: { timelines: { store: 'redis', status: 'up', warming: false } } });
});

it("caches home timelines in the cluster and delivers a post live to a follower's home subscription", async () => {
  const [reader, author] = await signUpMany(server, 2, 'clu');
  await follow(server, reader, author);
  const live = liveClient(server.url, bearer(reader.token));
  try {
    const feed = live.subscribe(LIVE_HOME);
    // A first read builds the reader's cached feed (its state key; no items yet); the post is then pushed into it.
    expect((await server.data(HOME, {}, reader.token)).homeTimeline.edges).toEqual([]);
    expect(await keysOnCluster(`*{${reader.id}}:home:s`)).toHaveLength(1);
    const tweetId = await postTweet(server, author, 'on a cluster');
    expect((await feed.next(10_000)).data?.homeTimeline).toEqual({ id: tweetId, text: 'on a cluster' });
    expect((await server.data(HOME, {}, reader.token)).homeTimeline.edges).toEqual([{ node: { id: tweetId, author: { id: author.id } } }]);
  } finally {
    await live.dispose();
  }
});

it('counts rate limits in the cluster', async () => {
  const [writer] = await signUpMany(server, 1, 'clr');
  for (let index = 0; index < 3; index++) expect(errorCodes(await server.request(POST, { text: `post ${index}` }, writer.token))).toEqual([]);
  expect(errorCodes(await server.request(POST, { text: 'one too many' }, writer.token))).toEqual(['RATE_LIMITED']);
  expect(await keysOnCluster(`*rate:tweets*${writer.id}*`)).toHaveLength(1);
});
