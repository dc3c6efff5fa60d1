/**
 * A Redis Cluster master dies and its replica takes over: no timeline is lost. On a cluster of the
 * test's own (three masters, a replica each), the master holding a reader's feed is killed:
 * - the feed store, on a plain cluster client, reads the same feed from the promoted replica;
 * - the server keeps answering through the failover (from Neo4j while the slot has no master) and
 *   afterwards every home timeline holds every tweet, those posted during the failover included.
 */
import { newId } from '../../src/ids';
import type { FeedItem, FeedKey } from '../../src/domain/timelines/feed-store';
import { RedisFeedStore } from '../../src/store/feeds/redis-feed-store';
import { RedisLayout } from '../../src/store/redis-layout';
import { untilPasses } from '../support/eventually';
import { startRedisCluster, type RedisCluster } from '../support/redis-cluster';
import { testKeyPrefix } from '../support/test-redis';
import { operation, startTestServer, type TestServer } from '../support/test-server';
import { follow, postTweet, signUpMany } from '../support/users';

const HOME = operation<{ homeTimeline: { edges: { node: { id: string } }[] } }>('{ homeTimeline(first: 50) { edges { node { id } } } }');

let cluster: RedisCluster;
beforeEach(async () => (cluster = await startRedisCluster()));
afterEach(() => cluster.dispose());

it("keeps a feed through its master's failover: the promoted replica serves it", async () => {
  const store = new RedisFeedStore(cluster.connect(), { capacity: 50, ttlSeconds: 600 }, new RedisLayout(testKeyPrefix()));
  const feeds: FeedKey[] = Array.from({ length: 20 }, () => ({ kind: 'home', id: newId() }));
  for (const feed of feeds) await store.completeBuild(feed, await store.beginBuild(feed), [], []);
  const items: FeedItem[] = Array.from({ length: 10 }, () => ({ tweetId: newId() }));
  for (const item of items) await store.push(feeds, item, newId());
  const newestFirst = [...items].reverse();
  await cluster.replicated();

  const [first] = feeds;
  if (!first) throw new Error('no feeds');
  await cluster.failOver(await cluster.masterOf(`{${first.id}}`));

  // The client follows the slots to their new master (after a refused command or two).
  await untilPasses(async () => {
    for (const feed of feeds) expect(await store.read(feed, 50)).toEqual(newestFirst);
  }, 20_000);
});

describe('the server during a failover', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startTestServer({ REDIS_CLUSTER_NODES: cluster.nodeList, REDIS_COMMAND_TIMEOUT_MS: '500' })));
  afterEach(() => server.stop());

  it('answers every home timeline with every tweet, those posted while the master was down included', async () => {
    const [author, ...readers] = await signUpMany(server, 6, 'fo');
    for (const reader of readers) await follow(server, reader, author);
    const posted = [await postTweet(server, author, 'before')];
    for (const reader of readers) expect((await server.data(HOME, {}, reader.token)).homeTimeline.edges).toHaveLength(1);
    posted.push(await postTweet(server, author, 'cached'));

    const failingOver = cluster.failOver(await cluster.masterOf(`{${readers[0].id}}`));
    posted.push(await postTweet(server, author, 'during'));
    await failingOver;
    posted.push(await postTweet(server, author, 'after'));

    const expected = [...posted].reverse().map((id) => ({ node: { id } }));
    for (const reader of readers) {
      await untilPasses(async () => expect((await server.data(HOME, {}, reader.token)).homeTimeline.edges).toEqual(expected), 20_000);
    }
  });
});
