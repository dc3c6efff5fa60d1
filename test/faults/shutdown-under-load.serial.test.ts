/**
 * SIGTERM in the middle of a burst of posts, follows, favorites and reads: the server stops
 * accepting, answers the requests already in flight within the grace period, finishes or leaves to
 * the outbox every fan-out, and exits 0. After a restart every acknowledged write is in the graph
 * and every acknowledged tweet in its followers' home timelines. Serial, like the API-kill test: a
 * restarted server settles every fan-out pending in the shared test database into its own prefix.
 */
import { findLostWrites } from '../../bench/faults/lost-writes';
import { MixedLoad, signUpLoadUsers, type LoadUser } from '../../bench/faults/mixed-load';
import type { Graph } from '../../src/store/graph';
import { eventually } from '../support/eventually';
import { findingsAmong, NOTHING_TO_REPAIR } from '../support/graph-findings';
import { graphqlAt, killServerProcesses, startServerProcess, waitForHealth, type ServerProcess } from '../support/server-process';
import { connectTestGraph } from '../support/test-graph';
import { deleteKeys, TEST_REDIS_URL, testKeyPrefix } from '../support/test-redis';
import { operation } from '../support/test-server';
import { required } from '../support/required';

jest.setTimeout(300_000);

/** Apollo's drain plugin closes what is still open after 10 s; the process must be gone well within this. */
const EXIT_WITHIN_MS = 30_000;
/** A request sent this long before the signal has reached the server, however loaded the machine. */
const SURELY_RECEIVED_MS = 500;
const PREFIX = testKeyPrefix();

let graph: Graph;
beforeAll(() => {
  graph = connectTestGraph();
});
/** Loads still running when a test fails, stopped before anything else. */
const loads: MixedLoad[] = [];
afterAll(async () => {
  await Promise.all(loads.map((load) => load.stop()));
  killServerProcesses();
  await graph.close();
  await deleteKeys(PREFIX);
});

function startServer(workers: number): Promise<ServerProcess> {
  return startServerProcess({
    NEO4J_URI: required(process.env.NEO4J_URI, 'NEO4J_URI'),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    RATE_LIMITS: 'off',
    LOG_LEVEL: 'warn',
    WEB_CONCURRENCY: String(workers),
  });
}

function endpointOf(server: ServerProcess): string {
  return `http://127.0.0.1:${server.port}/graphql`;
}

// One process, and a primary with two workers (the primary passes the signal on; each worker drains).
it.each([1, 2])('on SIGTERM mid-burst answers what is in flight, exits 0, and loses no write or fan-out (%i worker processes)', async (workers) => {
  const first = await startServer(workers);
  await waitForHealth(first);
  const users = await signUpLoadUsers(endpointOf(first), 6, 2, 'term');
  const load = new MixedLoad(users, () => endpointOf(first), { workers: 8, requestTimeoutMs: 60_000 });
  loads.push(load);
  load.start();
  await eventually(
    async () => load.acknowledged.posts.length,
    (count) => count >= 20,
    { what: 'twenty acknowledged posts' },
  );

  const signalled = Date.now();
  first.child.kill('SIGTERM');
  const code = await first.exited;
  const exitedAfterMs = Date.now() - signalled;
  await load.stop();
  // Eight workers kept sending until the exit: a server that kept accepting would never drain.
  expect(code).toBe(0);
  expect(exitedAfterMs).toBeLessThan(EXIT_WITHIN_MS);
  // Every request sent before the signal was answered, those still in flight at the signal
  // included; one sent a moment before it may have reached a server that had stopped listening.
  const before = load.outcomes.filter((outcome) => outcome.startedAt < signalled);
  const inFlight = before.filter((outcome) => outcome.startedAt + outcome.ms > signalled);
  expect(before.filter((outcome) => outcome.code !== 'OK' && !(outcome.code === 'NETWORK' && outcome.startedAt > signalled - SURELY_RECEIVED_MS))).toEqual([]);
  expect(inFlight.filter((outcome) => outcome.code === 'OK').length).toBeGreaterThan(0);

  const second = await startServer(workers);
  await waitForHealth(second);
  expect(await findLostWrites(graph, load.acknowledged)).toEqual({ posts: [], follows: [], favorites: [] });
  // Every acknowledged tweet is in the home timeline of its author and of each follower (the
  // graph's follows: acknowledged or set up before the burst), once the outbox has settled.
  for (const user of users) {
    const followees = await followedAmong(user, users);
    const expected = load.acknowledged.posts.filter((post) => post.authorId === user.id || followees.has(post.authorId)).map((post) => post.id);
    await eventually(
      async () => homeTimelineIds(second, user),
      (ids) => expected.every((id) => ids.includes(id)),
      { timeoutMs: 60_000, what: `every acknowledged tweet in the home timeline of ${user.id}` },
    );
  }
  // And the invariants hold for everyone involved: counts, authors, cached timelines.
  const userIds = users.map((user) => user.id);
  const tweetIds = load.acknowledged.posts.map((post) => post.id);
  expect(await findingsAmong(graph, { url: TEST_REDIS_URL, prefix: PREFIX }, { userIds, tweetIds })).toEqual(NOTHING_TO_REPAIR);
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
});

async function followedAmong(user: LoadUser, users: readonly LoadUser[]): Promise<Set<string>> {
  const rows = await graph.read<{ userId: string }>('viewer-follows', { viewerId: user.id, userIds: users.map((other) => other.id) });
  return new Set(rows.map((row) => row.userId));
}

const HOME = operation<{ homeTimeline: { edges: { node: { id: string } }[] } }>('{ homeTimeline(first: 100) { edges { node { id } } } }');

async function homeTimelineIds(server: ServerProcess, user: LoadUser): Promise<string[]> {
  const response = await graphqlAt(server.port, HOME, {}, user.token);
  return (response.data?.homeTimeline.edges ?? []).map((edge) => edge.node.id);
}
