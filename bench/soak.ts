/**
 * Soak (`npm run soak -- --minutes N`, default 10)
 *
 * A mixed load of posts, follows, favorites and reads for a set time while, once a minute each,
 * Redis is killed (SIGKILL, back empty), Neo4j is stopped, and the API process is killed (SIGKILL),
 * every one started again a few seconds later. Everything runs on processes of its own: a fresh
 * Neo4j store `soak`, a redis-server (test/support/redis-process.ts) and the API (its default
 * worker processes) on free ports. Each fault waits for the one before to heal (an answer OK
 * again), so on a slow machine fewer than one a minute may fit. Prints a progress line, then the
 * requests served, errors by code, each fault's downtime and recovery, and the writes lost
 * (acknowledged, yet missing from the graph at the end), which must be zero; exits 1 otherwise.
 */
import { loadConfig } from '../src/config';
import { GraphCheck, isClean, type CheckReport } from '../src/domain/maintenance/graph-check';
import { createLogger } from '../src/logger';
import { createServices } from '../src/services';
import { Graph } from '../src/store/graph';
import { freePort } from '../src/store/local-neo4j/local-neo4j';
import { apiProcess } from './faults/api-process';
import { countLost, findLostWrites } from './faults/lost-writes';
import { MixedLoad, signUpLoadUsers, type Outcome } from './faults/mixed-load';
import { startOwnNeo4j } from './faults/own-neo4j';
import { startRedisProcess } from '../test/support/redis-process';

const USERS = 30;
const FOLLOWS_EACH = 3;
const WORKERS = 8;
/** How long each fault lasts before the process is started again. */
const DOWN_MS = 5_000;
/** When in each minute each fault begins (s): apart, so one recovery is measured at a time. */
const FAULT_OFFSETS_S = { redis: 10, neo4j: 25, api: 45 } as const;
const PREFIX = 'soak:';
/** How long the next fault waits for the last one to heal. */
const RECOVERY_WAIT_MS = 30_000;

type FaultKind = keyof typeof FAULT_OFFSETS_S;

interface FaultRecord {
  kind: FaultKind;
  at: number;
  /** From the kill until the process was started again and listening. */
  downMs: number;
  /** From the restart until the next request answered OK for each operation kind seen failing. */
  recoveredMs?: number;
}

async function main(): Promise<void> {
  const minutes = numberArgument('--minutes', 10);
  const logger = createLogger('warn');
  const log = (line: string) => process.stdout.write(`${line}\n`);

  log(`Soak: ${minutes} min; starting Neo4j (store "soak"), Redis and the API on free ports...`);
  const neo4j = await startOwnNeo4j('soak', logger);
  const redis = await startRedisProcess();
  const apiPort = await freePort();
  let apiCrashes = 0;
  const api = apiProcess(
    apiPort,
    {
      NEO4J_URI: neo4j.uri,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: PREFIX,
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'error',
      NEO4J_CONNECTION_TIMEOUT_MS: '2000',
      NEO4J_RETRY_MS: '2000',
      // The messages of INTERNAL_SERVER_ERRORs, so the summary can say what went wrong.
      EXPOSE_ERROR_DETAILS: 'true',
    },
    (code, output) => {
      apiCrashes++;
      log(`\nThe API exited by itself (code ${code}); starting it again. Its last output:\n${output.slice(-2_000)}`);
      void api.start().catch((error: unknown) => log(`Restarting the API failed: ${String(error)}`));
    },
  );
  const graph = Graph.connect({ ...loadConfig({ ...process.env, NODE_ENV: 'development' }).neo4j, uri: neo4j.uri });
  const faults: FaultRecord[] = [];
  try {
    await api.start();
    const users = await signUpLoadUsers(api.endpoint, USERS, FOLLOWS_EACH, 'soak');
    let phase = 'steady';
    const byPhase = new Map<string, { count: number; maxMs: number; codes: Record<string, number> }>();
    const internalErrors = new Map<string, number>();
    const load = new MixedLoad(users, () => api.endpoint, {
      workers: WORKERS,
      requestTimeoutMs: 30_000,
      onOutcome: (outcome) => {
        const tally = byPhase.get(phase) ?? { count: 0, maxMs: 0, codes: {} };
        tally.count++;
        tally.maxMs = Math.max(tally.maxMs, outcome.ms);
        tally.codes[outcome.code] = (tally.codes[outcome.code] ?? 0) + 1;
        byPhase.set(phase, tally);
        if (outcome.code === 'INTERNAL_SERVER_ERROR') {
          const key = `${phase}: ${outcome.message ?? ''}`.slice(0, 200);
          internalErrors.set(key, (internalErrors.get(key) ?? 0) + 1);
        }
      },
    });
    const started = Date.now();
    const endAt = started + minutes * 60_000;
    const progress = setInterval(() => {
      const counts = load.countsByCode();
      const errors = load.outcomes.length - (counts.OK ?? 0);
      const elapsed = Math.round((Date.now() - started) / 1000);
      log(
        `[${formatTime(elapsed)} / ${formatTime(minutes * 60)}] ${phase.padEnd(16)} requests ${load.outcomes.length}, served ${counts.OK ?? 0}, errors ${errors}`,
      );
    }, 10_000);
    load.start();

    const actions: Record<FaultKind, { down: () => Promise<void>; up: () => Promise<void> }> = {
      redis: { down: () => redis.stop(), up: () => redis.restart() },
      neo4j: { down: () => neo4j.stop(), up: () => neo4j.start() },
      api: { down: () => api.kill(), up: () => api.start() },
    };
    const schedule = Array.from({ length: minutes }, (_, minute) =>
      (Object.entries(FAULT_OFFSETS_S) as [FaultKind, number][]).map(([kind, offset]) => ({ kind, at: started + minute * 60_000 + offset * 1000 })),
    )
      .flat()
      .filter((fault) => fault.at < endAt - DOWN_MS)
      .sort((a, b) => a.at - b.at);
    let lastUp = 0;
    let skipped = 0;
    for (const fault of schedule) {
      // Not before the last fault has healed (an answer OK again), so faults do not pile up.
      await recoveredAfter(load, lastUp, RECOVERY_WAIT_MS);
      await sleepUntil(fault.at);
      if (Date.now() > endAt - DOWN_MS - RECOVERY_WAIT_MS) {
        skipped++;
        continue;
      }
      phase = `${fault.kind} down`;
      const downAt = Date.now();
      await actions[fault.kind].down();
      await sleepUntil(downAt + DOWN_MS);
      phase = `${fault.kind} restarting`;
      await actions[fault.kind].up();
      const upAt = Date.now();
      lastUp = upAt;
      phase = 'steady';
      const record: FaultRecord = { kind: fault.kind, at: downAt - started, downMs: upAt - downAt };
      faults.push(record);
      void recoveredAfter(load, upAt).then((ms) => (record.recoveredMs = ms));
    }
    await sleepUntil(endAt);
    phase = 'stopping';
    await load.stop();
    clearInterval(progress);

    // Every process is up again; the outbox settles what the faults cut short.
    const lost = await findLostWrites(graph, load.acknowledged);
    const report = await settledCheck(
      neo4j.uri,
      redis.url,
      users.map((user) => user.id),
    );
    printSummary(log, load.outcomes, load.countsByCode(), load.acknowledged, countLost(lost), faults, apiCrashes, minutes, report);
    log(`faults skipped ${skipped} (no time left in the run once the one before had healed)`);
    log('by phase (answers counted when they came; slowest answer):');
    for (const [name, tally] of byPhase) log(`  ${name.padEnd(18)} ${String(tally.count).padStart(6)}  max ${tally.maxMs} ms  ${JSON.stringify(tally.codes)}`);
    for (const [message, count] of internalErrors) log(`  INTERNAL_SERVER_ERROR x${count}  ${message}`);
    if (countLost(lost) > 0) {
      log(`Lost writes: ${JSON.stringify(lost).slice(0, 2_000)}`);
      process.exitCode = 1;
    }
  } finally {
    await api.stop();
    await graph.close();
    await redis.dispose();
    await neo4j.stop();
  }
}

/** How long after `upAt` the load's requests answered OK again (the first OK started after it). */
async function recoveredAfter(load: MixedLoad, upAt: number, waitMs = 60_000): Promise<number | undefined> {
  for (let waited = 0; waited < waitMs; waited += 100) {
    const ok = load.outcomes.find((outcome) => outcome.startedAt >= upAt && outcome.code === 'OK');
    if (ok) return ok.startedAt + ok.ms - upAt;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

/** The graph check over the soak's users, retried for a minute and a half while the outbox settles. */
async function settledCheck(neo4jUri: string, redisUrl: string, userIds: string[]): Promise<CheckReport> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', NEO4J_URI: neo4jUri, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: PREFIX });
  const graph = Graph.connect({ ...config.neo4j, uri: neo4jUri });
  const services = createServices(config, graph, createLogger('silent'));
  try {
    const check = new GraphCheck(services.stores, services.timelines);
    const deadline = Date.now() + 90_000;
    for (;;) {
      const report = await check.run({ repair: false, timelineSample: 0, timelineUserIds: userIds });
      if (isClean(report) || Date.now() > deadline) return report;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  } finally {
    await services.close();
    await graph.close();
  }
}

function printSummary(
  log: (line: string) => void,
  outcomes: readonly Outcome[],
  counts: Record<string, number>,
  acknowledged: MixedLoad['acknowledged'],
  lost: number,
  faults: readonly FaultRecord[],
  apiCrashes: number,
  minutes: number,
  report: CheckReport,
): void {
  const served = counts.OK ?? 0;
  const errors = Object.entries(counts)
    .filter(([code]) => code !== 'OK')
    .sort((a, b) => b[1] - a[1]);
  log('');
  log(`== Soak: ${minutes} min, ${WORKERS} workers, ${USERS} users`);
  log(`requests      ${outcomes.length} (${Math.round(outcomes.length / (minutes * 60))}/s)`);
  log(`served        ${served} (${((100 * served) / Math.max(outcomes.length, 1)).toFixed(2)}%)`);
  log(`errors        ${errors.length === 0 ? 'none' : errors.map(([code, count]) => `${code} ${count}`).join(', ')}`);
  for (const kind of ['redis', 'neo4j', 'api'] as const) {
    const ofKind = faults.filter((fault) => fault.kind === kind);
    const during = ofKind.map(
      (fault) => `${Math.round(fault.downMs / 100) / 10} s down, OK again ${fault.recoveredMs === undefined ? 'never' : `${fault.recoveredMs} ms`} after`,
    );
    log(`${`${kind} faults`.padEnd(14)}${ofKind.length}: ${during.join('; ')}`);
  }
  log(`API crashes   ${apiCrashes} (exits nobody asked for)`);
  log(`acknowledged  ${acknowledged.posts.length} posts, ${acknowledged.follows.length} follows, ${acknowledged.favorites.length} favorites`);
  log(`writes lost   ${lost}`);
  log(
    `graph check   ${isClean(report) ? 'nothing to repair' : 'FOUND PROBLEMS'} (${report.usersChecked} users, ${report.tweetsChecked} tweets, ${report.timelinesChecked} timelines; ` +
      `wrong counts ${report.wrongUserCounts.length + report.wrongFavoriteCounts.length}, wrong authors ${report.wrongAuthors.length}, ` +
      `stale outbox ${report.staleOutbox.fanOuts + report.staleOutbox.celebrityChanges}, wrong timelines ${report.wrongTimelines.length})`,
  );
  // Errors by operation, for the README.
  const byKind = new Map<string, Record<string, number>>();
  for (const outcome of outcomes) {
    if (outcome.code === 'OK') continue;
    const kindCounts = byKind.get(outcome.kind) ?? {};
    kindCounts[outcome.code] = (kindCounts[outcome.code] ?? 0) + 1;
    byKind.set(outcome.kind, kindCounts);
  }
  for (const [kind, kindCounts] of byKind) log(`  ${kind.padEnd(10)} ${JSON.stringify(kindCounts)}`);
}

function numberArgument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} takes a positive number (got "${process.argv[index + 1]}").`);
  return value;
}

function formatTime(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function sleepUntil(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
}

main().catch((error: unknown) => {
  process.stderr.write(`Soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
