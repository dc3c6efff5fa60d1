/**
 * The listpack limit, against Redis servers of the test's own: why it matters (a full feed is a
 * compact listpack above it, a skiplist several times larger at Redis's default) and the start-up
 * check that warns when it is too low.
 */
import { Writable } from 'node:stream';
import Redis from 'ioredis';
import pino from 'pino';

import { newId } from '../../../src/ids';
import { listpackLimitWarning } from '../../../src/store/feeds/listpack-limit';
import { RedisFeedStore } from '../../../src/store/feeds/redis-feed-store';
import { RedisLayout } from '../../../src/store/redis-layout';
import { createSharedStores } from '../../../src/store/shared-stores';
import { eventually } from '../../support/eventually';
import { startRedisProcess, type RedisProcess } from '../../support/redis-process';

const TIMELINE_LENGTH = 800;
const DEFAULT_LIMIT_WARNING =
  "Redis's zset-max-listpack-entries is 128, not above TIMELINE_LENGTH (800): full home timelines take about six times the memory they need. " +
  'Set it to at least 801 (for example CONFIG SET zset-max-listpack-entries 1024).';

/** Started as the tests (and `.ci/run`, docker-compose) start Redis: the limit at 1024. */
let configured: RedisProcess;
/** Redis's own default limit, 128. */
let defaults: RedisProcess;
/** Refuses CONFIG, as a managed Redis may. */
let managed: RedisProcess;
const connections: Redis[] = [];

beforeAll(async () => {
  [configured, defaults, managed] = await Promise.all([
    startRedisProcess(),
    startRedisProcess(['--zset-max-listpack-entries', '128']),
    startRedisProcess(['--rename-command', 'CONFIG', '']),
  ]);
});
afterAll(async () => {
  for (const connection of connections) connection.disconnect();
  await Promise.all([configured, defaults, managed].map((redis) => redis.dispose()));
});

function connect(redis: RedisProcess): Redis {
  const connection = new Redis(redis.url);
  connections.push(connection);
  return connection;
}

/** A full home feed built and pushed to through the store: its size, encoding and bytes by MEMORY USAGE. */
async function fullFeed(redis: RedisProcess) {
  const connection = connect(redis);
  const layout = new RedisLayout('listpack-test:');
  const store = new RedisFeedStore(connection, { capacity: TIMELINE_LENGTH, ttlSeconds: 60 }, layout);
  const feed = { kind: 'home' as const, id: newId() };
  const items = Array.from({ length: TIMELINE_LENGTH }, () => ({ tweetId: newId() }));
  expect(await store.completeBuild(feed, await store.beginBuild(feed), items, [])).toBe(true);
  // A push into a full feed holds one more member until it trims.
  await store.push([feed], { tweetId: newId() }, newId());
  const key = layout.feedItems(feed);
  return {
    size: await store.size(feed),
    encoding: await connection.object('ENCODING', key),
    bytes: Number(await connection.memory('USAGE', key, 'SAMPLES', 0)),
  };
}

describe('listpack limit', () => {
  it('keeps a full feed a listpack of under 20,000 bytes above the timeline length, and makes it a skiplist of about six times that at the default', async () => {
    const compact = await fullFeed(configured);
    expect(compact).toEqual({ size: TIMELINE_LENGTH, encoding: 'listpack', bytes: expect.any(Number) as number });
    expect(compact.bytes).toBeLessThan(20_000);

    const skiplist = await fullFeed(defaults);
    expect(skiplist).toEqual({ size: TIMELINE_LENGTH, encoding: 'skiplist', bytes: expect.any(Number) as number });
    expect(skiplist.bytes).toBeGreaterThan(5 * compact.bytes);
  });

  it('warns when the limit is not above the timeline length, and says nothing when it is or Redis will not tell', async () => {
    expect(await listpackLimitWarning(connect(configured), TIMELINE_LENGTH)).toBeNull();
    expect(await listpackLimitWarning(connect(defaults), TIMELINE_LENGTH)).toBe(DEFAULT_LIMIT_WARNING);
    // A push holds one member more than the timeline length for a moment.
    expect(await listpackLimitWarning(connect(configured), 1024)).toMatch(/^Redis's zset-max-listpack-entries is 1024, not above TIMELINE_LENGTH \(1024\)/);
    expect(await listpackLimitWarning(connect(managed), TIMELINE_LENGTH)).toBeNull();
  });

  it('is checked when the shared stores first reach Redis, and a low limit logged as a warning', async () => {
    const logged: { level: number; msg: string }[] = [];
    const sink = new Writable({
      write(line: Buffer, _encoding, done) {
        logged.push(JSON.parse(line.toString()) as { level: number; msg: string });
        done();
      },
    });
    const shared = createSharedStores(
      {
        redisUrl: defaults.url,
        redisClusterNodes: undefined,
        redisKeyPrefix: 'listpack-test:',
        redisCommandTimeoutMs: 1_000,
        length: TIMELINE_LENGTH,
        ttlSeconds: 60,
        celebrityThreshold: 10_000,
      },
      pino({ level: 'warn' }, sink),
    );
    try {
      expect(await shared.connected(5_000)).toBe(true);
      await eventually(
        async () => logged,
        (lines) => lines.length > 0,
        { what: 'the warning' },
      );
      expect(logged).toEqual([expect.objectContaining({ level: pino.levels.values.warn, msg: DEFAULT_LIMIT_WARNING })]);
    } finally {
      await shared.close();
    }
  });
});
