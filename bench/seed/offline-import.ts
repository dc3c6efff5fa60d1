/**
 * Offline import
 *
 * The fast path of `npm run seed` for the local Neo4j: the generated graph written as CSV files
 * (the same nodes, properties and relationships the seed store's batches create, counts included),
 * then loaded by Neo4j's own `neo4j-admin database import full` from the launcher's jars, which
 * builds the store files directly instead of running transactions (tens of times faster for tens
 * of millions of relationships). The caller then starts Neo4j on the store and applies the schema.
 *
 * Resumable: each CSV file is written under a temporary name and renamed when complete, beside a
 * record of the graph's shape, so a rerun after Ctrl-C skips the finished files; the import itself
 * is one step, redone whole.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';

import type { SocialGraph } from './social-graph';

export interface ImportPlan {
  userIds: string[];
  followerCounts: Int32Array;
  followingCounts: Int32Array;
  favoriteCounts: Int32Array;
}

export interface ImportFiles {
  directory: string;
  /** The graph's shape (and the history's end) the files were generated for. */
  shape: Record<string, string | number>;
}

export type ProgressListener = (file: string, done: number, total: number) => void;

const FILES = ['users', 'tweets', 'posted', 'follows', 'favorites'] as const;
type FileName = (typeof FILES)[number];

/** The import folder of a store and the shape its files were made for, if any. */
export function importFilesIn(home: string): ImportFiles | undefined {
  const directory = path.join(home, 'seed-import');
  const shapeFile = path.join(directory, 'shape.json');
  if (!existsSync(shapeFile)) return undefined;
  return { directory, shape: JSON.parse(readFileSync(shapeFile, 'utf8')) as ImportFiles['shape'] };
}

export function startImportFiles(home: string, shape: ImportFiles['shape']): ImportFiles {
  const directory = path.join(home, 'seed-import');
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, 'shape.json'), JSON.stringify(shape));
  return { directory, shape };
}

/** Writes the CSV files not yet complete; `interrupted` is polled between users. */
export async function writeImportFiles(
  files: ImportFiles,
  model: SocialGraph,
  plan: ImportPlan,
  passwordHash: string,
  progress: ProgressListener,
  interrupted: () => boolean,
): Promise<void> {
  const header: Record<FileName, string> = {
    users: ':ID(User),id,handle,handleKey,displayName,bio,passwordHash,createdAt:long,followerCount:long,followingCount:long,tweetCount:long,version:long',
    tweets: ':ID(Tweet),id,text,createdAt:long,authorId,favoriteCount:long,version:long',
    posted: ':START_ID(User),:END_ID(Tweet)',
    follows: ':START_ID(User),:END_ID(User),at:long',
    favorites: ':START_ID(User),:END_ID(Tweet),at:long',
  };
  const linesOf: Record<FileName, (index: number) => string> = {
    users: (index) => {
      const handle = model.handle(index);
      return (
        `${index},${plan.userIds[index]},${handle},${handle.toLowerCase()},${quote(handle)},"",${quote(passwordHash)},${model.userCreatedAt(index)},` +
        `${plan.followerCounts[index]},${plan.followingCounts[index]},${model.tweetCount(index)},0\n`
      );
    },
    tweets: (index) => {
      const first = model.firstTweet(index);
      const authorId = plan.userIds[index];
      return model
        .tweets(index)
        .map(
          (tweet, position) =>
            `${first + position},${tweet.id},${quote(tweet.text)},${tweet.createdAt},${authorId},${plan.favoriteCounts[first + position]},0\n`,
        )
        .join('');
    },
    posted: (index) => {
      const first = model.firstTweet(index);
      let lines = '';
      for (let position = 0; position < model.tweetCount(index); position++) lines += `${index},${first + position}\n`;
      return lines;
    },
    follows: (index) => {
      const { followees, ats } = model.followees(index);
      let lines = '';
      for (let position = 0; position < followees.length; position++) lines += `${index},${followees[position]},${ats[position]}\n`;
      return lines;
    },
    favorites: (index) => {
      const { tweets, ats } = model.favorites(index);
      let lines = '';
      for (let position = 0; position < tweets.length; position++) lines += `${index},${tweets[position]},${ats[position]}\n`;
      return lines;
    },
  };
  for (const name of FILES) {
    const file = path.join(files.directory, `${name}.csv`);
    if (existsSync(file)) continue;
    const partial = `${file}.partial`;
    const out = createWriteStream(partial, { highWaterMark: 1 << 20 });
    out.write(`${header[name]}\n`);
    let chunk = '';
    for (let index = 0; index < model.users; index++) {
      chunk += linesOf[name](index);
      if (chunk.length > 1 << 20 || index === model.users - 1) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
        progress(name, index + 1, model.users);
        if (interrupted()) break;
      }
    }
    out.end();
    await once(out, 'finish');
    if (interrupted()) return;
    renameSync(partial, file);
  }
}

/**
 * Runs `neo4j-admin database import full` on the store in `home` (which must not be running),
 * replacing its database. Reports the importer's percentage as it goes.
 */
export async function runImport(home: string, launcherLib: string, files: ImportFiles, progress: (percent: number) => void): Promise<void> {
  const file = (name: FileName) => path.join(files.directory, `${name}.csv`);
  const args = [
    '-Xmx1g',
    '-cp',
    path.join(launcherLib, '*'),
    'org.neo4j.cli.AdminTool',
    'database',
    'import',
    'full',
    'neo4j',
    '--overwrite-destination',
    '--id-type=integer',
    '--max-off-heap-memory=4G',
    `--report-file=${path.join(files.directory, 'import.report')}`,
    `--nodes=User=${file('users')}`,
    `--nodes=Tweet=${file('tweets')}`,
    `--relationships=POSTED=${file('posted')}`,
    `--relationships=FOLLOWS=${file('follows')}`,
    `--relationships=FAVORITED=${file('favorites')}`,
  ];
  const child = spawn('java', args, {
    env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: path.join(files.directory, 'conf') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    const percents = [...chunk.toString().matchAll(/(\d+)%/g)];
    if (percents.length > 0) progress(Number(percents[percents.length - 1]![1]));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`neo4j-admin database import failed (exit ${code}):\n${output.slice(-4000)}`);
}

/** A CSV field in double quotes (inner quotes doubled): texts and hashes hold commas. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}
