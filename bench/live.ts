/**
 * Live feed benchmark (`npm run bench:live`)
 *
 * Starts the built server (`dist/src/main.js`) in a process of its own, opens BENCH_SUBSCRIBERS
 * (default 5,000) WebSocket connections with the graphql-ws client, each subscribed to its user's
 * home timeline, then posts tweets at a steady rate through the API and prints the delivery
 * latency p50/p99 (from the tweet's id time, taken just before the Neo4j commit, to receipt), how
 * many of the expected deliveries arrived, and the server's memory per connection.
 *
 * Each subscriber follows BENCH_FOLLOWS authors drawn from BENCH_AUTHORS, so a tweet reaches about
 * SUBSCRIBERS * FOLLOWS / AUTHORS subscribers. Uses NEO4J_URI when set, otherwise a local Neo4j on
 * a fresh `bench-live` store; the event bus is Redis when REDIS_URL (one Redis) or
 * REDIS_CLUSTER_NODES (a Redis Cluster) is set (under a key prefix of its own, deleted at the end),
 * process memory otherwise.
 *
 * BENCH_INSTANCES=2 (needs Redis) starts two server processes behind HAProxy
 * (bench/support/haproxy.ts, the load-balancer test's configuration): subscribers connect and
 * tweets are posted through it, so the instances share the subscribers and a tweet's recipients
 * are on both, reached through the Redis bus.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { loadConfig } from '../src/config';
import { issueToken } from '../src/domain/accounts/tokens';
import { newId, timeOfId } from '../src/ids';
import { createLogger } from '../src/logger';
import { PROJECT_ROOT } from '../src/project-root';
import { Graph } from '../src/store/graph';
import { freePort, startLocalNeo4j } from '../src/store/local-neo4j/local-neo4j';
import { connectRedis, type RedisTarget } from '../src/store/redis-connection';
import { SeedStore, type SeedFollow } from '../src/store/seed-store';
import { redisTarget } from '../src/store/shared-stores';
import { startLoadBalancer, type LoadBalancer } from './support/haproxy';
import { deleteKeysAt } from '../src/store/redis-layout';
import { commandsProcessed } from './support/redis';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 5_000);
const AUTHORS = Number(process.env.BENCH_AUTHORS ?? 100);
const FOLLOWS = Number(process.env.BENCH_FOLLOWS ?? 10);
const TWEETS_PER_SECOND = Number(process.env.BENCH_TWEETS_PER_SECOND ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 1);
const CONNECT_CONCURRENCY = 100;
const JWT_SECRET = 'benchmark-secret-benchmark-secret-0123456789';
const HOME = 'subscription { homeTimeline { id text createdAt author { handle } } }';

const logger = createLogger('warn');

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  // The Redis the servers share, if any (they read REDIS_URL or REDIS_CLUSTER_NODES from the environment they inherit).
  const sharedRedis = redisTarget(config.timelines);
  if (INSTANCES > 1 && !sharedRedis)
    throw new Error('BENCH_INSTANCES above 1 needs REDIS_URL or REDIS_CLUSTER_NODES: instances share live events through Redis.');
  const local = config.neo4j.uri
    ? undefined
    : await startLocalNeo4j({ ...config.localNeo4j, storeName: 'bench-live', boltPort: 0, projectRoot: PROJECT_ROOT, fresh: true, logger });
  const neo4jUri = config.neo4j.uri ?? local!.uri;
  const graph = Graph.connect({ ...config.neo4j, uri: neo4jUri });
  const clients: Client[] = [];
  const redisPrefix = `bench-live:${randomBytes(4).toString('hex')}:`;
  const servers: { child: ChildProcess; port: number }[] = [];
  let balancer: LoadBalancer | undefined;
  try {
    await graph.applySchema();
    const { subscribers, authors, followers } = await seed(graph);
    const tokens = { secret: JWT_SECRET, ttlSeconds: 3600 };

    for (let instance = 0; instance < INSTANCES; instance++) servers.push(await startServer(neo4jUri, redisPrefix));
    await Promise.all(servers.map(({ port }) => waitForHealth(port)));
    // Every open WebSocket is a connection HAProxy holds; a margin for the posts.
    if (INSTANCES > 1)
      balancer = await startLoadBalancer(
        servers.map(({ port }) => port),
        SUBSCRIBERS + 1_000,
      );
    const port = balancer?.port ?? servers[0]!.port;
    const url = `ws://127.0.0.1:${port}/graphql`;
    const busName = sharedRedis ? ('url' in sharedRedis ? 'Redis' : 'Redis Cluster') : 'in-process';
    const pids = servers.map(({ child }) => child.pid).join(', ');
    const workers = INSTANCES > 1 ? Number(process.env.WEB_CONCURRENCY ?? 1) : config.workers;
    console.log(
      `${balancer ? `${INSTANCES} server instances (pids ${pids}) behind HAProxy on port ${port}` : `Server pid ${pids} on port ${port}`}, ` +
        `${workers} worker process${workers === 1 ? '' : 'es'} each, ${busName} event bus`,
    );

    // Warm each server (schema, loaders, JIT) before measuring its memory.
    for (const server of servers) await post(server.port, issueToken(authors[0]!, tokens), 'warm-up');
    await sleep(1_000);
    const rssBefore = totalRss(servers);

    /** Receipt times of each tweet's deliveries, by tweet id (they may arrive before the mutation answers). */
    const received = new Map<string, number[]>();
    const connectStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONNECT_CONCURRENCY }, async () => {
        while (next < subscribers.length) {
          const userId = subscribers[next++];
          const client = createClient({
            url,
            webSocketImpl: WebSocket,
            lazy: false,
            retryAttempts: 0,
            onNonLazyError: (error) => console.error(`Connection error of ${userId}: ${messageOf(error)}`),
            connectionParams: { authorization: `Bearer ${issueToken(userId!, tokens)}` },
          });
          clients.push(client);
          await new Promise<void>((resolve, reject) => {
            client.on('connected', () => resolve());
            client.on('closed', (event) => reject(new Error(`Connection of ${userId} closed: ${messageOf(event)}`)));
            client.subscribe<{ homeTimeline: { id: string } }>(
              { query: HOME },
              {
                next: (result) => {
                  const id = result.data?.homeTimeline.id;
                  if (!id) return;
                  const times = received.get(id);
                  if (times) times.push(Date.now());
                  else received.set(id, [Date.now()]);
                },
                error: (error) => console.error(`Subscription error of ${userId}: ${messageOf(error)}`),
                complete: () => {},
              },
            );
          });
        }
      }),
    );
    // Let every subscription finish setting up (it reads the celebrities its user follows).
    await sleep(3_000);
    const rssAfter = totalRss(servers);
    console.log(
      `Opened ${SUBSCRIBERS.toLocaleString()} connections with one homeTimeline subscription each in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s`,
    );

    // Steady posting: one tweet every 1000 / TWEETS_PER_SECOND ms from a random author.
    const authorTokens = authors.map((id) => issueToken(id, tokens));
    const posts: Promise<void>[] = [];
    /** When each measured tweet's mutation answered. */
    const answered = new Map<string, number>();
    let expected = 0;
    const total = SECONDS * TWEETS_PER_SECOND;
    const cpuBefore = totalCpuMs(servers);
    const redisCommandsBefore = await redisCommands(sharedRedis);
    const started = performance.now();
    for (let index = 0; index < total; index++) {
      const wait = started + (index * 1000) / TWEETS_PER_SECOND - performance.now();
      if (wait > 0) await sleep(wait);
      const author = Math.floor(Math.random() * AUTHORS);
      expected += followers[author]!;
      posts.push(post(port, authorTokens[author]!, `live benchmark ${index}`).then((id) => void answered.set(id, Date.now())));
    }
    await Promise.all(posts);
    await sleep(2_000); // the last deliveries
    const cpuMs = totalCpuMs(servers) - cpuBefore;
    const redisCommandsSent = (await redisCommands(sharedRedis)) - redisCommandsBefore;
    const measured = [...answered.keys()].map((id) => ({ id, times: received.get(id) ?? [] }));
    const latencies = measured.flatMap(({ id, times }) => times.map((time) => time - timeOfId(id)));
    const commits = [...answered].map(([id, time]) => time - timeOfId(id));
    const spreads = measured.filter(({ times }) => times.length > 0).map(({ times }) => Math.max(...times) - Math.min(...times));

    console.log('');
    console.log(
      `${total} tweets in ${SECONDS} s (${TWEETS_PER_SECOND}/s), each to about ${Math.round(expected / total)} of ${SUBSCRIBERS.toLocaleString()} subscribers (${(expected / SECONDS).toFixed(0)} deliveries/s):`,
    );
    console.log(`delivered ${latencies.length.toLocaleString()} of ${expected.toLocaleString()} expected`);
    console.log(`latency from the tweet's id time (just before its Neo4j commit) to receipt: ${percentiles(latencies)}`);
    console.log(`  of which the mutation itself, to its answer:                        ${percentiles(commits)}`);
    console.log(`  and the spread of one tweet's deliveries, first to last:             ${percentiles(spreads)}`);
    console.log(
      `server CPU while posting: ${(cpuMs / total).toFixed(1)} ms a tweet, ${((cpuMs * 1000) / Math.max(1, latencies.length)).toFixed(0)} µs a delivery` +
        (sharedRedis ? `; Redis commands (all clients of the Redis): ${(redisCommandsSent / total).toFixed(0)} a tweet` : ''),
    );
    console.log(
      `server memory${INSTANCES > 1 ? ` (${INSTANCES} processes)` : ''}: ${mb(rssBefore)} MB before the connections, ${mb(rssAfter)} MB with them: ${((rssAfter - rssBefore) / SUBSCRIBERS / 1024).toFixed(1)} KB per connection`,
    );
  } catch (error) {
    if (balancer) console.error(`HAProxy's output:\n${balancer.output()}`);
    throw error;
  } finally {
    await Promise.allSettled(clients.map(async (client) => client.dispose()));
    await Promise.all(servers.map(({ child }) => stopProcess(child)));
    await balancer?.stop();
    await graph.close();
    await local?.stop();
    if (sharedRedis) await deleteKeysAt(sharedRedis, redisPrefix);
  }
}

/** SIGTERM, then SIGKILL if the process has not exited within 10 s: a benchmark leaves nothing running. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

/** An error's or a close event's message, without dumping the socket it came from. */
function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const { message, code, reason } = error as { message?: unknown; code?: unknown; reason?: unknown };
    if (typeof message === 'string') return message;
    if (typeof code === 'number') return `code ${code}${typeof reason === 'string' && reason ? `, ${reason}` : ''}`;
  }
  return String(error);
}

/** The built server in a process of its own, on a free port. */
async function startServer(neo4jUri: string, redisPrefix: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof", to profile the server.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, path.join(PROJECT_ROOT, 'dist', 'src', 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEO4J_URI: neo4jUri,
      JWT_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      LIVE_KEEPALIVE_MS: '30000',
      // Every subscriber connects from this machine's one address.
      LIVE_MAX_SOCKETS_PER_ADDRESS: '1000000',
      REDIS_KEY_PREFIX: redisPrefix,
      // Several instances on one machine: one process each unless told otherwise (with Redis an
      // instance alone runs a worker a core).
      ...(INSTANCES > 1 ? { WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? '1' } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return { child, port };
}

/** Subscribers and authors, each subscriber following FOLLOWS distinct authors at random. */
async function seed(graph: Graph) {
  const store = new SeedStore(graph);
  const subscribers = Array.from({ length: SUBSCRIBERS }, () => newId());
  const authors = Array.from({ length: AUTHORS }, () => newId());
  await store.users([...subscribers, ...authors].map((id, index) => ({ id, handle: `l${index}` })));
  const followers = new Array<number>(AUTHORS).fill(0);
  const follows: SeedFollow[] = [];
  for (const followerId of subscribers) {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(FOLLOWS, AUTHORS)) chosen.add(Math.floor(Math.random() * AUTHORS));
    for (const author of chosen) {
      follows.push({ followerId, followeeId: authors[author]! });
      followers[author]!++;
    }
  }
  await store.follows(follows);
  return { subscribers, authors, followers };
}

function percentiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${sorted.at(-1)} ms`;
}

async function post(port: number, token: string, text: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: 'mutation P($text: String!) { postTweet(text: $text) { id } }', variables: { text } }),
  });
  const body = (await response.json()) as { data?: { postTweet: { id: string } }; errors?: unknown };
  if (!body.data) throw new Error(`postTweet failed: ${JSON.stringify(body.errors)}`);
  return body.data.postTweet.id;
}

async function waitForHealth(port: number): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error('The server did not become healthy.');
}

/** CPU time the servers (their worker processes included) have used, in ms. */
function totalCpuMs(servers: { child: ChildProcess }[]): number {
  return servers.reduce((sum, { child }) => sum + treeCpuMs(child.pid!), 0);
}

function treeCpuMs(pid: number): number {
  // utime and stime, the 14th and 15th fields, in clock ticks (100 a second); the name before them may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  return own + childrenOf(pid).reduce((sum, child) => sum + treeCpuMs(child), 0);
}

function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
}

/** Commands the Redis has run since it started (every client's; a cluster's masters' together), or 0 without Redis. */
async function redisCommands(target: RedisTarget | undefined): Promise<number> {
  if (!target) return 0;
  const redis = connectRedis(target);
  try {
    return await commandsProcessed(redis);
  } finally {
    redis.disconnect();
  }
}

/** The servers' memory, their worker processes' included. */
function totalRss(servers: { child: ChildProcess }[]): number {
  return servers.reduce((sum, { child }) => sum + treeRssBytes(child.pid!), 0);
}

function treeRssBytes(pid: number): number {
  return rssBytes(pid) + childrenOf(pid).reduce((sum, child) => sum + treeRssBytes(child), 0);
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
