/**
 * Redis stopped, paused and restored from an old snapshot, under a steady load of posts, follows,
 * favorites and reads, with the API process running throughout: every request still answers
 * (reads from Neo4j, writes committed, fan-outs left to the outbox), /health says `degraded` with
 * 200 while Redis is away and `ok` once it is back, without a restart. A Redis that returns with
 * what it held before (a pause; a restart from a snapshot taken before later writes) serves no
 * record or timeline older than those writes. At the end every acknowledged write is there, the
 * outbox is settled and `npm run check`'s rules find nothing to repair. Serial: its server settles
 * every fan-out pending in the shared database (see api-killed.serial.test.ts).
 */
import type { Graph } from '../../src/store/graph';
import { eventually } from '../support/eventually';
import { findingsAmong, NOTHING_TO_REPAIR } from '../support/graph-findings';
import { startRedisProcess, type RedisProcess } from '../support/redis-process';
import { graphqlAt, killServerProcesses, signUpAt, startServerProcess, waitForHealth, type ServerProcess } from '../support/server-process';
import { connectTestGraph } from '../support/test-graph';
import { testKeyPrefix } from '../support/test-redis';
import { operation, type Operation } from '../support/test-server';
import { required } from '../support/required';

jest.setTimeout(300_000);

const PREFIX = testKeyPrefix();
let graph: Graph;
let redis: RedisProcess;
let server: ServerProcess;

beforeAll(async () => {
  graph = connectTestGraph();
  redis = await startRedisProcess();
  server = await startServerProcess({
    NEO4J_URI: required(process.env.NEO4J_URI, 'NEO4J_URI'),
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: PREFIX,
    LOG_LEVEL: 'warn',
    // Two API processes (node's cluster) on one Redis: they must agree on the cache epoch.
    WEB_CONCURRENCY: '2',
    // Limits on, counted in Redis and in memory while it is away, but high enough for this load.
    RATE_LIMIT_TWEETS: '10000/1h',
    RATE_LIMIT_FAVORITES: '10000/1h',
    RATE_LIMIT_FOLLOWS: '10000/1h',
    RATE_LIMIT_SIGNUPS_PER_ADDRESS: '100/1h',
    RATE_LIMIT_ANONYMOUS_READS_PER_ADDRESS: '100000/1m',
  });
  await waitForHealth(server);
});

afterAll(async () => {
  killServerProcesses();
  await graph.close();
  await redis.dispose();
});

type Account = Awaited<ReturnType<typeof signUpAt>>;

/** What the acknowledged writes make true: the test's model of the graph it wrote. */
interface Model {
  tweets: Map<string, { authorId: string; deleted: boolean }>;
  /** Tweet id to the readers who favorite it. */
  favorites: Map<string, Set<string>>;
  /** Follower id to followee ids. */
  follows: Map<string, Set<string>>;
}

interface Load {
  acknowledged: number;
  errors: string[];
  slowestMs: number;
  stop(): Promise<void>;
}

let authors: [Account, Account];
let readers: [Account, Account, Account];
const model: Model = { tweets: new Map(), favorites: new Map(), follows: new Map() };

/** One request; an error, or no data, is recorded and returned as undefined. */
async function call<T>(
  load: Pick<Load, 'errors' | 'slowestMs'>,
  query: Operation<T>,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T | undefined> {
  const started = performance.now();
  try {
    const response = await graphqlAt(server.port, query, variables, token);
    if (response.errors || !response.data) {
      load.errors.push(JSON.stringify(response.errors));
      return undefined;
    }
    return response.data;
  } catch (error) {
    load.errors.push(String(error));
    return undefined;
  } finally {
    load.slowestMs = Math.max(load.slowestMs, performance.now() - started);
  }
}

type Acknowledged<Field extends string> = Record<Field, { id: string }>;
const POST = operation<Acknowledged<'postTweet'>>('mutation P($text: String!) { postTweet(text: $text) { id } }');
const FAVORITE = operation<Acknowledged<'favorite'>>('mutation V($id: ID!) { favorite(tweetId: $id) { id } }');
const UNFAVORITE = operation<Acknowledged<'unfavorite'>>('mutation U($id: ID!) { unfavorite(tweetId: $id) { id } }');
const FOLLOW = operation<Acknowledged<'follow'>>('mutation F($id: ID!) { follow(userId: $id) { id } }');
const UNFOLLOW = operation<Acknowledged<'unfollow'>>('mutation N($id: ID!) { unfollow(userId: $id) { id } }');
const HOME = operation<{ homeTimeline: { edges: { node: { id: string; favoriteCount: number } }[] } }>(
  'query H($first: Int!) { homeTimeline(first: $first) { edges { node { id favoriteCount } } } }',
);
const TWEET = operation<{ tweet: { id: string; favoriteCount: number; viewerHasFavorited: boolean } | null }>(
  'query T($id: ID!) { tweet(id: $id) { id favoriteCount viewerHasFavorited } }',
);
const ME = operation<{ me: { id: string; followerCount: number; followingCount: number; tweetCount: number } | null }>(
  '{ me { id followerCount followingCount tweetCount } }',
);
const DELETE = operation<{ deleteTweet: boolean }>('mutation D($id: ID!) { deleteTweet(id: $id) }');

function liveTweetIds(): string[] {
  return [...model.tweets].filter(([, tweet]) => !tweet.deleted).map(([id]) => id);
}

async function post(load: Pick<Load, 'errors' | 'slowestMs'>, author: Account, text: string): Promise<string | undefined> {
  const data = await call(load, POST, { text }, author.token);
  const id = data?.postTweet.id;
  if (id) model.tweets.set(id, { authorId: author.id, deleted: false });
  return id;
}

async function toggleFavorite(load: Pick<Load, 'errors' | 'slowestMs'>, reader: Account, tweetId: string): Promise<boolean> {
  // Made and stored before the request: workers toggle one tweet concurrently, each for its own reader.
  const fans = model.favorites.get(tweetId) ?? new Set<string>();
  model.favorites.set(tweetId, fans);
  const favorited = fans.has(reader.id);
  const data = await call<Acknowledged<'favorite'> | Acknowledged<'unfavorite'>>(load, favorited ? UNFAVORITE : FAVORITE, { id: tweetId }, reader.token);
  if (!data) return false;
  if (favorited) fans.delete(reader.id);
  else fans.add(reader.id);
  return true;
}

async function toggleFollow(load: Pick<Load, 'errors' | 'slowestMs'>, reader: Account, followee: Account): Promise<boolean> {
  const followees = model.follows.get(reader.id) ?? new Set<string>();
  model.follows.set(reader.id, followees);
  const following = followees.has(followee.id);
  const data = await call<Acknowledged<'follow'> | Acknowledged<'unfollow'>>(load, following ? UNFOLLOW : FOLLOW, { id: followee.id }, reader.token);
  if (!data) return false;
  if (following) followees.delete(followee.id);
  else followees.add(followee.id);
  return true;
}

/**
 * A steady load: one worker per reader, each posting (as an author), toggling its reader's
 * favorite of a recent tweet and its follow of the second author, and reading that reader's home
 * timeline and a tweet. Workers change only their own reader's favorites and follows, so the model
 * stays exact.
 */
function startLoad(): Load {
  let running = true;
  const load: Load = { acknowledged: 0, errors: [], slowestMs: 0, stop: async () => {} };
  const worker = async (reader: Account, index: number) => {
    for (let step = 0; running; step++) {
      const live = liveTweetIds();
      switch (step % 4) {
        case 0:
          if (await post(load, required(authors[step % authors.length], 'an author'), `load ${index}.${step}`)) load.acknowledged++;
          break;
        case 1:
          if (live.length > 0 && (await toggleFavorite(load, reader, required(live[(step * 7 + index) % live.length], 'a live tweet')))) load.acknowledged++;
          break;
        case 2:
          if (await toggleFollow(load, reader, authors[1])) load.acknowledged++;
          break;
        default:
          await call(load, HOME, { first: 20 }, reader.token);
          if (live.length > 0) await call(load, TWEET, { id: live[step % live.length] }, reader.token);
      }
    }
  };
  const workers = Promise.all(readers.map((reader, index) => worker(reader, index)));
  load.stop = async () => {
    running = false;
    await workers;
  };
  return load;
}

/** Runs the load until `writes` more writes are acknowledged, then stops it and returns what it measured. */
async function loadFor(writes: number, during: () => Promise<void> = async () => {}): Promise<Load> {
  const load = startLoad();
  try {
    await during();
    await eventually(
      async () => load.acknowledged,
      (count) => count >= writes || load.errors.length > 0,
      { timeoutMs: 60_000, what: `${writes} acknowledged writes` },
    );
  } finally {
    await load.stop();
  }
  return load;
}

/** What /health/ready answers, as far as these tests read it. */
interface HealthBody {
  status: string;
  services: { neo4j: { status: string }; timelines: { store: string; status: string; warming?: boolean } };
}

async function health(): Promise<{ status: number; body: HealthBody }> {
  const response = await fetch(`http://127.0.0.1:${server.port}/health/ready`);
  return { status: response.status, body: (await response.json()) as HealthBody };
}

/** A home timeline's definition from the model: own and followees' tweets, newest first. */
function expectedHome(user: Account, first: number): string[] {
  const authorsSeen = new Set([user.id, ...(model.follows.get(user.id) ?? [])]);
  return [...model.tweets]
    .filter(([, tweet]) => !tweet.deleted && authorsSeen.has(tweet.authorId))
    .map(([id]) => id)
    .sort()
    .reverse()
    .slice(0, first);
}

/** Everything served equals the model: timelines, favorite counts, deleted tweets, follow counts. */
async function expectServedAsWritten(what: string): Promise<void> {
  const load = { errors: [] as string[], slowestMs: 0 };
  for (const user of [...readers, ...authors]) {
    // A post answers before its fan-out ends: a timeline may take a moment to show it (never one
    // that shows what is no longer so: a stale timeline does not come right by waiting).
    const expected = expectedHome(user, 100);
    const readHome = async () => {
      const home = await call(load, HOME, { first: 100 }, user.token);
      return home?.homeTimeline.edges.map((edge) => edge.node.id);
    };
    const served = await eventually(readHome, (ids) => JSON.stringify(ids) === JSON.stringify(expected), { timeoutMs: 10_000 }).catch(readHome);
    expect({ what, user: user.id, home: served }).toEqual({ what, user: user.id, home: expected });
    const me = await call(load, ME, {}, user.token);
    const followers = [...model.follows.values()].filter((followees) => followees.has(user.id)).length;
    const tweets = [...model.tweets.values()].filter((tweet) => tweet.authorId === user.id && !tweet.deleted).length;
    expect({ what, user: user.id, counts: me && [me.me?.followerCount, me.me?.followingCount, me.me?.tweetCount] }).toEqual({
      what,
      user: user.id,
      counts: [followers, model.follows.get(user.id)?.size ?? 0, tweets],
    });
  }
  for (const [id, tweet] of model.tweets) {
    const data = await call(load, TWEET, { id }, readers[0].token);
    const expected = tweet.deleted
      ? null
      : { id, favoriteCount: model.favorites.get(id)?.size ?? 0, viewerHasFavorited: model.favorites.get(id)?.has(readers[0].id) ?? false };
    expect({ what, tweet: data?.tweet }).toEqual({ what, tweet: expected });
  }
  expect(load.errors).toEqual([]);
}

/** Reads every timeline and tweet twice: the first read caches them, the second is served from the cache. */
async function warmCaches(): Promise<void> {
  for (let round = 0; round < 2; round++) await expectServedAsWritten('warming the caches');
}

/** Waits until the instance serves from Redis again (up, past the new epoch's warm-up). */
async function waitForCacheServing(): Promise<void> {
  await eventually(health, ({ status, body }) => status === 200 && body.status === 'ok' && body.services.timelines.warming === false, {
    timeoutMs: 30_000,
    what: 'Redis to serve again',
  });
}

async function waitForDegraded(): Promise<{ status: number; body: HealthBody }> {
  return eventually(health, ({ body }) => body.status === 'degraded', { timeoutMs: 30_000, what: '/health to say degraded' });
}

const measured: Record<string, { acknowledged: number; slowestMs: number } | number> = {};

/** How long `step` took, in whole milliseconds, recorded under `name`. */
async function timed<T>(name: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await step();
  measured[name] = Math.round(performance.now() - started);
  return result;
}

it('serves every request while Redis is away, recovers without a restart, and serves nothing stale after', async () => {
  authors = [await signUpAt(server.port, 'rsa'), await signUpAt(server.port, 'rsb')];
  readers = [await signUpAt(server.port, 'rsr'), await signUpAt(server.port, 'rsr'), await signUpAt(server.port, 'rsr')];
  const setup = { errors: [] as string[], slowestMs: 0 };
  for (const reader of readers) for (const author of authors) await toggleFollow(setup, reader, author);
  for (const author of authors) await post(setup, author, 'hello');
  expect(setup.errors).toEqual([]);
  await waitForCacheServing();

  // Redis up.
  const up = await loadFor(20);
  expect(up.errors).toEqual([]);
  measured.up = up;
  await warmCaches();

  // Redis stopped: degraded with 200, naming Redis; the load goes on without an error.
  await redis.stop();
  const down = await loadFor(30, async () => {
    const { status, body } = await timed('msUntilDegradedAfterStop', waitForDegraded);
    expect(status).toBe(200);
    expect(body.services.neo4j.status).toBe('up');
    expect(body.services.timelines).toMatchObject({ store: 'redis', status: 'down' });
  });
  expect(down.errors).toEqual([]);
  measured.stopped = down;
  await expectServedAsWritten('Redis stopped');

  // Redis back, empty: ok again without a restart.
  await redis.restart();
  await timed('msUntilServingFromRedisAfterRestart', waitForCacheServing);
  const back = await loadFor(20);
  expect(back.errors).toEqual([]);
  measured.restartedEmpty = back;
  await expectServedAsWritten('Redis restarted empty');

  // Redis paused (SIGSTOP) while everything is cached: the writes meant for the cache meanwhile
  // never reach it, and it comes back holding what it held.
  await warmCaches();
  const [reader] = readers;
  const cachedTweet = required(liveTweetIds().at(-1), 'a live tweet');
  const doomed = required(await post(setup, authors[0], 'to be deleted while Redis is paused'), 'the tweet to delete');
  await warmCaches();
  redis.pause();
  const paused = await loadFor(30, async () => {
    await waitForDegraded();
    await toggleFavorite(setup, reader, cachedTweet);
    await toggleFollow(setup, reader, authors[1]);
    expect(await call(setup, DELETE, { id: doomed }, authors[0].token)).toEqual({ deleteTweet: true });
    required(model.tweets.get(doomed), 'the deleted tweet in the model').deleted = true;
  });
  expect(paused.errors).toEqual([]);
  expect(setup.errors).toEqual([]);
  measured.paused = paused;
  redis.resume();
  const resumed = performance.now();
  await expectServedAsWritten('Redis resumed, right away');
  await waitForCacheServing();
  measured.msUntilServingFromRedisAfterResume = Math.round(performance.now() - resumed);
  await warmCaches();
  await expectServedAsWritten('Redis resumed, served from the cache');

  // Redis restarted from a snapshot taken before later writes (which had reached it).
  await redis.snapshot();
  const afterSnapshot = await loadFor(20);
  expect(afterSnapshot.errors).toEqual([]);
  await toggleFavorite(setup, reader, cachedTweet);
  await toggleFollow(setup, reader, authors[1]);
  await warmCaches();
  await redis.restart({ fromSnapshot: true });
  await expectServedAsWritten('Redis restored from an old snapshot, right away');
  await waitForCacheServing();
  await warmCaches();
  await expectServedAsWritten('Redis restored from an old snapshot, served from the cache');
  measured.restoredFromSnapshot = afterSnapshot;

  // The fan-outs left to the outbox while Redis was away are settled by the running server.
  await timed('msUntilOutboxSettled', () =>
    eventually(
      async () => (await graph.read<{ fanOuts: number }>('check-stale-outbox', { before: Date.now() + 1 }))[0]?.fanOuts,
      (pending) => pending === 0,
      { timeoutMs: 90_000, what: 'the outbox to be settled' },
    ),
  );

  // The graph check finds nothing to repair, for everyone involved.
  const userIds = [...authors, ...readers].map((account) => account.id);
  expect(await findingsAmong(graph, { url: redis.url, prefix: PREFIX }, { userIds, tweetIds: model.tweets.keys() })).toEqual(NOTHING_TO_REPAIR);
  process.stdout.write(`redis-stopped: ${JSON.stringify(measured)}\n`);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
});
