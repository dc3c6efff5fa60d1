/**
 * Nothing acknowledged is lost: a tweet committed to Neo4j whose fan-out never ran (the server died
 * between the commit and the fan-out) reaches every follower's cached timeline once a server
 * starts again.
 */
import { newId, timeOfId } from '../src/ids';
import type { Graph } from '../src/store/graph';
import { MemoryRecordCache } from '../src/store/cache/memory-record-cache';
import { createStores } from '../src/store/stores';
import { eventually } from './support/eventually';
import { deleteKeys, TEST_REDIS_URL, testKeyPrefix } from './support/test-redis';
import { graphqlAt, killServerProcesses, type ServerProcess, signUpAt, startServerProcess, waitForHealth } from './support/server-process';
import { connectTestGraph } from './support/test-graph';
import { dataOf, operation } from './support/test-server';
import { required } from './support/required';

jest.setTimeout(240_000);

const PREFIX = testKeyPrefix();
const HOME = operation<{ homeTimeline: { edges: { node: { id: string; text: string } }[] } }>('{ homeTimeline(first: 50) { edges { node { id text } } } }');
const FOLLOW = operation<{ follow: { id: string } }>('mutation F($id: ID!) { follow(userId: $id) { id } }');
const POST = operation<{ postTweet: { id: string } }>('mutation { postTweet(text: "before the crash") { id } }');

let graph: Graph;
beforeAll(() => {
  graph = connectTestGraph();
});
afterAll(async () => {
  killServerProcesses();
  await graph.close();
  await deleteKeys(PREFIX);
});

function startServer(): Promise<ServerProcess> {
  return startServerProcess({ NEO4J_URI: required(process.env.NEO4J_URI, 'NEO4J_URI'), REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: PREFIX });
}

function signUp(port: number) {
  return signUpAt(port, 'crash');
}

it('fans out after a restart a tweet whose fan-out died with its server', async () => {
  const first = await startServer();
  await waitForHealth(first);
  const author = await signUp(first.port);
  const followers = [await signUp(first.port), await signUp(first.port), await signUp(first.port)];
  for (const follower of followers) {
    await graphqlAt(first.port, FOLLOW, { id: author.id }, follower.token);
  }
  const before = await graphqlAt(first.port, POST, {}, author.token);
  const tweets = createStores(graph, new MemoryRecordCache(60)).tweets;
  await eventually(
    () => tweets.pendingFanOuts(Date.now(), 10_000),
    (pending) => !pending.some((posted) => posted.tweet.id === dataOf(before).postTweet.id),
    { what: 'the first fan-out to complete' },
  );
  // Every follower's timeline is now cached in Redis.
  for (const follower of followers) {
    const home = await graphqlAt(first.port, HOME, {}, follower.token);
    expect(home.data?.homeTimeline.edges.map((edge) => edge.node.text)).toEqual(['before the crash']);
  }

  // The server dies right after Neo4j committed a tweet, before its fan-out: the tweet is in the
  // graph, still marked FanOutPending, and in no cached timeline.
  first.child.kill('SIGKILL');
  await first.exited;
  const id = newId();
  await tweets.create({ id, authorId: author.id, text: 'committed, then crashed', createdAt: timeOfId(id) });

  const second = await startServer();
  await waitForHealth(second);
  // The restarted server settles every fan-out left pending in the shared test database, oldest
  // first, including those of other test files running meanwhile.
  for (const follower of followers) {
    const readHome = async () => dataOf(await graphqlAt(second.port, HOME, {}, follower.token)).homeTimeline.edges.map((edge) => edge.node.text);
    const texts = await eventually(readHome, (seen) => seen.length === 2, { timeoutMs: 60_000, what: "the pending tweet in a follower's timeline" });
    expect(texts).toEqual(['committed, then crashed', 'before the crash']);
  }
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});
