import { availableParallelism } from 'node:os';

import { ConfigError, loadConfig, PUBLISHED_JWT_SECRETS } from '../src/config';

const SECRET = 's'.repeat(32);

it('has working defaults for development, on the loopback', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({ environment: 'development', port: 4000, host: '127.0.0.1', exposeErrorDetails: false });
  expect(config.neo4j).toEqual({ uri: undefined, user: 'neo4j', password: '', database: 'neo4j', connectionTimeoutMs: 5_000, retryMs: 5_000 });
});

it('reads the Neo4j connection and port', () => {
  const config = loadConfig({
    PORT: '4321',
    NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io',
    NEO4J_USER: 'u',
    NEO4J_PASSWORD: 'p',
    NEO4J_DATABASE: 'tweets',
    NEO4J_CONNECTION_TIMEOUT_MS: '1500',
    NEO4J_RETRY_MS: '0',
  });
  expect(config.port).toBe(4321);
  expect(config.neo4j).toEqual({
    uri: 'neo4j+s://abc.databases.neo4j.io',
    user: 'u',
    password: 'p',
    database: 'tweets',
    connectionTimeoutMs: 1_500,
    retryMs: 0,
  });
});

it('treats empty variables as unset', () => {
  expect(loadConfig({ NEO4J_URI: '', PORT: '' })).toMatchObject({ port: 4000, neo4j: { uri: undefined } });
});

it('refuses to start in production without JWT_SECRET', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
    new ConfigError('JWT_SECRET must be set when NODE_ENV=production (at least 32 random characters).'),
  );
  expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).jwtSecret).toBe(SECRET);
});

it('refuses error details in production', () => {
  expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, EXPOSE_ERROR_DETAILS: 'true' })).toThrow(ConfigError);
});

it('names every invalid variable', () => {
  expect(() => loadConfig({ PORT: 'eighty', NEO4J_URI: 'http://localhost:7474', JWT_SECRET: 'short' })).toThrow(
    /PORT: .*; JWT_SECRET: JWT_SECRET must be at least 32 characters\.; NEO4J_URI: NEO4J_URI must be a neo4j:\/\/ or bolt:\/\/ URI\./,
  );
});

it('reads the query limits, with defaults', () => {
  expect(loadConfig({}).queryLimits).toEqual({ maxDepth: 10, maxAliases: 15, maxDirectives: 10, maxTokens: 1000, maxCost: 5000, fieldCost: 1 });
  expect(loadConfig({ QUERY_MAX_DEPTH: '4', QUERY_MAX_COST: '100', QUERY_FIELD_COST: '0.5' }).queryLimits).toMatchObject({
    maxDepth: 4,
    maxCost: 100,
    fieldCost: 0.5,
  });
  expect(() => loadConfig({ QUERY_MAX_DEPTH: '0' })).toThrow(/QUERY_MAX_DEPTH/);
});

it('has introspection on unless INTROSPECTION is false, and off in production unless INTROSPECTION is true', () => {
  expect(loadConfig({}).introspection).toBe(true);
  expect(loadConfig({ NODE_ENV: 'test' }).introspection).toBe(true);
  expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).introspection).toBe(false);
  expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, INTROSPECTION: 'true' }).introspection).toBe(true);
  expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, INTROSPECTION: '' }).introspection).toBe(false);
  expect(loadConfig({ INTROSPECTION: 'false' }).introspection).toBe(false);
  expect(loadConfig({ INTROSPECTION: '0' }).introspection).toBe(false);
  expect(loadConfig({ INTROSPECTION: 'true' }).introspection).toBe(true);
});

it('signs without JWT_SECRET with a random key of its own, no key from the repository', () => {
  const first = loadConfig({ NODE_ENV: 'test' }).jwtSecret;
  expect(first).toMatch(/^[\w-]{43}$/);
  expect(loadConfig({ NODE_ENV: 'test' }).jwtSecret).not.toBe(first);
  expect(PUBLISHED_JWT_SECRETS).not.toContain(loadConfig({}).jwtSecret);
  expect(PUBLISHED_JWT_SECRETS).toContain('development-only-secret-do-not-use-in-production');
});

it('refuses a published secret in production or on an interface other machines reach, and a short one in production', () => {
  const [published = ''] = PUBLISHED_JWT_SECRETS;
  expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: published })).toThrow(
    new ConfigError(
      'JWT_SECRET must not be a published key when NODE_ENV=production or HOST (127.0.0.1) is not a loopback address: anyone could sign a token for any user.',
    ),
  );
  for (const host of ['0.0.0.0', '::', '192.168.1.20', 'chirp.example.com']) {
    expect(() => loadConfig({ HOST: host, JWT_SECRET: published })).toThrow(`HOST (${host}) is not a loopback address`);
  }
  for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2']) {
    expect(loadConfig({ HOST: host, JWT_SECRET: published }).jwtSecret).toBe(published);
  }
  expect(loadConfig({ HOST: '0.0.0.0', JWT_SECRET: SECRET }).host).toBe('0.0.0.0');
  expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(31) })).toThrow(/JWT_SECRET must be at least 32 characters/);
});

it('reads CORS origins, none by default', () => {
  expect(loadConfig({}).corsOrigins).toEqual([]);
  expect(loadConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins).toEqual(['https://a.example', 'http://localhost:5173']);
  expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrow(/CORS_ORIGINS must be origins/);
});

it('reads rate limits as <count>/<duration>, on by default', () => {
  const { rateLimits } = loadConfig({});
  expect(rateLimits.enabled).toBe(true);
  expect(rateLimits.limits.tweets).toEqual({ points: 300, durationSeconds: 3600 });
  expect(rateLimits.limits.follows).toEqual({ points: 400, durationSeconds: 86_400 });
  expect(rateLimits.limits.failedLogInsPerHandle).toEqual({ points: 30, durationSeconds: 900 });
  expect(loadConfig({ RATE_LIMITS: 'off', RATE_LIMIT_TWEETS: '5/30s' }).rateLimits).toMatchObject({
    enabled: false,
    limits: { tweets: { points: 5, durationSeconds: 30 } },
  });
  expect(() => loadConfig({ RATE_LIMIT_TWEETS: '300 per hour' })).toThrow(/RATE_LIMIT_TWEETS: must be <count>\/<duration>/);
  expect(() => loadConfig({ RATE_LIMIT_TWEETS: '0/1h' })).toThrow(/RATE_LIMIT_TWEETS/);
});

it('reads TRUST_PROXY as Express takes it, off by default', () => {
  expect(loadConfig({}).trustProxy).toBe(false);
  expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
});

it('refuses TRUST_PROXY=true, or a subnet of every address: the client writes the leftmost X-Forwarded-For', () => {
  const refusal = new ConfigError(
    'TRUST_PROXY must not trust every address: the client writes the leftmost X-Forwarded-For. Give the number of proxies in front (TRUST_PROXY=1) or their addresses (TRUST_PROXY=loopback, 10.0.0.0/8).',
  );
  expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(refusal);
  expect(() => loadConfig({ TRUST_PROXY: 'loopback, 0.0.0.0/0' })).toThrow(refusal);
  expect(() => loadConfig({ TRUST_PROXY: '::/0' })).toThrow(refusal);
});

it('runs one API process a core with Redis, WEB_CONCURRENCY to choose, and one without Redis', () => {
  const redis = { REDIS_URL: 'redis://127.0.0.1:6379' };
  expect(loadConfig({}).workers).toBe(1);
  expect(loadConfig(redis).workers).toBe(availableParallelism());
  expect(loadConfig({ ...redis, WEB_CONCURRENCY: '3' }).workers).toBe(3);
  expect(loadConfig({ WEB_CONCURRENCY: '1' }).workers).toBe(1);
  expect(() => loadConfig({ WEB_CONCURRENCY: '2' })).toThrow(/WEB_CONCURRENCY above 1 needs REDIS_URL/);
  expect(() => loadConfig({ ...redis, WEB_CONCURRENCY: '0' })).toThrow(ConfigError);
});

it('reads a Redis Cluster from REDIS_CLUSTER_NODES, instead of REDIS_URL and counting as Redis', () => {
  const cluster = { REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b.internal:7001' };
  expect(loadConfig(cluster).timelines.redisClusterNodes).toEqual([
    { host: '10.0.0.1', port: 7000 },
    { host: 'redis-b.internal', port: 7001 },
  ]);
  expect(loadConfig(cluster).timelines.redisUrl).toBeUndefined();
  expect(loadConfig({}).timelines.redisClusterNodes).toBeUndefined();
  expect(loadConfig({ ...cluster, WEB_CONCURRENCY: '2' }).workers).toBe(2);
  expect(() => loadConfig({ ...cluster, REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/REDIS_URL .* or REDIS_CLUSTER_NODES .*not both/);
  expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis-a' })).toThrow(/REDIS_CLUSTER_NODES must be host:port pairs/);
  expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'redis-a:99999' })).toThrow(/REDIS_CLUSTER_NODES must be host:port pairs/);
});

it('gives every cluster node REDIS_USERNAME and REDIS_PASSWORD, and leaves REDIS_URL its own credentials', () => {
  const cluster = { REDIS_CLUSTER_NODES: 'redis-a:7000,redis-b:7001', REDIS_USERNAME: 'chirp', REDIS_PASSWORD: 'p@ss:word' };
  expect(loadConfig(cluster).timelines.redisClusterNodes).toEqual([
    { host: 'redis-a', port: 7000, username: 'chirp', password: 'p@ss:word' },
    { host: 'redis-b', port: 7001, username: 'chirp', password: 'p@ss:word' },
  ]);
  expect(loadConfig({ REDIS_URL: 'redis://:secret@redis:6379' }).timelines.redisUrl).toBe('redis://:secret@redis:6379');
  expect(() => loadConfig({ REDIS_URL: 'redis://redis:6379', REDIS_PASSWORD: 'secret' })).toThrow(
    new ConfigError('REDIS_USERNAME and REDIS_PASSWORD are for REDIS_CLUSTER_NODES: REDIS_URL carries its own (redis://:password@host:6379).'),
  );
  let message = '';
  try {
    loadConfig({ REDIS_CLUSTER_NODES: 'chirp:hunter2@redis-a:7000' });
  } catch (error) {
    message = String(error);
  }
  expect(message).toContain('REDIS_CLUSTER_NODES must be host:port pairs: credentials go in REDIS_USERNAME and REDIS_PASSWORD.');
  expect(message).not.toContain('hunter2');
});

it('serves no metrics unless METRICS_PORT is set, and then on the loopback unless METRICS_HOST says otherwise', () => {
  expect(loadConfig({}).metrics).toEqual({ port: undefined, host: '127.0.0.1' });
  expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
  expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ port: 9464, host: '0.0.0.0' });
  expect(loadConfig({ METRICS_PORT: '' }).metrics.port).toBeUndefined();
  expect(() => loadConfig({ METRICS_PORT: 'ninety' })).toThrow(/METRICS_PORT/);
  expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
});

it('refuses METRICS_PORT equal to PORT: the metrics stay off the public port', () => {
  expect(() => loadConfig({ PORT: '4000', METRICS_PORT: '4000' })).toThrow(
    new ConfigError('METRICS_PORT must differ from PORT: the metrics are served apart from the public API.'),
  );
  expect(() => loadConfig({ METRICS_PORT: '4000' })).toThrow(ConfigError);
  expect(loadConfig({ PORT: '0', METRICS_PORT: '0' }).metrics.port).toBe(0);
});

it("reads the live connections' limits, with defaults no person with many tabs meets", () => {
  expect(loadConfig({}).live).toEqual({
    maxSubscriptions: 100,
    queueLimit: 100,
    keepAliveMs: 12_000,
    maxWatchedIds: 1_000,
    maxSocketsPerAddress: 50,
    maxSocketsPerUser: 20,
    maxEventsPerSecond: 100,
  });
  expect(
    loadConfig({ LIVE_MAX_WATCHED_IDS: '10', LIVE_MAX_SOCKETS_PER_ADDRESS: '3', LIVE_MAX_SOCKETS_PER_USER: '2', LIVE_MAX_EVENTS_PER_SECOND: '5' }).live,
  ).toMatchObject({ maxWatchedIds: 10, maxSocketsPerAddress: 3, maxSocketsPerUser: 2, maxEventsPerSecond: 5 });
  expect(() => loadConfig({ LIVE_MAX_EVENTS_PER_SECOND: '0' })).toThrow(/LIVE_MAX_EVENTS_PER_SECOND/);
});
