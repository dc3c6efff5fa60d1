/**
 * Home timeline benchmark (`npm run bench:timeline`)
 *
 * Generates a graph of BENCH_USERS users (default 100,000) whose follower counts follow a power law
 * (the most followed have more than 50,000 followers), seeds tweets, then prints side by side, in
 * one run on one machine: home timeline throughput and p50/p99 latency of the cached path (Redis)
 * and of the read-time Cypher path, the time to fan one tweet out to 10,000 followers, the time of a
 * push into full home feeds, and the memory of a full one.
 *
 * Uses NEO4J_URI when set, otherwise a local Neo4j on a fresh `bench` store; REDIS_URL or
 * REDIS_CLUSTER_NODES (default the local 127.0.0.1:6379) under a prefix of its own, deleted at the end.
 */
import { randomBytes } from 'node:crypto';

import { loadConfig } from '../src/config';
import { CelebrityPolicy } from '../src/domain/timelines/celebrity-policy';
import { HomeTimelines } from '../src/domain/timelines/home-timelines';
import { newId, timeOfId } from '../src/ids';
import { createLogger } from '../src/logger';
import { PROJECT_ROOT } from '../src/project-root';
import { MemoryRecordCache } from '../src/store/cache/memory-record-cache';
import { RedisRecordCache } from '../src/store/cache/redis-record-cache';
import { RedisFeedStore } from '../src/store/feeds/redis-feed-store';
import { connectRedis, type RedisClient } from '../src/store/redis-connection';
import { deleteKeysUnder, RedisLayout } from '../src/store/redis-layout';
import { Graph } from '../src/store/graph';
import { startLocalNeo4j } from '../src/store/local-neo4j/local-neo4j';
import { SeedStore, type SeedFollow, type SeedTweet } from '../src/store/seed-store';
import { createStores } from '../src/store/stores';
import { benchRedisTarget } from './support/redis';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const FOLLOWS_PER_USER = Number(process.env.BENCH_FOLLOWS_PER_USER ?? 20);
const TWEETING_USERS = Math.round(USERS * 0.2);
const TWEETS_PER_TWEETING_USER = 5;
const READERS = 1_000;
const REQUESTS = 2_000;
const CONCURRENCY = 16;
const WARM_UP_REQUESTS = 500;
const ROUNDS = 3;
const PAGE = 20;
const FAN_OUT_FOLLOWERS = 10_000;
/** Full home feeds pushed to, each push a fan-out's call over all of them. */
const FULL_FEEDS = 1_000;
const FULL_FEED_PUSHES = 20;
const CAPACITY = 800;
const CELEBRITY_THRESHOLD = 10_000;

const logger = createLogger('warn');

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const local = config.neo4j.uri
    ? undefined
    : await startLocalNeo4j({
        ...config.localNeo4j,
        storeName: 'bench',
        boltPort: 0,
        heapMb: 2048,
        pageCacheMb: 2048,
        projectRoot: PROJECT_ROOT,
        fresh: true,
        logger,
      });
  const graph = Graph.connect({ ...config.neo4j, uri: config.neo4j.uri ?? local!.uri });
  const prefix = `bench:${randomBytes(4).toString('hex')}:`;
  const redis = connectRedis(benchRedisTarget(config.timelines), { enableAutoPipelining: true });
  const layout = new RedisLayout(prefix);
  const feeds = new RedisFeedStore(redis, { capacity: CAPACITY, ttlSeconds: 3600 }, layout);
  const records = new RedisRecordCache(redis, layout, 3600);
  const stores = createStores(graph, records);
  const timelines = new HomeTimelines(stores, feeds, new CelebrityPolicy(CELEBRITY_THRESHOLD), { capacity: CAPACITY }, logger);

  try {
    await graph.applySchema();
    const seeded = await time(() => seedGraph(graph));
    const { userIds, followerCounts, edges } = seeded.value;
    const sorted = [...followerCounts].sort((a, b) => b - a);
    console.log(
      `Seeded ${USERS.toLocaleString()} users, ${edges.toLocaleString()} follows, ${(TWEETING_USERS * TWEETS_PER_TWEETING_USER).toLocaleString()} tweets in ${(seeded.ms / 1000).toFixed(0)} s`,
    );
    console.log(
      `Followers: top ${sorted
        .slice(0, 5)
        .map((count) => count.toLocaleString())
        .join(
          ', ',
        )}; ${sorted.filter((count) => count > CELEBRITY_THRESHOLD).length} above the celebrity threshold (${CELEBRITY_THRESHOLD.toLocaleString()}); median ${sorted[Math.floor(USERS / 2)]}`,
    );

    const readers = Array.from({ length: READERS }, () => userIds[Math.floor(Math.random() * USERS)]!);
    // Warm the caches: each reader's home feed built and its tweets cached once, as after their first visit.
    await inParallel(readers, CONCURRENCY, async (viewerId) => stores.tweets.findByIds((await timelines.page(viewerId, PAGE)).map((item) => item.tweetId)));

    // Rounds alternate between the paths, and each path's median round is shown, so that a burst of
    // other work on the machine does not land on one path only.
    const paths = {
      cypher: (viewerId: string) => stores.tweets.homeTimelinePage(viewerId, PAGE),
      cached: (viewerId: string) => timelines.page(viewerId, PAGE),
      cachedWithBodies: async (viewerId: string) => stores.tweets.findByIds((await timelines.page(viewerId, PAGE)).map((item) => item.tweetId)),
    };
    const rounds: Record<keyof typeof paths, Measurement[]> = { cypher: [], cached: [], cachedWithBodies: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, read] of Object.entries(paths)) rounds[name as keyof typeof paths].push(await measure(readers, read));
    }
    const [cypher, cached, cachedWithBodies] = [rounds.cypher, rounds.cached, rounds.cachedWithBodies].map(medianRound);

    console.log('');
    console.log(
      `Home timeline, ${PAGE} tweets a page, ${REQUESTS} requests, ${CONCURRENCY} concurrent, ${READERS} random readers (median of ${ROUNDS} rounds):`,
    );
    console.log('path                                   req/s     p50 ms    p99 ms');
    for (const [name, result] of [
      ['read-time Cypher (Neo4j)', cypher],
      ['cached: ids only (Redis)', cached],
      ['cached: ids + tweets (Redis)', cachedWithBodies],
    ] as const) {
      console.log(
        `${name.padEnd(36)} ${result!.throughput.toFixed(0).padStart(7)} ${result!.p50.toFixed(1).padStart(10)} ${result!.p99.toFixed(1).padStart(9)}`,
      );
    }
    console.log(
      `cached / Cypher throughput: ${(cached!.throughput / cypher!.throughput).toFixed(1)}x (ids only), ${(cachedWithBodies!.throughput / cypher!.throughput).toFixed(1)}x (ids + tweets)`,
    );

    const fanOutMs = await measureFanOut(graph, timelines, feeds, userIds);
    console.log('');
    console.log(
      `Fan-out of one tweet to ${FAN_OUT_FOLLOWERS.toLocaleString()} followers with cached timelines: median ${fanOutMs.median!.toFixed(1)} ms, max ${fanOutMs.max!.toFixed(1)} ms (${fanOutMs.runs} runs), reading the followers from Neo4j alone (it overlaps the pushes): ${fanOutMs.followerLookup!.toFixed(1)} ms`,
    );

    const fullPushUs = await measureFullFeedPushes(feeds);
    console.log(
      `Pushes into ${FULL_FEEDS.toLocaleString()} full home feeds (${CAPACITY} items each), ${FULL_FEED_PUSHES} tweets: ${fullPushUs.toFixed(1)} µs a feed, a feed's share of the fan-out's time`,
    );

    const sample = await redis.memory('USAGE', layout.feedItems({ kind: 'home', id: readers[0]! }));
    const full = await fullFeed(redis, layout, feeds);
    console.log(
      `Redis memory: a ${CAPACITY}-item home feed takes ${full.bytes.toLocaleString()} bytes, ${(full.bytes / CAPACITY).toFixed(1)} an item, as a ${full.encoding} (a sampled reader's: ${(sample ?? 0).toLocaleString()})`,
    );
  } finally {
    await deleteKeysUnder(redis, prefix);
    await redis.quit();
    await graph.close();
    await local?.stop();
  }
}

/** Users with power-law popularity: each follows FOLLOWS_PER_USER others drawn by Zipf rank. */
async function seedGraph(graph: Graph) {
  const seed = new SeedStore(graph);
  const userIds = Array.from({ length: USERS }, () => newId());
  await seed.users(userIds.map((id, index) => ({ id, handle: `b${index}` })));

  const cumulative = new Float64Array(USERS);
  let total = 0;
  for (let rank = 0; rank < USERS; rank++) cumulative[rank] = total += 1 / (rank + 1);
  const drawRank = () => {
    const target = Math.random() * total;
    let low = 0;
    let high = USERS - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };

  const followerCounts = new Array<number>(USERS).fill(0);
  let edges = 0;
  let batch: SeedFollow[] = [];
  for (let follower = 0; follower < USERS; follower++) {
    const followees = new Set<number>();
    while (followees.size < FOLLOWS_PER_USER) {
      const followee = drawRank();
      if (followee !== follower) followees.add(followee);
    }
    for (const followee of followees) {
      batch.push({ followerId: userIds[follower]!, followeeId: userIds[followee]! });
      followerCounts[followee]!++;
    }
    if (batch.length >= 50_000) {
      edges += batch.length;
      await seed.follows(batch);
      batch = [];
    }
  }
  edges += batch.length;
  await seed.follows(batch);

  const tweets: SeedTweet[] = [];
  for (let index = 0; index < TWEETING_USERS; index++) {
    const authorId = userIds[Math.floor(Math.random() * USERS)];
    for (let count = 0; count < TWEETS_PER_TWEETING_USER; count++) {
      const id = newId();
      tweets.push({ id, authorId: authorId!, text: `benchmark tweet ${index}.${count}`, createdAt: timeOfId(id) });
    }
  }
  await seed.tweets(tweets);
  return { userIds, followerCounts, edges };
}

/** An author with exactly FAN_OUT_FOLLOWERS followers whose home feeds are cached, posting. */
async function measureFanOut(graph: Graph, timelines: HomeTimelines, feeds: RedisFeedStore, userIds: string[]) {
  const authorId = newId();
  const seed = new SeedStore(graph);
  await seed.users([{ id: authorId, handle: `fan_${authorId.slice(-8)}` }]);
  const followers = userIds.slice(0, FAN_OUT_FOLLOWERS);
  await seed.follows(followers.map((followerId) => ({ followerId, followeeId: authorId })));
  await inParallel(followers, 64, async (followerId) => {
    const feed = { kind: 'home' as const, id: followerId };
    if ((await feeds.readyMeta(feed)) === null) await feeds.completeBuild(feed, await feeds.beginBuild(feed), [], []);
  });
  const stores = createStores(graph, new MemoryRecordCache(60));
  const runs: number[] = [];
  for (let run = 0; run < 7; run++) {
    const id = newId();
    const posted = await stores.tweets.create({ id, authorId, text: `fan-out ${run}`, createdAt: timeOfId(id) });
    runs.push((await time(() => timelines.fanOutTweet(posted!))).ms);
  }
  runs.sort((a, b) => a - b);
  const lookups: number[] = [];
  const readFollowers = async () => {
    // Reads every batch and does nothing with it: the time to stream the followers alone.
    for await (const _batch of stores.users.followerIdBatches(authorId, 500));
  };
  for (let run = 0; run < 7; run++) lookups.push((await time(readFollowers)).ms);
  lookups.sort((a, b) => a - b);
  return { median: runs[Math.floor(runs.length / 2)], max: runs[runs.length - 1], runs: runs.length, followerLookup: lookups[3] };
}

/**
 * A push into a full feed costs more than into a short one (a compact feed's insert and trim are
 * linear in its size), and active users' feeds are full: the time of pushes to FULL_FEEDS of them.
 */
async function measureFullFeedPushes(feeds: RedisFeedStore): Promise<number> {
  const keys = Array.from({ length: FULL_FEEDS }, () => ({ kind: 'home' as const, id: newId() }));
  await inParallel(keys, CONCURRENCY, async (feed) => {
    const items = Array.from({ length: CAPACITY }, () => ({ tweetId: newId() }));
    await feeds.completeBuild(feed, await feeds.beginBuild(feed), items, []);
  });
  const authorId = newId();
  const pushes = await time(async () => {
    for (let push = 0; push < FULL_FEED_PUSHES; push++) await feeds.push(keys, { tweetId: newId() }, authorId);
  });
  await feeds.invalidate(keys);
  return (pushes.ms * 1000) / (FULL_FEEDS * FULL_FEED_PUSHES);
}

/** A full home feed, built as a rebuild builds one: its size by MEMORY USAGE and its encoding (listpack or skiplist). */
async function fullFeed(redis: RedisClient, layout: RedisLayout, feeds: RedisFeedStore): Promise<{ bytes: number; encoding: string }> {
  const feed = { kind: 'home' as const, id: newId() };
  const items = Array.from({ length: CAPACITY }, () => ({ tweetId: newId() }));
  if (!(await feeds.completeBuild(feed, await feeds.beginBuild(feed), items, []))) throw new Error('The memory probe feed was not built.');
  const key = layout.feedItems(feed);
  const bytes = Number(await redis.memory('USAGE', key, 'SAMPLES', 0));
  const encoding = String(await redis.object('ENCODING', key));
  await feeds.invalidate([feed]);
  return { bytes, encoding };
}

interface Measurement {
  throughput: number;
  p50: number;
  p99: number;
}

async function measure(viewers: string[], read: (viewerId: string) => Promise<unknown>): Promise<Measurement> {
  // Untimed first: the path's code compiled and its connections busy, as in a server that has been up a while.
  await inParallel(viewers.slice(0, WARM_UP_REQUESTS), CONCURRENCY, read);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const viewerId = viewers[next++ % viewers.length];
        const begin = performance.now();
        await read(viewerId!);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { throughput: REQUESTS / seconds, p50: latencies[Math.floor(latencies.length * 0.5)]!, p99: latencies[Math.floor(latencies.length * 0.99)]! };
}

/** The round of median throughput. */
function medianRound(rounds: Measurement[]): Measurement {
  return [...rounds].sort((a, b) => a.throughput - b.throughput)[Math.floor(rounds.length / 2)]!;
}

async function time<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
