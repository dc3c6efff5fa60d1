/**
 * The record cache contract, held by both implementations, the Redis one on one Redis and on a
 * Redis Cluster (where a read spans many slots).
 */
import { MemoryRecordCache } from '../../../src/store/cache/memory-record-cache';
import type { RecordCache } from '../../../src/store/cache/record-cache';
import { RedisRecordCache } from '../../../src/store/cache/redis-record-cache';
import { testRedisClusterScope, testRedisScope } from '../../support/test-redis';

const redis = testRedisScope();
const cluster = testRedisClusterScope();

describe.each([
  ['memory', () => new MemoryRecordCache(60, 3)],
  ['redis', () => new RedisRecordCache(redis.connect(), redis.layout, 60)],
  ['redis cluster', () => new RedisRecordCache(cluster.connect(), cluster.layout, 60)],
])('%s record cache', (_name, create: () => RecordCache) => {
  let cache: RecordCache;
  beforeEach(() => (cache = create()));
  afterEach(async () => {
    await cache.close();
    await Promise.all([redis.cleanUp(), cluster.cleanUp()]);
  });

  it('answers in the order asked, undefined where it has nothing', async () => {
    await cache.putMany('tweet', [
      { id: 'a', version: 0 },
      { id: 'b', version: 0 },
    ]);
    expect(await cache.getMany('tweet', ['b', 'x', 'a'])).toEqual([{ id: 'b', version: 0 }, undefined, { id: 'a', version: 0 }]);
    expect(await cache.getMany('user', ['a'])).toEqual([undefined]);
  });

  it('never lets an older copy replace a newer one', async () => {
    await cache.putMany('user', [{ id: 'u', version: 5, count: 5 } as never]);
    await cache.putMany('user', [{ id: 'u', version: 4, count: 4 } as never]);
    expect(await cache.getMany('user', ['u'])).toEqual([{ id: 'u', version: 5, count: 5 }]);
    await cache.putMany('user', [{ id: 'u', version: 6, count: 6 } as never]);
    expect(await cache.getMany('user', ['u'])).toEqual([{ id: 'u', version: 6, count: 6 }]);
  });

  it('keeps a deleted record deleted whatever copy arrives later', async () => {
    await cache.putMany('tweet', [{ id: 't', version: 1 }]);
    await cache.tombstone('tweet', 't');
    await cache.putMany('tweet', [{ id: 't', version: 99 }]);
    expect(await cache.getMany('tweet', ['t'])).toEqual([null]);
  });
});

it('memory cache evicts the least recently written beyond its size', async () => {
  const cache = new MemoryRecordCache(60, 2);
  await cache.putMany('tweet', [
    { id: 'a', version: 0 },
    { id: 'b', version: 0 },
    { id: 'c', version: 0 },
  ]);
  expect(await cache.getMany('tweet', ['a', 'b', 'c'])).toEqual([undefined, { id: 'b', version: 0 }, { id: 'c', version: 0 }]);
});
