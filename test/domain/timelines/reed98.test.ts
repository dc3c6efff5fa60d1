/**
 * A real social graph: Facebook friendships at Reed College (962 users, 18,812 friendships, each two
 * follows). After every user posts, each home timeline (all of it, page by page) equals the one
 * computed from the file, with timelines cached in Redis, some users above the celebrity threshold,
 * and timelines longer than the cache holds.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { CelebrityPolicy } from '../../../src/domain/timelines/celebrity-policy';
import { HomeTimelines } from '../../../src/domain/timelines/home-timelines';
import { newId } from '../../../src/ids';
import { createLogger } from '../../../src/logger';
import { PROJECT_ROOT } from '../../../src/project-root';
import type { FeedStore } from '../../../src/domain/timelines/feed-store';
import type { Graph } from '../../../src/store/graph';
import { SeedStore } from '../../../src/store/seed-store';
import { MemoryRecordCache } from '../../../src/store/cache/memory-record-cache';
import { createStores, type Stores } from '../../../src/store/stores';
import { servicesFor } from '../../support/domain-services';
import { redisFeedStores, type FeedStoreFactory } from '../../support/feed-stores';
import { required } from '../../support/required';
import { connectTestGraph } from '../../support/test-graph';
import { testRedisScope } from '../../support/test-redis';

jest.setTimeout(600_000);

const EDGES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'socfb-Reed98.edges');
const TWEETS_PER_USER = 2;
const CELEBRITY_THRESHOLD = 150;
const CAPACITY = 200;

let graph: Graph;
let stores: Stores;
let factory: FeedStoreFactory;
let feeds: FeedStore;
let timelines: HomeTimelines;

beforeAll(() => {
  graph = connectTestGraph();
  stores = createStores(graph, new MemoryRecordCache(600));
  factory = redisFeedStores('redis', testRedisScope());
  feeds = factory.create({ capacity: CAPACITY, ttlSeconds: 600 });
  timelines = new HomeTimelines(stores, feeds, new CelebrityPolicy(CELEBRITY_THRESHOLD), { capacity: CAPACITY }, createLogger('silent'));
});
afterAll(async () => {
  await timelines.drain();
  await feeds.close();
  await factory.cleanUp();
  await graph.close();
});

it('gives every Reed98 user the home timeline the friendship graph defines', async () => {
  const pairs = readFileSync(EDGES, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const people = [...new Set(pairs.flat())].sort((a, b) => a - b);
  expect(people).toHaveLength(962);

  const run = randomBytes(3).toString('hex');
  const ids = new Map(people.map((person) => [person, newId()]));
  const idOf = (person: number) => required(ids.get(person), `the id of person ${person}`);
  const seed = new SeedStore(graph);
  await seed.users(people.map((person) => ({ id: idOf(person), handle: `r${run}_${person}` })));
  const follows = pairs.flatMap(([a, b]) => [
    { followerId: idOf(a), followeeId: idOf(b) },
    { followerId: idOf(b), followeeId: idOf(a) },
  ]);
  expect(follows).toHaveLength(37_624);
  await seed.follows(follows);

  const friends = new Map<number, number[]>(people.map((person) => [person, []]));
  const friendsOf = (person: number) => required(friends.get(person), `the friends of person ${person}`);
  for (const [a, b] of pairs) {
    friendsOf(a).push(b);
    friendsOf(b).push(a);
  }
  expect([...friends.values()].filter((list) => list.length > CELEBRITY_THRESHOLD).length).toBeGreaterThan(0);

  // Half the users read their timeline first (cached before the posts: fan-out fills it), half after (rebuilt).
  for (const person of people.filter((person) => person % 2 === 0)) await services(idOf(person)).timelines.home({ first: 1 });

  const posted = new Map<number, string[]>(people.map((person) => [person, []]));
  const postedBy = (person: number) => required(posted.get(person), `the tweets of person ${person}`);
  for (let round = 0; round < TWEETS_PER_USER; round++) {
    await inParallel(people, 8, async (person) => {
      const tweet = await services(idOf(person)).tweets.post(`round ${round} by ${person}`);
      postedBy(person).push(tweet.id);
    });
  }
  await timelines.drain();

  let checked = 0;
  await inParallel(people, 8, async (person) => {
    const expected = [person, ...friendsOf(person)]
      .flatMap((author) => postedBy(author))
      .sort()
      .reverse();
    expect({ person, timeline: await readAll(idOf(person)) }).toEqual({ person, timeline: expected });
    checked++;
  });
  expect(checked).toBe(962);
});

function services(userId: string) {
  return servicesFor(userId, stores, timelines);
}

async function readAll(userId: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const connection = await services(userId).timelines.home({ first: 100, after });
    ids.push(...connection.edges.map((edge) => edge.node.id));
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after);
  return ids;
}

async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  // One queue taken from by every worker: each item goes to the first worker free.
  const queue = items.values();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (const item of queue) await work(item);
    }),
  );
}
