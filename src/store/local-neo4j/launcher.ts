/**
 * Local Neo4j launcher build
 *
 * Builds the small Java launcher in `neo4j-local/` once: Maven copies Neo4j's jars from Maven
 * Central into `.neo4j/launcher/lib`, javac compiles the one class. A stamp (a hash of the pom and
 * the source) lets later starts skip the build; a changed pom or source rebuilds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Logger } from '../../logger';

const LAUNCHER_CLASS = 'dev.chirp.neo4j.LocalNeo4j';
const SOURCE_FILE = 'neo4j-local/src/main/java/dev/chirp/neo4j/LocalNeo4j.java';
const POM_FILE = 'neo4j-local/pom.xml';

export interface Launcher {
  classpath: string;
  mainClass: string;
}

/** A tool the local Neo4j needs is missing: said in one line, without a stack trace. */
export class MissingToolError extends Error {
  override name = 'MissingToolError';
}

export async function ensureLauncher(projectRoot: string, logger: Logger): Promise<Launcher> {
  const launcherDir = path.join(projectRoot, '.neo4j', 'launcher');
  const stamp = launcherStamp(projectRoot);
  const launcher: Launcher = {
    classpath: [path.join(launcherDir, 'classes'), path.join(launcherDir, 'lib', '*')].join(path.delimiter),
    mainClass: LAUNCHER_CLASS,
  };
  if (readStamp(launcherDir) === stamp) return launcher;

  requireTool('java', ['-version']);
  requireTool('mvn', ['-v']);
  logger.info('Building the local Neo4j launcher (first start only; Maven downloads Neo4j 5.26 jars).');

  // Build beside the final folder and rename, so a concurrent start never sees half a launcher.
  const buildDir = `${launcherDir}.build-${process.pid}`;
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  try {
    await run('mvn', [
      '-q',
      '-B',
      '-f',
      path.join(projectRoot, POM_FILE),
      'dependency:copy-dependencies',
      `-DoutputDirectory=${path.join(buildDir, 'lib')}`,
      '-DincludeScope=runtime',
    ]);
    await run('javac', [
      '-proc:none',
      '-nowarn',
      '-d',
      path.join(buildDir, 'classes'),
      '-cp',
      path.join(buildDir, 'lib', '*'),
      path.join(projectRoot, SOURCE_FILE),
    ]);
    writeFileSync(path.join(buildDir, 'stamp'), stamp);
    rmSync(launcherDir, { recursive: true, force: true });
    renameSync(buildDir, launcherDir);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
  logger.info('Local Neo4j launcher built.');
  return launcher;
}

/** Throws a one-line MissingToolError when `command` cannot run. */
export function requireTool(command: 'java' | 'mvn' | 'javac', args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  if (result.error || result.status !== 0) {
    throw new MissingToolError(
      `The local Neo4j needs Java 17 and Maven ('${command}' was not found): install them ` +
        '(Debian: apt-get install openjdk-17-jdk maven), or run `docker compose up neo4j` and set NEO4J_URI=bolt://localhost:7687.',
    );
  }
}

function launcherStamp(projectRoot: string): string {
  const hash = createHash('sha256');
  for (const file of [POM_FILE, SOURCE_FILE]) hash.update(readFileSync(path.join(projectRoot, file)));
  return hash.digest('hex');
}

function readStamp(launcherDir: string): string | undefined {
  const file = path.join(launcherDir, 'stamp');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} failed (exit ${code}):\n${output.slice(-4000)}`));
    });
  });
}
