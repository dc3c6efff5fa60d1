/**
 * The API process killed (SIGKILL) in the middle of a burst of posts, favorites and follows:
 * after a restart every acknowledged write is in the graph, every count equals its relationships
 * (`npm run check`'s rules find nothing), and every acknowledged tweet reaches its followers' home
 * timelines, the fan-outs the kill cut short redone from the outbox. Serial: a server process
 * settles every fan-out pending in the shared test database, into its own Redis prefix, so another
 * file's restarted server running meanwhile would take this file's pending fan-outs (and the reverse).
 */
import type { Graph } from '../../src/store/graph';
import { eventually } from '../support/eventually';
import { findingsAmong, NOTHING_TO_REPAIR } from '../support/graph-findings';
import { graphqlAt, killServerProcesses, type ServerProcess, signUpAt, startServerProcess, waitForHealth } from '../support/server-process';
import { connectTestGraph } from '../support/test-graph';
import { dataOf, operation } from '../support/test-server';
import { deleteKeys, TEST_REDIS_URL, testKeyPrefix } from '../support/test-redis';
import { required } from '../support/required';

jest.setTimeout(300_000);

const PREFIX = testKeyPrefix();
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
  return startServerProcess({
    NEO4J_URI: required(process.env.NEO4J_URI, 'NEO4J_URI'),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    RATE_LIMITS: 'off',
    LOG_LEVEL: 'warn',
  });
}

type Account = Awaited<ReturnType<typeof signUpAt>>;

const FOLLOW = operation<{ follow: { id: string } }>('mutation F($id: ID!) { follow(userId: $id) { id } }');
const POST = operation<{ postTweet: { id: string } }>('mutation P($text: String!) { postTweet(text: $text) { id } }');
const FAVORITE = operation<{ favorite: { id: string } }>('mutation V($id: ID!) { favorite(tweetId: $id) { id } }');
const TWEET = operation<{ tweet: { id: string } | null }>('query T($id: ID!) { tweet(id: $id) { id } }');
const FAVORITED = operation<{ tweet: { viewerHasFavorited: boolean } | null }>('query T($id: ID!) { tweet(id: $id) { viewerHasFavorited } }');
const HOME = operation<{ homeTimeline: { edges: { node: { id: string } }[] } }>('{ homeTimeline(first: 100) { edges { node { id } } } }');

function signUp(port: number) {
  return signUpAt(port, 'kill');
}

it('keeps every acknowledged write, and every count and timeline exact, across a SIGKILL mid-burst', async () => {
  const first = await startServer();
  await waitForHealth(first);
  const author = await signUp(first.port);
  const followers = [await signUp(first.port), await signUp(first.port), await signUp(first.port)];
  for (const follower of followers) await graphqlAt(first.port, FOLLOW, { id: author.id }, follower.token);

  // The burst: posts by the author, favorites of acknowledged posts, follows among the followers;
  // only what came back with data counts as acknowledged.
  const posted: string[] = [];
  const favorited: { tweetId: string; fan: Account }[] = [];
  let killed = false;
  const act = async (step: number): Promise<void> => {
    try {
      if (step % 3 === 0 || posted.length === 0) {
        const response = await graphqlAt(first.port, POST, { text: `burst ${step}` }, author.token);
        if (response.data?.postTweet) posted.push(response.data.postTweet.id);
      } else if (step % 3 === 1) {
        const fan = required(followers[step % followers.length], 'a follower');
        const tweetId = required(posted[step % posted.length], 'an acknowledged tweet');
        const response = await graphqlAt(first.port, FAVORITE, { id: tweetId }, fan.token);
        if (response.data?.favorite) favorited.push({ tweetId, fan });
      } else {
        const [follower, followee] = [required(followers[step % 3], 'a follower'), required(followers[(step + 1) % 3], 'a follower')];
        await graphqlAt(first.port, FOLLOW, { id: followee.id }, follower.token);
      }
    } catch {
      // The connection died with the process: not acknowledged.
    }
  };
  const workers = Array.from({ length: 6 }, async (_, worker) => {
    for (let step = worker; !killed; step += 6) await act(step);
  });
  await eventually(
    async () => posted.length,
    (count) => count >= 20,
    { what: 'twenty acknowledged posts' },
  );
  first.child.kill('SIGKILL');
  killed = true;
  await Promise.all(workers);
  await first.exited;

  const second = await startServer();
  await waitForHealth(second);

  // Every acknowledged tweet and favorite is in the graph.
  for (const tweetId of posted) {
    const response = await graphqlAt(second.port, TWEET, { id: tweetId });
    expect(response.data?.tweet).toEqual({ id: tweetId });
  }
  for (const { tweetId, fan } of favorited) {
    const response = await graphqlAt(second.port, FAVORITED, { id: tweetId }, fan.token);
    expect(response.data?.tweet?.viewerHasFavorited).toBe(true);
  }
  // Every acknowledged tweet reaches every follower's home timeline once the restarted server has
  // settled the fan-outs the kill cut short.
  for (const follower of followers) {
    const readHome = async () => {
      const response = await graphqlAt(second.port, HOME, {}, follower.token);
      return dataOf(response).homeTimeline.edges.map((edge) => edge.node.id);
    };
    await eventually(readHome, (ids) => posted.every((id) => ids.includes(id)), {
      timeoutMs: 60_000,
      what: "every acknowledged tweet in a follower's timeline",
    });
  }
  // And the invariants hold for everyone involved: counts, authors, cached timelines.
  const userIds = [author.id, ...followers.map((follower) => follower.id)];
  expect(await findingsAmong(graph, { url: TEST_REDIS_URL, prefix: PREFIX }, { userIds, tweetIds: posted })).toEqual(NOTHING_TO_REPAIR);
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});
