/**
 * Seed command (`npm run seed -- --users N [--seed S] [--edges FILE [--directed]] [--until ISO] [--fresh]`)
 *
 * Loads a generated social graph (bench/seed/social-graph.ts) or a real edge list into Neo4j through
 * the seed store: users with their final counts, their tweets, follows, then favorites, in batched
 * UNWIND transactions. The next batch is generated while Neo4j commits the last. Each batch records
 * how far its phase got in the same transaction, so Ctrl-C (or a crash) loses nothing and the same
 * command resumes. At the end every stored count is checked against its relationships.
 *
 * Every user can log in as `u<rank>` with SEED_PASSWORD. Neo4j: NEO4J_URI, or the local one on
 * LOCAL_NEO4J_STORE (default `dev`, what `npm start` serves), with a larger heap and page cache
 * unless LOCAL_NEO4J_HEAP_MB / LOCAL_NEO4J_PAGECACHE_MB say otherwise.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';

import { loadConfig } from '../src/config';
import { hashPassword } from '../src/domain/accounts/passwords';
import { createLogger } from '../src/logger';
import { PROJECT_ROOT } from '../src/project-root';
import { Graph } from '../src/store/graph';
import { ensureLauncher } from '../src/store/local-neo4j/launcher';
import { startLocalNeo4j, type LocalNeo4j } from '../src/store/local-neo4j/local-neo4j';
import { SeedStore, type SeedProgress, type SeedRun } from '../src/store/seed-store';
import { readEdgeList } from './seed/edge-list';
import { importFilesIn, runImport, startImportFiles, writeImportFiles, type ImportFiles } from './seed/offline-import';
import { SEED_PASSWORD, SocialGraph } from './seed/social-graph';

/** Rows (users, tweets, follows, favorites) per transaction: big enough to amortize a commit, small enough for the heap. */
const BATCH_ROWS = { users: 10_000, tweets: 10_000, follows: 25_000, favorites: 25_000 };
/** In a CI log (no terminal) the bars print a line every 10 s instead of redrawing. */
const LOG_WHEN_NOT_A_TERMINAL = { noTTYOutput: true, notTTYSchedule: 10_000 };
const PHASES = ['users', 'tweets', 'follows', 'favorites'] as const;
type Phase = (typeof PHASES)[number];

const USAGE = 'Usage: npm run seed -- --users N [--seed S] [--edges FILE [--directed]] [--until ISO-TIME] [--fresh] [--method import|transactions]';

interface Options {
  users?: number;
  seed: number;
  edges?: string;
  directed: boolean;
  until?: number;
  fresh: boolean;
  method?: 'import' | 'transactions';
}

let interrupted = false;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const config = loadConfig();
  const logger = createLogger('warn');
  const followeeLists = options.edges ? readEdgeList(options.edges, options.directed) : undefined;
  const users = followeeLists?.length ?? options.users!;

  const wanted: SeedRun = {
    users,
    seed: options.seed,
    source: options.edges ? `edges:${path.basename(options.edges)}${options.directed ? ':directed' : ''}` : 'model',
  };
  const method = options.method ?? (config.neo4j.uri ? 'transactions' : 'import');
  const started = performance.now();
  const times: Record<string, number> = {};
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.log('\nStopping after the step in flight; run the same command to resume.');
  });

  // The offline import builds the store files before Neo4j starts on them.
  let imported: ImportFiles | undefined;
  let plan: Plan | undefined;
  if (method === 'import') {
    if (config.neo4j.uri) throw new UsageError('--method import needs the local Neo4j (NEO4J_URI unset): it writes the store files itself.');
    const home = path.join(PROJECT_ROOT, '.neo4j', 'data', config.localNeo4j.storeName);
    if (options.fresh) {
      refuseIfRunning(home);
      for (const entry of ['data', 'logs', 'server.json', 'seed-import']) rmSync(path.join(home, entry), { recursive: true, force: true });
    }
    let files = importFilesIn(home);
    const resumed = files !== undefined;
    if (files && Object.keys(wanted).some((key) => files!.shape[key] !== wanted[key])) {
      throw new UsageError(`This store has import files for another seed (${describe(files.shape)}), not ${describe(wanted)}: use --fresh to replace them.`);
    }
    if (!files && !existsSync(path.join(home, 'data', 'databases', 'neo4j'))) files = startImportFiles(home, { ...wanted, until: options.until ?? Date.now() });
    if (files) {
      console.log(`Neo4j: offline import into the local store "${config.localNeo4j.storeName}"${resumed ? ' (resumed)' : ''}`);
      const model = new SocialGraph({ users, seed: options.seed, until: Number(files.shape.until) }, followeeLists);
      plan = await countEverything(model);
      const passwordHash = await hashPassword(SEED_PASSWORD);
      let step = performance.now();
      const bar = new SingleBar(
        { ...LOG_WHEN_NOT_A_TERMINAL, format: 'csv       [{bar}] {percentage}% | {file} | {value}/{total} users | ETA {eta_formatted}' },
        Presets.shades_classic,
      );
      bar.start(users, 0, { file: '' });
      await writeImportFiles(
        files,
        model,
        plan,
        passwordHash,
        (file, done, total) => bar.update(done, { file, total }),
        () => interrupted,
      );
      bar.stop();
      times.csv = (performance.now() - step) / 1000;
      if (interrupted) return;
      refuseIfRunning(home);
      step = performance.now();
      const importBar = new SingleBar({ ...LOG_WHEN_NOT_A_TERMINAL, format: 'import    [{bar}] {percentage}% | ETA {eta_formatted}' }, Presets.shades_classic);
      importBar.start(100, 0);
      const launcher = await ensureLauncher(PROJECT_ROOT, logger);
      await runImport(home, path.dirname(launcher.classpath.split(path.delimiter).find((entry) => entry.endsWith('*'))!), files, (percent) =>
        importBar.update(percent),
      );
      importBar.update(100);
      importBar.stop();
      times.import = (performance.now() - step) / 1000;
      imported = files;
    }
  }

  let local: LocalNeo4j | undefined;
  if (!config.neo4j.uri) {
    const heapMb = process.env.LOCAL_NEO4J_HEAP_MB ? config.localNeo4j.heapMb : 3072;
    const pageCacheMb = process.env.LOCAL_NEO4J_PAGECACHE_MB ? config.localNeo4j.pageCacheMb : 4096;
    console.log(
      `Neo4j: local store "${config.localNeo4j.storeName}" (heap ${heapMb} MB, page cache ${pageCacheMb} MB)${options.fresh && !imported ? ', emptied first' : ''}`,
    );
    local = await startLocalNeo4j({
      ...config.localNeo4j,
      heapMb,
      pageCacheMb,
      projectRoot: PROJECT_ROOT,
      fresh: options.fresh && method !== 'import',
      logger,
    });
  }
  const graph = Graph.connect({ ...config.neo4j, uri: config.neo4j.uri ?? local!.uri });
  const stop = async () => {
    await graph.close();
    await local?.stop();
  };

  try {
    let step = performance.now();
    await graph.applySchema();
    times.schema = (performance.now() - step) / 1000;
    const store = new SeedStore(graph);
    const run = imported
      ? await store.startRun({ ...imported.shape, ...Object.fromEntries(PHASES.map((phase) => [phase, users])), method: 'import' })
      : await resumableRun(store, { ...wanted }, options.until);
    const model = new SocialGraph({ users, seed: options.seed, until: Number(run.until) }, followeeLists);
    const progress: SeedProgress = Object.fromEntries(PHASES.map((phase) => [phase, Number(run[phase] ?? 0)]));

    plan ??= await countEverything(model);
    const passwordHash = PHASES.every((phase) => progress[phase]! >= users) ? '' : await hashPassword(SEED_PASSWORD);
    const known = plan;
    const loaders: Record<Phase, (from: number) => Promise<void>> = {
      users: (from) =>
        loadPhase(
          'users',
          from,
          users,
          () => 1,
          (index) => ({
            id: model.userId(index),
            handle: model.handle(index),
            displayName: model.handle(index),
            createdAt: model.userCreatedAt(index),
            followerCount: known.followerCounts[index]!,
            followingCount: known.followingCounts[index]!,
            tweetCount: model.tweetCount(index),
          }),
          (rows, next) => store.userBatch(rows, passwordHash, next),
        ),
      tweets: (from) =>
        loadPhase(
          'tweets',
          from,
          users,
          (index) => model.tweetCount(index),
          (index) => {
            const first = model.firstTweet(index);
            const tweets = model.tweets(index).map((tweet, position) => ({ ...tweet, favoriteCount: known.favoriteCounts[first + position]! }));
            return tweets.length > 0 ? { authorId: model.userId(index), tweets } : undefined;
          },
          (rows, next) => store.tweetBatch(rows, next),
        ),
      follows: (from) =>
        loadPhase(
          'follows',
          from,
          users,
          (index) => known.followingCounts[index]!,
          (index) => {
            const { followees, ats } = model.followees(index);
            return followees.length > 0
              ? { followerId: model.userId(index), followeeIds: followees.map((followee) => known.userIds[followee]!), ats }
              : undefined;
          },
          (rows, next) => store.followBatch(rows, next),
        ),
      favorites: (from) =>
        loadPhase(
          'favorites',
          from,
          users,
          (index) => known.favoritesGiven[index]!,
          (index) => {
            const { tweets, ats } = model.favorites(index);
            return tweets.length > 0 ? { userId: model.userId(index), tweetIds: tweets.map((tweet) => known.tweetIds[tweet]!), ats } : undefined;
          },
          (rows, next) => store.favoriteBatch(rows, next),
        ),
    };
    for (const phase of PHASES) {
      if (progress[phase]! >= users) continue;
      const phaseStarted = performance.now();
      await loaders[phase](progress[phase]!);
      times[phase] = (performance.now() - phaseStarted) / 1000;
      if (interrupted) return;
    }

    step = performance.now();
    const totals = await store.totals();
    times.check = (performance.now() - step) / 1000;
    const expected = { users, tweets: model.totalTweets, follows: plan.totalFollows, favorites: plan.totalFavorites, wrongUserCounts: 0, wrongTweetCounts: 0 };
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `Seeded ${totals.users.toLocaleString()} users, ${totals.follows.toLocaleString()} follows, ${totals.tweets.toLocaleString()} tweets, ${totals.favorites.toLocaleString()} favorites in ${seconds.toFixed(0)} s` +
        ` (${Object.entries(times)
          .map(([phase, time]) => `${phase} ${time.toFixed(0)} s`)
          .join(', ')}; ${run.method === 'import' ? 'offline import' : 'transactions'})`,
    );
    const sorted = [...plan.followerCounts].sort((a, b) => b - a);
    console.log(
      `Followers: top ${sorted
        .slice(0, 5)
        .map((count) => count.toLocaleString())
        .join(
          ', ',
        )}; ${sorted.filter((count) => count > 50_000).length} above 50,000, ${sorted.filter((count) => count > 10_000).length} above 10,000; median ${sorted[Math.floor(users / 2)]}`,
    );
    console.log(`Every user logs in as u<rank> (u0 the most followed) with the password "${SEED_PASSWORD}".`);
    const wrong = Object.entries(expected).filter(([key, value]) => totals[key as keyof typeof totals] !== value);
    if (wrong.length > 0) {
      throw new Error(
        `The store does not hold what was generated: ${wrong.map(([key, value]) => `${key} ${totals[key as keyof typeof totals]} (expected ${value})`).join(', ')}.`,
      );
    }
    console.log('Counts checked: every stored count equals its relationships, and the totals equal the generated graph.');
    if (imported) rmSync(imported.directory, { recursive: true, force: true });
  } finally {
    await stop();
  }

  /**
   * Loads users [from, total) of one phase in batches of about BATCH_ROWS[phase] items, each
   * batch's rows generated while the previous one commits.
   */
  async function loadPhase<Row>(
    phase: Phase,
    from: number,
    total: number,
    itemsOf: (index: number) => number,
    rowOf: (index: number) => Row | undefined,
    write: (rows: Row[], progress: SeedProgress) => Promise<void>,
  ): Promise<void> {
    let itemsTotal = 0;
    let itemsDone = 0;
    for (let index = 0; index < total; index++) {
      const items = itemsOf(index);
      itemsTotal += items;
      if (index < from) itemsDone += items;
    }
    const bar = new SingleBar(
      {
        ...LOG_WHEN_NOT_A_TERMINAL,
        format: `${phase.padEnd(9)} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
        formatValue: (value, _options, type) => (type === 'value' || type === 'total' ? value.toLocaleString() : String(value)),
        etaBuffer: 20,
      },
      Presets.shades_classic,
    );
    bar.start(itemsTotal, itemsDone, { rate: '-' });
    const phaseStarted = performance.now();
    const doneAtStart = itemsDone;
    let inFlight: Promise<void> | undefined;
    let rows: Row[] = [];
    let rowItems = 0;
    for (let index = from; index < total && !interrupted; index++) {
      const row = rowOf(index);
      if (row !== undefined) rows.push(row);
      rowItems += itemsOf(index);
      if (rowItems < BATCH_ROWS[phase] && index < total - 1) continue;
      const batch = rows;
      const batchItems = rowItems;
      rows = [];
      rowItems = 0;
      await inFlight;
      // Ctrl-C may have come while the last batch was written.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      if (interrupted) break;
      inFlight = write(batch, { [phase]: index + 1 }).then(() => {
        itemsDone += batchItems;
        const rate = (itemsDone - doneAtStart) / ((performance.now() - phaseStarted) / 1000);
        bar.update(itemsDone, { rate: Math.round(rate).toLocaleString() });
      });
    }
    try {
      await inFlight;
    } finally {
      bar.stop();
    }
  }
}

/** Refuses to mix two different graphs in one store; a new run records its shape first. */
async function resumableRun(store: SeedStore, wanted: SeedRun, until: number | undefined): Promise<SeedRun> {
  const existing = await store.run();
  if (existing) {
    const differs = Object.keys(wanted).filter((key) => existing[key] !== wanted[key]);
    if (differs.length > 0) {
      throw new UsageError(
        `This store holds another seed (${describe(existing)}), not ${describe(wanted)}: use --fresh to replace it, or another LOCAL_NEO4J_STORE.`,
      );
    }
    if (PHASES.every((phase) => Number(existing[phase] ?? 0) >= Number(wanted.users)))
      console.log(`The store already holds this seed (${describe(existing)}); checking it.`);
    else console.log(`Resuming the seed in this store (${describe(existing)}).`);
    return existing;
  }
  if (!(await store.isEmpty()))
    throw new UsageError('This store already holds data that no seed run loaded: use --fresh to empty it first, or another LOCAL_NEO4J_STORE.');
  // The history ends now unless --until fixes it: the same seed then gives the same graph, shifted in time.
  return store.startRun({ ...wanted, until: until ?? Date.now(), ...Object.fromEntries(PHASES.map((phase) => [phase, 0])) });
}

/**
 * One pass over the model before loading: every user's and tweet's final counts (loaded with the
 * nodes, so relationships can be created without touching them) and every id the relationships name.
 */
type Plan = Awaited<ReturnType<typeof countEverything>>;

async function countEverything(model: SocialGraph) {
  const { users } = model;
  const bar = new SingleBar(
    { ...LOG_WHEN_NOT_A_TERMINAL, format: `planning  [{bar}] {percentage}% | {value}/{total} users | ETA {eta_formatted}` },
    Presets.shades_classic,
  );
  bar.start(users * 2, 0);
  const userIds = Array.from({ length: users }, (_, index) => model.userId(index));
  const followerCounts = new Int32Array(users);
  const followingCounts = new Int32Array(users);
  const favoritesGiven = new Int32Array(users);
  const favoriteCounts = new Int32Array(model.totalTweets);
  const tweetIds = new Array<string>(model.totalTweets);
  let totalFollows = 0;
  let totalFavorites = 0;
  for (let index = 0; index < users; index++) {
    const { followees } = model.followees(index);
    followingCounts[index] = followees.length;
    totalFollows += followees.length;
    for (const followee of followees) followerCounts[followee]!++;
    const first = model.firstTweet(index);
    model.tweets(index).forEach((tweet, position) => (tweetIds[first + position] = tweet.id));
    if (index % 1000 === 999) {
      bar.update(index + 1);
      await new Promise(setImmediate); // Lets Ctrl-C through.
    }
    if (interrupted) process.exit(130);
  }
  for (let index = 0; index < users; index++) {
    const { tweets } = model.favorites(index);
    favoritesGiven[index] = tweets.length;
    totalFavorites += tweets.length;
    for (const tweet of tweets) favoriteCounts[tweet]!++;
    if (index % 1000 === 999) {
      bar.update(users + index + 1);
      await new Promise(setImmediate);
    }
    if (interrupted) process.exit(130);
  }
  bar.update(users * 2);
  bar.stop();
  return { userIds, tweetIds, followerCounts, followingCounts, favoritesGiven, favoriteCounts, totalFollows, totalFavorites };
}

class UsageError extends Error {}

function parseOptions(args: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        users: { type: 'string' },
        seed: { type: 'string', default: '1' },
        edges: { type: 'string' },
        directed: { type: 'boolean', default: false },
        until: { type: 'string' },
        fresh: { type: 'boolean', default: false },
        method: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const users = values.users === undefined ? undefined : Number(values.users);
  if (values.edges === undefined && (users === undefined || !Number.isSafeInteger(users) || users < 1)) {
    throw new UsageError(`--users must be a whole number of at least 1 (or give --edges FILE).\n${USAGE}`);
  }
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a whole number, not "${values.seed}".\n${USAGE}`);
  const until = values.until === undefined ? undefined : Date.parse(values.until);
  if (until !== undefined && Number.isNaN(until)) throw new UsageError(`--until must be an ISO time such as 2026-01-01T00:00:00Z, not "${values.until}".`);
  if (values.method !== undefined && values.method !== 'import' && values.method !== 'transactions') {
    throw new UsageError(`--method must be import or transactions, not "${values.method}".\n${USAGE}`);
  }
  return { users, seed, edges: values.edges, directed: values.directed, until, fresh: values.fresh, method: values.method };
}

/** The offline import rewrites the store files: never under a running server. */
function refuseIfRunning(home: string): void {
  const record = path.join(home, 'server.json');
  if (!existsSync(record)) return;
  try {
    process.kill((JSON.parse(readFileSync(record, 'utf8')) as { pid: number }).pid, 0);
  } catch {
    return; // Its owner is gone.
  }
  throw new UsageError(`A Neo4j server is running on ${home}: stop it (or the process that started it) before importing.`);
}

function describe(run: SeedRun): string {
  return `${Number(run.users).toLocaleString()} users, seed ${run.seed}, ${run.source}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof UsageError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
