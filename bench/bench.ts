/**
 * Load benchmark (`npm run bench -- [--store NAME] [--workload seed|dsb|<operation>] [--smoke] ...`)
 *
 * Starts Neo4j on a seeded store (`npm run seed` first), Chirp's API in its own process (Redis
 * when reachable: REDIS_URL or REDIS_CLUSTER_NODES, default the local 127.0.0.1:6379; under a key
 * prefix of its own, deleted at the end), the `@neo4j/graphql` API and
 * a bare Apollo server beside it, signs in a sample of seeded users, then for each target drives
 * an open-loop generator (its own process) at rising offered rates until p99 passes the bound, and
 * prints per step and operation: throughput, p50/p95/p99/max, errors by code, the CPU and memory
 * of the API, Neo4j and Redis, and the generator's own CPU. Targets, side by side in one run:
 * Chirp under the workload (with live homeTimeline subscribers for a tenth of the viewers), then
 * the workload's reads against Chirp and against @neo4j/graphql, and `{ __typename }` against Chirp
 * and a bare Apollo server. JSON and an SVG chart go to bench-results/ (git-ignored).
 *
 * `--smoke` runs a few seconds on a tiny graph in a fresh store of its own (the test suite runs it).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { PROJECT_ROOT } from '../src/project-root';
import { Graph } from '../src/store/graph';
import { freePort, startLocalNeo4j, type LocalNeo4j } from '../src/store/local-neo4j/local-neo4j';
import { deleteKeysUnder } from '../src/store/redis-layout';
import { SeedStore } from '../src/store/seed-store';
import { latencyChart } from './load/chart';
import type { GeneratorMessage, GeneratorReply } from './load/generator';
import { WORKLOADS, workloadWeights, type Dialect, type Operation, type Viewer } from './load/operations';
import { cpuMark, findProcess, usageSince, type ProcessUsage } from './load/process-stats';
import type { OperationSummary } from './load/summary';
import { mulberry32 } from './seed/random';
import { SEED_PASSWORD } from './seed/social-graph';
import { benchRedisTarget, reachableRedis, redisEnvironment, redisServerPid } from './support/redis';

const RESULTS_DIRECTORY = path.join(PROJECT_ROOT, 'bench-results');
const SMOKE_USERS = 300;

interface Target {
  name: string;
  dialect: Dialect;
  url: string;
  weights: Partial<Record<Operation, number>>;
  subscribers: number;
  /** The process serving it, for its CPU and memory. */
  pid: number | undefined;
}

interface StepResult {
  rate: number;
  operations: Record<string, OperationSummary>;
  generatorCpuPercent: number;
  maxSendLagMs: number;
  deliveriesPerSecond: number;
  processes: Record<string, ProcessUsage | undefined>;
  /** The machine's 1-minute load average after the step: other work on the cores shows here. */
  loadAverage: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      store: { type: 'string' },
      workload: { type: 'string', default: 'seed' },
      smoke: { type: 'boolean', default: false },
      compare: { type: 'boolean', default: true },
      'no-compare': { type: 'boolean', default: false },
      bound: { type: 'string', default: '100' },
      start: { type: 'string' },
      factor: { type: 'string', default: '1.5' },
      steps: { type: 'string' },
      'step-seconds': { type: 'string' },
      viewers: { type: 'string' },
      subscribers: { type: 'string' },
      limits: { type: 'boolean', default: false },
      workers: { type: 'string' },
      profile: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const smoke = values.smoke;
  const config = loadConfig({ ...process.env, NODE_ENV: 'development' });
  const storeName = values.store ?? (smoke ? 'bench-smoke' : config.localNeo4j.storeName);
  const boundMs = Number(values.bound);
  const startRate = Number(values.start ?? 20);
  const factor = Number(values.factor);
  const maxSteps = Number(values.steps ?? (smoke ? 2 : 12));
  const stepMs = Number(values['step-seconds'] ?? (smoke ? 1.5 : 10)) * 1000;
  const viewerCount = Number(values.viewers ?? (smoke ? 20 : 200));
  const workload = values.workload;
  const weights = workloadWeights(workload);
  const compare = values.compare && !values['no-compare'];
  const logger = createLogger('warn');
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));

  try {
    // Neo4j, with the seeded graph.
    let local: LocalNeo4j | undefined;
    if (!config.neo4j.uri) {
      const heapMb = process.env.LOCAL_NEO4J_HEAP_MB ? config.localNeo4j.heapMb : smoke ? 1024 : 2048;
      const pageCacheMb = process.env.LOCAL_NEO4J_PAGECACHE_MB ? config.localNeo4j.pageCacheMb : smoke ? 256 : 4096;
      local = await startLocalNeo4j({ ...config.localNeo4j, storeName, boltPort: 0, heapMb, pageCacheMb, projectRoot: PROJECT_ROOT, fresh: smoke, logger });
      cleanups.push(() => local!.stop());
    }
    const neo4jUri = config.neo4j.uri ?? local!.uri;
    if (smoke)
      await runChild(process.execPath, [path.join(__dirname, 'seed.js'), '--users', String(SMOKE_USERS), '--method', 'transactions'], { NEO4J_URI: neo4jUri });
    const graph = Graph.connect({ ...config.neo4j, uri: neo4jUri });
    const run = await new SeedStore(graph).run().finally(() => graph.close());
    if (!run) throw new Error(`The store "${storeName}" holds no seeded graph: run \`LOCAL_NEO4J_STORE=${storeName} npm run seed -- --users N\` first.`);
    const shape = { users: Number(run.users), seed: Number(run.seed), until: Number(run.until) };
    const neo4jPid = findProcess(['LocalNeo4j', path.join('.neo4j', 'data', storeName)]);

    // Redis for Chirp when there is one (one Redis or a cluster), under a prefix of its own.
    const redisTarget = benchRedisTarget(config.timelines);
    const prefix = `bench-${randomBytes(4).toString('hex')}:`;
    const redis = await reachableRedis(redisTarget);
    let redisPid: number | undefined;
    if (redis) {
      redisPid = await redisServerPid(redis);
      cleanups.push(async () => {
        try {
          await deleteKeysUnder(redis, prefix);
        } finally {
          redis.disconnect();
        }
      });
    }

    // The three servers, each in its own process.
    const jwtSecret = randomBytes(32).toString('hex');
    const chirpPort = await freePort();
    const chirp = startProcess(
      process.execPath,
      // --profile: each API process writes a V8 CPU profile when it exits (open it in Chrome's DevTools).
      [
        ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS_DIRECTORY, 'profiles')}`] : []),
        path.join(PROJECT_ROOT, 'dist', 'src', 'main.js'),
      ],
      {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(chirpPort),
        JWT_SECRET: jwtSecret,
        NEO4J_URI: neo4jUri,
        LOG_LEVEL: 'warn',
        // Every live subscriber connects from this machine's one address.
        LIVE_MAX_SOCKETS_PER_ADDRESS: '1000000',
        ...(redis ? { ...redisEnvironment(redisTarget), REDIS_KEY_PREFIX: prefix } : {}),
        ...(values.limits ? {} : { RATE_LIMITS: 'off' }),
        // Unset: as `npm start` runs, one worker process a core when Redis is there.
        ...(values.workers ? { WEB_CONCURRENCY: values.workers } : {}),
      },
      children,
    );
    await waitForHealth(`http://127.0.0.1:${chirpPort}/health`, chirp);
    const chirpUrl = `http://127.0.0.1:${chirpPort}/graphql`;
    let neo4jGraphqlUrl = '';
    let bareUrl = '';
    let neo4jGraphql: ReturnType<typeof startProcess> | undefined;
    let bare: ReturnType<typeof startProcess> | undefined;
    if (compare) {
      neo4jGraphql = startProcess(
        process.execPath,
        [path.join(__dirname, 'servers', 'neo4j-graphql-server.js')],
        { PORT: String(await freePort()), NEO4J_URI: neo4jUri, JWT_SECRET: jwtSecret },
        children,
      );
      bare = startProcess(process.execPath, [path.join(__dirname, 'servers', 'bare-apollo-server.js')], { PORT: String(await freePort()) }, children);
      [neo4jGraphqlUrl, bareUrl] = await Promise.all([neo4jGraphql.ready, bare.ready]);
    }

    const viewers = await signIn(chirpUrl, shape.users, viewerCount, shape.seed);
    // Each viewer's cached home timeline built once, as for active users of a service that has been up a while.
    await warmTimelines(chirpUrl, viewers);
    const reads = Object.fromEntries(Object.entries(weights).filter(([operation]) => ['homeTimeline', 'profile', 'tweet', 'userTimeline'].includes(operation)));
    const targets: Target[] = [
      {
        name: `Chirp ${workload}`,
        dialect: 'chirp',
        url: chirpUrl,
        weights,
        subscribers: 'postTweet' in weights ? Number(values.subscribers ?? Math.ceil(viewers.length / 10)) : 0,
        pid: chirp.pid,
      },
    ];
    if (compare && Object.keys(reads).length > 0) {
      targets.push({ name: `Chirp ${workload} reads`, dialect: 'chirp', url: chirpUrl, weights: reads, subscribers: 0, pid: chirp.pid });
      targets.push({
        name: `@neo4j/graphql ${workload} reads`,
        dialect: 'neo4j-graphql',
        url: neo4jGraphqlUrl,
        weights: reads,
        subscribers: 0,
        pid: neo4jGraphql!.pid,
      });
    }
    if (compare) {
      targets.push({ name: 'Chirp { __typename }', dialect: 'chirp', url: chirpUrl, weights: WORKLOADS.typename!, subscribers: 0, pid: chirp.pid });
      targets.push({ name: 'bare Apollo { __typename }', dialect: 'bare', url: bareUrl, weights: WORKLOADS.typename!, subscribers: 0, pid: bare!.pid });
    }

    const workers = Number(values.workers ?? (redis ? availableParallelism() : 1));
    console.log(
      `Graph: ${shape.users.toLocaleString()} users (store "${storeName}", seed ${shape.seed}); ${viewers.length} signed-in viewers; Redis ${redis ? 'on' : 'off (in-process caches)'}; ` +
        `rate limits ${values.limits ? 'on' : 'off (RATE_LIMITS=off)'}; Chirp in ${workers} process${workers === 1 ? '' : 'es'}; steps of ${stepMs / 1000} s from ${startRate}/s, x${factor}, until p99 > ${boundMs} ms`,
    );
    const results: Record<string, StepResult[]> = {};
    for (const target of targets) {
      results[target.name] = await runTarget(
        target,
        { shape, viewers, startRate, factor, maxSteps, stepMs, boundMs, smoke, processes: { neo4j: neo4jPid, redis: redisPid } },
        children,
      );
    }

    // Our throughput at p99 <= bound as a ratio to each comparison; and, less sensitive to other work
    // on the machine, the highest rate each served in full (95 % of the offered rate answered without error).
    const best = (name: string) =>
      Math.max(
        0,
        ...(results[name] ?? []).filter((step) => step.operations.all && step.operations.all.p99 <= boundMs).map((step) => step.operations.all!.throughput),
      );
    const sustained = (name: string) =>
      Math.max(
        0,
        ...(results[name] ?? [])
          .filter((step) => step.operations.all && step.operations.all.throughput >= 0.95 * step.rate)
          .map((step) => step.operations.all!.throughput),
      );
    const ratios: Record<string, number> = {};
    const sustainedRatios: Record<string, number> = {};
    console.log(`\nThroughput at p99 <= ${boundMs} ms, and the highest rate served in full (whatever the latency):`);
    for (const target of targets)
      console.log(`  ${target.name.padEnd(32)} ${best(target.name).toFixed(0).padStart(7)} req/s ${sustained(target.name).toFixed(0).padStart(7)} req/s`);
    const compareTo = (key: string, ours: string, theirs: string, label: string) => {
      ratios[key] = best(ours) / best(theirs);
      sustainedRatios[key] = sustained(ours) / sustained(theirs);
      console.log(`  ${label.padEnd(40)} ${ratio(ratios[key])} at p99 <= ${boundMs} ms, ${ratio(sustainedRatios[key])} served in full`);
    };
    if (compare && results[`@neo4j/graphql ${workload} reads`])
      compareTo('readsVsNeo4jGraphql', `Chirp ${workload} reads`, `@neo4j/graphql ${workload} reads`, 'Chirp / @neo4j/graphql (the same reads):');
    if (compare) compareTo('typenameVsBareApollo', 'Chirp { __typename }', 'bare Apollo { __typename }', 'Chirp / bare Apollo ({ __typename }):');

    mkdirSync(RESULTS_DIRECTORY, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const jsonFile = values.out ?? path.join(RESULTS_DIRECTORY, `${stamp}-${storeName}-${workload}.json`);
    const svgFile = jsonFile.replace(/\.json$/, '') + '.svg';
    const summary = {
      store: storeName,
      shape,
      workload,
      viewers: viewers.length,
      redis: Boolean(redis),
      rateLimits: values.limits,
      workers,
      boundMs,
      stepMs,
      ratios,
      sustainedRatios,
      results,
    };
    writeFileSync(jsonFile, JSON.stringify(summary, null, 2));
    writeFileSync(
      svgFile,
      latencyChart(
        `Latency vs offered rate: ${shape.users.toLocaleString()} users, ${workload}`,
        Object.entries(results).map(([name, steps]) => ({
          name,
          points: steps.flatMap((step) => (step.operations.all ? [{ rate: step.rate, p50: step.operations.all.p50, p99: step.operations.all.p99 }] : [])),
        })),
        boundMs,
      ),
    );
    console.log(`\nResults: ${path.relative(process.cwd(), jsonFile)}, chart: ${path.relative(process.cwd(), svgFile)}`);
  } finally {
    await cleanUp();
  }
}

async function runTarget(
  target: Target,
  settings: {
    shape: { users: number; seed: number; until: number };
    viewers: Viewer[];
    startRate: number;
    factor: number;
    maxSteps: number;
    stepMs: number;
    boundMs: number;
    smoke: boolean;
    processes: Record<string, number | undefined>;
  },
  children: ChildProcess[],
): Promise<StepResult[]> {
  const generator = fork(path.join(__dirname, 'load', 'generator.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(generator);
  const ask = (message: GeneratorMessage) =>
    new Promise<GeneratorReply>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`The load generator exited (${code}).`));
      generator.once('exit', onExit);
      generator.once('message', (reply: GeneratorReply) => {
        generator.off('exit', onExit);
        if (reply.type === 'error') reject(new Error(`Load generator: ${reply.message}`));
        else resolve(reply);
      });
      generator.send(message);
    });
  try {
    const ready = await ask({
      type: 'init',
      url: target.url,
      dialect: target.dialect,
      weights: target.weights,
      shape: settings.shape,
      viewers: settings.viewers,
      subscribers: target.subscribers,
      seed: settings.shape.seed,
      sourceAddresses: 64,
    });
    console.log(`\n== ${target.name}${ready.type === 'ready' && ready.subscribers > 0 ? ` (${ready.subscribers} live homeTimeline subscribers)` : ''}`);
    console.log('offered/s  operation       ok/s    p50 ms   p95 ms   p99 ms   max ms  errors');
    // A short unrecorded run first: code compiled, connections open, caches as after a while up.
    await ask({ type: 'step', rate: settings.startRate, durationMs: settings.smoke ? 500 : 3000, drainMs: 5000 });
    const steps: StepResult[] = [];
    let rate = settings.startRate;
    for (let step = 0; step < settings.maxSteps; step++) {
      const marks = {
        api: target.pid ? cpuMark(target.pid) : undefined,
        ...Object.fromEntries(Object.entries(settings.processes).map(([name, pid]) => [name, pid ? cpuMark(pid) : undefined])),
      };
      const reply = await ask({ type: 'step', rate, durationMs: settings.stepMs, drainMs: Math.max(5000, settings.stepMs) });
      if (reply.type !== 'result') throw new Error('The load generator answered out of turn.');
      const processes = Object.fromEntries(Object.entries(marks).map(([name, mark]) => [name, usageSince(mark)]));
      const result: StepResult = {
        rate,
        operations: reply.operations,
        generatorCpuPercent: reply.cpuPercent,
        maxSendLagMs: reply.maxSendLagMs,
        deliveriesPerSecond: reply.deliveries / (reply.elapsedMs / 1000),
        processes,
        loadAverage: loadavg()[0] ?? 0,
      };
      steps.push(result);
      printStep(result);
      const all = reply.operations.all;
      const errorShare = all ? (all.requests - all.ok) / all.requests : 1;
      // At least three steps, so each curve has a shape even on a busy machine; then stop past the bound.
      if (!all || errorShare > 0.5 || (step >= 2 && (all.p99 > settings.boundMs || errorShare > 0.05))) break;
      rate = Math.round(rate * settings.factor);
    }
    return steps;
  } finally {
    generator.send({ type: 'stop' } satisfies GeneratorMessage);
    await new Promise((resolve) => (generator.exitCode === null ? generator.once('exit', resolve) : resolve(undefined)));
  }
}

function ratio(value: number): string {
  return Number.isFinite(value) && value > 0 ? `${value.toFixed(2)}x` : 'n/a (a side never met the bound)';
}

function printStep(step: StepResult): void {
  const names = Object.keys(step.operations)
    .filter((name) => name !== 'all')
    .sort();
  for (const name of [...names, ...(names.length > 1 ? ['all'] : [])]) {
    const summary = step.operations[name]!;
    const errors = Object.entries(summary.errors)
      .map(([code, count]) => `${code} ${count}`)
      .join(', ');
    console.log(
      `${String(step.rate).padStart(9)}  ${name.padEnd(13)} ${summary.throughput.toFixed(0).padStart(6)} ${[summary.p50, summary.p95, summary.p99, summary.max].map((ms) => ms.toFixed(1).padStart(8)).join(' ')}  ${errors || '-'}`,
    );
  }
  const usage = Object.entries(step.processes)
    .map(([name, value]) => (value ? `${name} ${value.cpuPercent.toFixed(0)}% ${value.rssMb.toFixed(0)} MB` : `${name} -`))
    .join(', ');
  console.log(
    `           cpu (100% = one core): ${usage}, generator ${step.generatorCpuPercent.toFixed(0)}% (sent up to ${step.maxSendLagMs.toFixed(0)} ms late); load average ${step.loadAverage.toFixed(1)}${step.deliveriesPerSecond > 0 ? `; ${step.deliveriesPerSecond.toFixed(0)} live deliveries/s` : ''}`,
  );
}

/** Signs in `count` distinct users drawn uniformly (reproducibly), a few at a time (argon2 is slow on purpose). */
async function signIn(url: string, users: number, count: number, seed: number): Promise<Viewer[]> {
  const random = mulberry32(seed ^ 0x5eed);
  const ranks = new Set<number>();
  while (ranks.size < Math.min(count, users)) ranks.add(Math.floor(random() * users));
  const queue = [...ranks];
  const viewers: Viewer[] = [];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let rank = queue.shift(); rank !== undefined; rank = queue.shift()) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: 'mutation LogIn($handle: String!, $password: String!) { logIn(handle: $handle, password: $password) { token user { id } } }',
            variables: { handle: `u${rank}`, password: SEED_PASSWORD },
          }),
        });
        const body = (await response.json()) as { data?: { logIn: { token: string; user: { id: string } } }; errors?: unknown[] };
        if (!body.data) throw new Error(`Signing in u${rank} failed: ${JSON.stringify(body.errors)}`);
        viewers.push({ rank, id: body.data.logIn.user.id, token: body.data.logIn.token });
      }
    }),
  );
  return viewers.sort((a, b) => a.rank - b.rank);
}

async function warmTimelines(url: string, viewers: Viewer[]): Promise<void> {
  const queue = [...viewers];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let viewer = queue.shift(); viewer; viewer = queue.shift()) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer.token}` },
          body: JSON.stringify({ query: '{ homeTimeline(first: 20) { edges { node { id } } } }' }),
        });
        const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
        if (!body.data) throw new Error(`Reading u${viewer.rank}'s home timeline failed: ${JSON.stringify(body.errors)}`);
      }
    }),
  );
}

/** A server in its own process; `ready` resolves with the URL it prints as `READY <url>` (the comparison servers do). */
function startProcess(
  command: string,
  args: string[],
  environment: Record<string, string>,
  children: ChildProcess[],
): ChildProcess & { ready: Promise<string> } {
  const { NEO4J_URI: _uri, REDIS_URL: _redis, REDIS_CLUSTER_NODES: _cluster, ...inherited } = process.env;
  const child = spawn(command, args, { env: { ...inherited, ...environment }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      const line = /^READY (\S+)$/m.exec(output);
      if (line) resolve(line[1]!);
    });
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.on('exit', (code, signal) => {
      reject(new Error(`${path.basename(args[0]!)} exited (${code ?? signal}) before it was ready:\n${output}`));
      if (code !== 0 && code !== null && signal === null) console.error(`${path.basename(args[0]!)} exited with ${code}:\n${output}`);
    });
  });
  ready.catch(() => {});
  children.push(child);
  return Object.assign(child, { ready });
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('The API exited before it was healthy.');
    const healthy = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The API did not become healthy at ${url}.`);
}

function runChild(command: string, args: string[], environment: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...environment }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}.`))));
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
