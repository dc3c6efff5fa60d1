/**
 * Local Neo4j
 *
 * Starts a real Neo4j 5.26 Community server (the launcher in `neo4j-local/`) on loopback Bolt, with
 * its store in `.neo4j/data/<name>`, when no NEO4J_URI is configured. A second process asking for
 * the same store shares the running server instead of fighting over Neo4j's store lock; only the
 * process that started it stops it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

import type { LocalNeo4jConfig } from '../../config';
import type { Logger } from '../../logger';
import { ensureLauncher, requireTool } from './launcher';

export interface LocalNeo4jOptions extends LocalNeo4jConfig {
  projectRoot: string;
  /** Delete the store before starting (tests); never applies to a shared running server. */
  fresh?: boolean;
  logger: Logger;
}

export interface LocalNeo4j {
  uri: string;
  /** False when another process started this server and this one only shares it. */
  owned: boolean;
  stop(): Promise<void>;
}

interface ServerRecord {
  pid: number;
  uri: string;
}

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const home = path.join(options.projectRoot, '.neo4j', 'data', options.storeName);
  mkdirSync(home, { recursive: true });
  const launcher = await ensureLauncher(options.projectRoot, options.logger);
  requireTool('java', ['-version']);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const running = await findRunningServer(home);
    if (running) {
      options.logger.info({ uri: running.uri, pid: running.pid }, 'Sharing the running local Neo4j.');
      return { uri: running.uri, owned: false, stop: async () => {} };
    }
    const startLock = tryLock(path.join(home, 'starting.lock'));
    if (!startLock) {
      await sleep(250); // Another process is starting this store: wait for its server record.
      continue;
    }
    try {
      if (options.fresh) wipeStore(home);
      return await launch(home, launcher.classpath, launcher.mainClass, options);
    } catch (error) {
      // A server whose owner just died may still hold the store lock while it shuts down.
      if (!isStoreLockError(error)) throw error;
      options.logger.warn({ store: home }, 'The local Neo4j store is still locked; retrying.');
      await sleep(1000);
    } finally {
      startLock.release();
    }
  }
  throw new Error(`Timed out waiting for the local Neo4j in ${home}.`);
}

async function launch(home: string, classpath: string, mainClass: string, options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const port = await choosePort(options.boltPort, options.logger);
  const child = spawn(
    'java',
    [
      `-Xmx${options.heapMb}m`,
      '-XX:+UseG1GC',
      // The flags Neo4j's own start script passes.
      '--add-opens=java.base/java.nio=ALL-UNNAMED',
      '--add-opens=java.base/java.io=ALL-UNNAMED',
      '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
      '--enable-native-access=ALL-UNNAMED',
      '-Dio.netty.tryReflectionSetAccessible=true',
      '-Dlog4j2.disable.jmx=true',
      '-cp',
      classpath,
      mainClass,
      home,
      String(port),
      String(options.pageCacheMb),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );

  const uri = await waitForReady(child);
  const recordFile = path.join(home, 'server.json');
  writeFileSync(recordFile, JSON.stringify({ pid: process.pid, uri } satisfies ServerRecord));
  options.logger.info({ uri, store: home }, 'Local Neo4j started.');

  let stopping: Promise<void> | undefined;
  return {
    uri,
    owned: true,
    stop() {
      stopping ??= stopChild(child, recordFile);
      return stopping;
    },
  };
}

function waitForReady(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    const errors: string[] = [];
    const timer = setTimeout(() => fail(new Error('The local Neo4j did not become ready in time.')), READY_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    createInterface({ input: child.stderr }).on('line', (line) => {
      errors.push(line);
      if (errors.length > 40) errors.shift();
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const uri = /^READY (\S+)$/.exec(line)?.[1];
      if (uri !== undefined) {
        clearTimeout(timer);
        resolve(uri);
      }
    });
    child.on('error', (error) => fail(error));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The local Neo4j exited (code ${code}) before it was ready:\n${errors.join('\n')}`));
    });
  });
}

/** Closing the launcher's standard input asks it to shut down cleanly. */
function stopChild(child: ChildProcessWithoutNullStreams, recordFile: string): Promise<void> {
  rmSync(recordFile, { force: true });
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    child.stdin.end();
  });
}

async function findRunningServer(home: string): Promise<ServerRecord | undefined> {
  const recordFile = path.join(home, 'server.json');
  if (!existsSync(recordFile)) return undefined;
  try {
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as ServerRecord;
    const { hostname, port } = new URL(record.uri);
    if (isAlive(record.pid) && (await canConnect(hostname, Number(port)))) return record;
  } catch {
    // An unreadable record is a stale one.
  }
  rmSync(recordFile, { force: true });
  return undefined;
}

/** An exclusive lock file holding its owner's pid; a dead owner's lock is taken over. */
function tryLock(file: string): { release(): void } | undefined {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8'));
      if (owner && isAlive(owner)) return undefined;
      rmSync(file, { force: true });
    }
  }
  return undefined;
}

function isStoreLockError(error: unknown): boolean {
  return error instanceof Error && /store_lock|FileLockException|Lock file has been locked/i.test(error.message);
}

function wipeStore(home: string): void {
  for (const entry of ['data', 'logs', 'server.json']) rmSync(path.join(home, entry), { recursive: true, force: true });
}

async function choosePort(preferred: number, logger: Logger): Promise<number> {
  if (preferred !== 0 && (await isPortFree(preferred))) return preferred;
  const port = await freePort();
  if (preferred !== 0) logger.warn({ preferred, port }, 'Bolt port in use; the local Neo4j listens on another.');
  return port;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
