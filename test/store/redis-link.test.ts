/**
 * The Redis link against a Redis of the test's own, paused and stopped: cache commands refused at
 * once while it is away (never queued), a new cache epoch when it is back, warming before reads,
 * and a second instance following the epoch the first one started.
 */
import Redis from 'ioredis';

import { createLogger } from '../../src/logger';
import { RedisLayout } from '../../src/store/redis-layout';
import { RedisLink, RedisUnavailable } from '../../src/store/redis-link';
import { eventually } from '../support/eventually';
import { startRedisProcess, type RedisProcess } from '../support/redis-process';

const SETTINGS = { probeIntervalMs: 50, epochPollMs: 100, warmingMs: 300 };
const COMMAND_TIMEOUT_MS = 200;

let redis: RedisProcess;
const opened: { connection: Redis; link: RedisLink }[] = [];

beforeAll(async () => (redis = await startRedisProcess()));
afterAll(async () => {
  for (const { connection, link } of opened) {
    link.close();
    connection.disconnect();
  }
  await redis.dispose();
});

/** A connection configured as the server's shared one, and its link. */
function connect(): { connection: Redis; link: RedisLink; layout: RedisLayout } {
  const connection = new Redis(redis.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: () => 50,
  });
  connection.on('error', () => {});
  const layout: RedisLayout = new RedisLayout('link-test:', (): number => link.epoch);
  const link = new RedisLink(connection, layout.cacheEpoch(), SETTINGS, createLogger('silent'));
  opened.push({ connection, link });
  return { connection, link, layout };
}

function state(link: RedisLink) {
  return async () => link.state;
}

it('starts in the shared epoch, refuses commands at once while Redis is paused, and comes back in a new epoch after warming', async () => {
  const { connection, link, layout } = connect();
  expect(await link.connected(5_000)).toBe(true);
  const first = link.epoch;
  expect(link.state).toBe('up');
  await link.run('write', () => connection.set(layout.record('user', 'u'), 'cached before the pause'));

  redis.pause();
  // The first command finds out (within its timeout); the next ones are refused without waiting.
  await expect(link.run('read', () => connection.get(layout.record('user', 'u')))).rejects.toBeInstanceOf(RedisUnavailable);
  expect(link.state).toBe('down');
  const started = performance.now();
  await expect(link.run('write', () => connection.set('anything', '1'))).rejects.toBeInstanceOf(RedisUnavailable);
  expect(performance.now() - started).toBeLessThan(COMMAND_TIMEOUT_MS);

  redis.resume();
  await eventually(state(link), (current) => current === 'warming', { what: 'the link to be back, warming' });
  expect(link.epoch).toBe(first + 1);
  // Warming: writes go to the new epoch, reads are refused.
  await link.run('write', () => connection.set(layout.record('user', 'w'), 'written while warming'));
  await expect(link.run('read', () => connection.get(layout.record('user', 'w')))).rejects.toBeInstanceOf(RedisUnavailable);
  await eventually(state(link), (current) => current === 'up', { what: 'the warming to end' });
  // What was cached before the pause is under the old epoch: not read any more.
  expect(await link.run('read', () => connection.get(layout.record('user', 'u')))).toBeNull();
  expect(await link.run('read', () => connection.get(layout.record('user', 'w')))).toBe('written while warming');
});

it('starts a new epoch after a restart, which another instance follows', async () => {
  const one = connect();
  const two = connect();
  expect(await one.link.connected(5_000)).toBe(true);
  expect(await two.link.connected(5_000)).toBe(true);
  expect(two.link.epoch).toBe(one.link.epoch);

  await redis.restart();
  await eventually(
    async () => [one.link.state, two.link.state],
    (states) => !states.includes('down'),
    { what: 'both links to be back' },
  );
  await eventually(
    async () => [one.link.epoch, two.link.epoch],
    ([a, b]) => a === b,
    { what: 'both instances in one epoch' },
  );
  // The restarted Redis had no epoch: each instance's return counts up from there, and both agree.
  expect(one.link.epoch).toBeGreaterThanOrEqual(1);
});
