/**
 * Model-based test of the cached home timelines: random sequences of sign-ups, posts, deletes,
 * follows, unfollows (crossing a small celebrity threshold both ways), cache losses and restarts of
 * the outbox, and after every step every user's whole timeline, read page by page through the
 * domain services, equals its definition (own and followees' tweets, newest first) computed from a
 * plain model of what was done. Run against both feed stores, with a tiny capacity so that capped
 * feeds and the Neo4j fallback are exercised too.
 */
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';

import { CelebrityPolicy } from '../../../src/domain/timelines/celebrity-policy';
import { HomeTimelines } from '../../../src/domain/timelines/home-timelines';
import { newId } from '../../../src/ids';
import { createLogger } from '../../../src/logger';
import type { FeedKey, FeedStore } from '../../../src/domain/timelines/feed-store';
import type { Graph } from '../../../src/store/graph';
import { MemoryRecordCache } from '../../../src/store/cache/memory-record-cache';
import { createStores, type Stores } from '../../../src/store/stores';
import { servicesFor } from '../../support/domain-services';
import { FEED_STORE_FACTORIES, type FeedStoreFactory } from '../../support/feed-stores';
import { required } from '../../support/required';
import { connectTestGraph } from '../../support/test-graph';

const USERS = 4;
const CAPACITY = 3;
const CELEBRITY_THRESHOLD = 1;
const PAGE = 2;

type Step =
  | { kind: 'post'; user: number }
  | { kind: 'delete'; user: number; pick: number }
  | { kind: 'follow'; user: number; other: number }
  | { kind: 'unfollow'; user: number; other: number }
  | { kind: 'loseCache' }
  | { kind: 'settle' };

const user = fc.integer({ min: 0, max: USERS - 1 });
/** Follows lean towards user 0, so that it often crosses the celebrity threshold both ways. */
const followee = fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: user });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('post' as const), user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), user, pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('follow' as const), user, other: followee }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unfollow' as const), user, other: followee }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('loseCache' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('settle' as const) }) },
);

/** Sequences every run checks first: each once broke a plausible implementation. */
const SCENARIOS: Step[][] = [
  // A celebrity's tweet reaches followers only through the read-time merge.
  [
    { kind: 'follow', user: 1, other: 0 },
    { kind: 'follow', user: 2, other: 0 },
    { kind: 'post', user: 0 },
    { kind: 'post', user: 1 },
  ],
  // More tweets than a feed holds: older pages come from Neo4j.
  [
    { kind: 'post', user: 1 },
    { kind: 'post', user: 1 },
    { kind: 'post', user: 1 },
    { kind: 'post', user: 1 },
    { kind: 'post', user: 1 },
  ],
  // Back below the threshold: tweets posted as a celebrity stay visible, new ones are fanned out.
  [
    { kind: 'follow', user: 1, other: 0 },
    { kind: 'follow', user: 2, other: 0 },
    { kind: 'post', user: 0 },
    { kind: 'unfollow', user: 2, other: 0 },
    { kind: 'post', user: 0 },
    { kind: 'unfollow', user: 1, other: 0 },
    { kind: 'post', user: 0 },
  ],
  // Unfollowing someone who filled a capped feed must not leave it looking complete.
  [
    { kind: 'post', user: 2 },
    { kind: 'post', user: 0 },
    { kind: 'post', user: 0 },
    { kind: 'post', user: 0 },
    { kind: 'follow', user: 2, other: 0 },
    { kind: 'unfollow', user: 2, other: 0 },
  ],
  // A lost cache is rebuilt; the outbox may run again without duplicating anything.
  [
    { kind: 'follow', user: 1, other: 2 },
    { kind: 'post', user: 2 },
    { kind: 'loseCache' },
    { kind: 'post', user: 2 },
    { kind: 'settle' },
    { kind: 'delete', user: 2, pick: 0 },
  ],
];

// Hundreds of steps, each reading every timeline: minutes on a loaded 2-core machine.
jest.setTimeout(300_000);

let graph: Graph;
let stores: Stores;
beforeAll(() => {
  graph = connectTestGraph();
  stores = createStores(graph, new MemoryRecordCache(600));
});
afterAll(() => graph.close());

describe.each(FEED_STORE_FACTORIES.map((factory) => [factory().name, factory] as const))('with the %s feed store', (_name, makeFactory) => {
  let factory: FeedStoreFactory;
  let feeds: FeedStore;
  let timelines: HomeTimelines;
  beforeEach(() => {
    factory = makeFactory();
    feeds = factory.create({ capacity: CAPACITY, ttlSeconds: 600 });
    timelines = new HomeTimelines(stores, feeds, new CelebrityPolicy(CELEBRITY_THRESHOLD), { capacity: CAPACITY }, createLogger('silent'));
  });
  afterEach(async () => {
    await timelines.drain();
    await feeds.close();
    await factory.cleanUp();
  });

  it('keeps every home timeline equal to its definition after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        const world = await World.create(timelines);
        for (const next of steps) {
          await world.apply(next, feeds);
          await timelines.drain();
          for (let index = 0; index < USERS; index++) {
            expect({ user: index, after: next, timeline: await world.readHome(index) }).toEqual({
              user: index,
              after: next,
              timeline: world.expectedHome(index),
            });
          }
        }
      }),
      { numRuns: 25, examples: SCENARIOS.map((scenario) => [scenario]) },
    );
  });
});

/** The users of one run, the model of what they did, and domain services acting as each of them. */
class World {
  private readonly follows = new Set<string>();
  /** Tweet ids by author, oldest first. */
  private readonly tweets = new Map<number, string[]>();

  private constructor(
    private readonly timelines: HomeTimelines,
    private readonly userIds: string[],
  ) {}

  static async create(timelines: HomeTimelines): Promise<World> {
    const run = randomBytes(3).toString('hex');
    const userIds: string[] = [];
    for (let index = 0; index < USERS; index++) {
      const user = await stores.users.create({
        id: newId(),
        handle: `m${run}_${index}`,
        handleKey: `m${run}_${index}`,
        displayName: 'model',
        passwordHash: 'not-a-hash',
        createdAt: Date.now(),
      });
      userIds.push(user.id);
    }
    return new World(timelines, userIds);
  }

  async apply(step: Step, feeds: FeedStore): Promise<void> {
    switch (step.kind) {
      case 'post': {
        const tweet = await this.services(step.user).tweets.post(`tweet by ${step.user}`);
        this.tweets.set(step.user, [...(this.tweets.get(step.user) ?? []), tweet.id]);
        return;
      }
      case 'delete': {
        const own = this.tweets.get(step.user) ?? [];
        if (own.length === 0) return;
        const id = required(own[step.pick % own.length], 'a tweet of its own to delete');
        await this.services(step.user).tweets.delete(id);
        this.tweets.set(
          step.user,
          own.filter((tweetId) => tweetId !== id),
        );
        return;
      }
      case 'follow':
        if (step.user === step.other) return;
        await this.services(step.user).users.follow(this.userId(step.other));
        this.follows.add(`${step.user}>${step.other}`);
        return;
      case 'unfollow':
        if (step.user === step.other) return;
        await this.services(step.user).users.unfollow(this.userId(step.other));
        this.follows.delete(`${step.user}>${step.other}`);
        return;
      case 'loseCache': {
        // As after an eviction, a flushed Redis, or a new instance.
        const all: FeedKey[] = this.userIds.flatMap((id) => [
          { kind: 'home' as const, id },
          { kind: 'recent' as const, id },
        ]);
        await feeds.invalidate(all);
        return;
      }
      case 'settle':
        await this.timelines.settlePending(0);
        return;
    }
  }

  expectedHome(index: number): string[] {
    const authors = [index, ...Array.from({ length: USERS }, (_, other) => other).filter((other) => this.follows.has(`${index}>${other}`))];
    return authors
      .flatMap((author) => this.tweets.get(author) ?? [])
      .sort()
      .reverse();
  }

  async readHome(index: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const connection = await this.services(index).timelines.home({ first: PAGE, after });
      ids.push(...connection.edges.map((edge) => edge.node.id));
      if (!connection.pageInfo.hasNextPage) return ids;
      after = connection.pageInfo.endCursor;
    }
    throw new Error('Timeline did not end within 50 pages.');
  }

  private userId(index: number): string {
    return required(this.userIds[index], `the id of user ${index}`);
  }

  private services(index: number) {
    return servicesFor(this.userId(index), stores, this.timelines);
  }
}
