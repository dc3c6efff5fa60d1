/**
 * Neo4j stopped under a steady load of posts, follows, favorites and reads: writes and uncached
 * reads fail fast with SERVICE_UNAVAILABLE (not a hang, not a 500 with a driver's message), reads
 * the caches can serve (a warm home timeline) still answer, readiness answers 503 while liveness
 * answers 200, and the same server process recovers by itself when Neo4j returns on the same port
 * and store. Then every acknowledged write is in the graph and `npm run check`'s rules find nothing
 * to repair. This file's Neo4j is its own (a fresh store on a free port); Redis is the machine's,
 * under a key prefix of its own.
 */
import { randomUUID } from 'node:crypto';

import { findLostWrites } from '../../bench/faults/lost-writes';
import { graphql, MixedLoad, signUpLoadUsers, type Outcome } from '../../bench/faults/mixed-load';
import { startOwnNeo4j, type OwnNeo4j } from '../../bench/faults/own-neo4j';
import { loadConfig } from '../../src/config';
import { GraphCheck, isClean } from '../../src/domain/maintenance/graph-check';
import { createLogger } from '../../src/logger';
import { createServices } from '../../src/services';
import { Graph } from '../../src/store/graph';
import { eventually } from '../support/eventually';
import { graphqlAt, killServerProcesses, startServerProcess, waitForHealth, type ServerProcess } from '../support/server-process';
import { deleteKeys, TEST_REDIS_URL, testKeyPrefix } from '../support/test-redis';
import { operation } from '../support/test-server';
import { required } from '../support/required';

jest.setTimeout(600_000);

/** The longest any answer may take while Neo4j is down: generous for a loaded machine, yet no hang. */
const FAIL_FAST_MS = 15_000;
const UNAVAILABLE_MESSAGE = 'The database cannot be reached right now; try again shortly.';
const PREFIX = testKeyPrefix();
const HOME = operation<{ homeTimeline: { edges: { node: { id: string } }[] } }>('{ homeTimeline(first: 20) { edges { node { id } } } }');

let neo4j: OwnNeo4j;
let graph: Graph;
beforeAll(async () => {
  neo4j = await startOwnNeo4j(`${process.env.TEST_NEO4J_STORE ?? 'test'}-neo4j-stopped`, createLogger('warn'));
  graph = Graph.connect({ ...loadConfig({ ...process.env, NODE_ENV: 'test' }).neo4j, uri: neo4j.uri });
});
/** Loads still running when a test fails, stopped before anything else. */
const loads: MixedLoad[] = [];
afterAll(async () => {
  await Promise.all(loads.map((load) => load.stop()));
  killServerProcesses();
  await graph.close();
  await neo4j.stop();
  await deleteKeys(PREFIX);
});

function startServer(): Promise<ServerProcess> {
  return startServerProcess({
    NEO4J_URI: neo4j.uri,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    RATE_LIMITS: 'off',
    LOG_LEVEL: 'warn',
    // Small bounds, so that a request fails in about a second rather than the default five or ten.
    NEO4J_CONNECTION_TIMEOUT_MS: '1000',
    NEO4J_RETRY_MS: '1000',
  });
}

async function healthStatus(port: number, path: string): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}${path}`)).status;
}

async function timed<T>(action: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await action();
  return { value, ms: Date.now() - started };
}

it('fails fast with SERVICE_UNAVAILABLE while Neo4j is stopped, serves warm timelines, and recovers by itself', async () => {
  const server = await startServer();
  await waitForHealth(server);
  const endpoint = `http://127.0.0.1:${server.port}/graphql`;
  const users = await signUpLoadUsers(endpoint, 6, 2, 'down');
  const [reader, followee, writer] = [required(users[0], 'a reader'), required(users[1], 'a followee'), required(users[2], 'a writer')];

  // A warm home timeline: the reader follows the followee, whose tweet is in the cached feed.
  const warm = (await graphql(endpoint, 'mutation { postTweet(text: "warm") { id } }', {}, followee.token)) as { postTweet: { id: string } };
  const readHome = async (token: string) => graphqlAt(server.port, HOME, {}, token);
  const homeIds = (response: Awaited<ReturnType<typeof readHome>>) => (response.data?.homeTimeline.edges ?? []).map((edge) => edge.node.id);
  await eventually(
    async () => homeIds(await readHome(reader.token)),
    (ids) => ids.includes(warm.postTweet.id),
    { what: "the followee's tweet in the reader's home timeline" },
  );

  const load = new MixedLoad(users, () => endpoint, { workers: 4, requestTimeoutMs: 60_000 });
  loads.push(load);
  load.start();
  await eventually(
    async () => load.acknowledged.posts.length,
    (count) => count >= 10,
    { what: 'ten acknowledged posts before the stop' },
  );

  // From the moment it begins to shut down: a stopping database answers "unavailable" for a while.
  const stopped = Date.now();
  await neo4j.stop();

  // Writes and uncached reads fail fast, with the code and a message meant for a client.
  const write = await timed(() => graphqlAt(server.port, 'mutation { postTweet(text: "while down") { id } }', {}, writer.token));
  expect(write.value.errors).toEqual([expect.objectContaining({ message: UNAVAILABLE_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
  expect(write.ms).toBeLessThan(FAIL_FAST_MS);
  const uncached = await timed(() => graphqlAt(server.port, 'query T($id: ID!) { tweet(id: $id) { id } }', { id: randomUUID() }));
  expect(uncached.value.errors).toEqual([expect.objectContaining({ message: UNAVAILABLE_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
  expect(uncached.ms).toBeLessThan(FAIL_FAST_MS);
  // What the caches hold still answers.
  const home = await timed(() => readHome(reader.token));
  expect(home.value.errors).toBeUndefined();
  expect(homeIds(home.value)).toContain(warm.postTweet.id);
  // A balancer takes the instance out; an orchestrator leaves it running.
  expect(await healthStatus(server.port, '/health/ready')).toBe(503);
  expect(await healthStatus(server.port, '/health/live')).toBe(200);

  // The load meets the same: a steady stream of fast SERVICE_UNAVAILABLE answers.
  const duringOutage = () => load.outcomes.filter((outcome) => outcome.startedAt >= stopped);
  await eventually(
    async () => duringOutage().filter((outcome) => outcome.code === 'SERVICE_UNAVAILABLE').length,
    (count) => count >= 20,
    { what: 'twenty SERVICE_UNAVAILABLE answers to the load' },
  );
  const outage: Outcome[] = duringOutage();
  expect(outage.filter((outcome) => !['OK', 'SERVICE_UNAVAILABLE'].includes(outcome.code))).toEqual([]);
  expect(outage.filter((outcome) => outcome.ms >= FAIL_FAST_MS)).toEqual([]);
  expect(new Set(outage.flatMap((outcome) => (outcome.message ? [outcome.message] : [])))).toEqual(new Set([UNAVAILABLE_MESSAGE]));
  expect(server.child.exitCode).toBeNull();

  // Neo4j returns on the same port and store: the same process serves again, with no restart.
  await neo4j.start();
  const restarted = Date.now();
  await eventually(
    async () => load.acknowledged.posts.filter((post) => post.at > restarted).length,
    (count) => count >= 10,
    { timeoutMs: 120_000, what: 'ten acknowledged posts after Neo4j returned' },
  );
  await eventually(
    () => healthStatus(server.port, '/health/ready'),
    (status) => status === 200,
    { what: 'readiness after Neo4j returned' },
  );
  await load.stop();
  expect(server.child.exitCode).toBeNull();
  const recovered = load.outcomes.filter((outcome) => outcome.startedAt > restarted + 5_000);
  expect(recovered.filter((outcome) => outcome.code !== 'OK')).toEqual([]);

  // Nothing acknowledged was lost, and the graph's invariants hold once the outbox has settled
  // whatever the stop cut short (the server settles it every 15 seconds).
  expect(await findLostWrites(graph, load.acknowledged)).toEqual({ posts: [], follows: [], favorites: [] });
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: PREFIX });
  const services = createServices(config, graph, createLogger('silent'));
  try {
    const check = new GraphCheck(services.stores, services.timelines);
    const userIds = users.map((user) => user.id);
    await eventually(
      () => check.run({ repair: false, timelineSample: 0, timelineUserIds: userIds }),
      (report) => isClean(report),
      { timeoutMs: 90_000, what: 'a graph check with nothing to repair' },
    );
  } finally {
    await services.close();
  }
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
});
