/**
 * A Redis server of a test's own, on a free port, to stop, pause and restart (the machine's Redis
 * on 6379 is shared and not a test's to stop). No persistence of its own (`--save ""`, no AOF):
 * `snapshot()` writes an RDB explicitly, and `restart({ fromSnapshot: true })` comes back with it,
 * as a Redis restored from an old snapshot would; without it the restart comes back empty. Set up
 * as Chirp's Redis should be: `zset-max-listpack-entries` above TIMELINE_LENGTH (see listpack-limit.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';

import { LISTPACK_LIMIT_SETTING, RECOMMENDED_LISTPACK_LIMIT } from '../../src/store/feeds/listpack-limit';
import { freePort } from '../../src/store/local-neo4j/local-neo4j';
import { eventually } from './eventually';

const SNAPSHOT = 'dump.rdb';

export interface RedisProcess {
  port: number;
  url: string;
  /** Runs one command on a short-lived connection (the server must be running and not paused). */
  command(name: string, ...args: (string | number)[]): Promise<unknown>;
  /** Writes the RDB snapshot a later `restart({ fromSnapshot: true })` loads. */
  snapshot(): Promise<void>;
  /** Kills the server (SIGKILL: nothing saved) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port: empty, or with the last snapshot. */
  restart(options?: { fromSnapshot?: boolean }): Promise<void>;
  /** SIGSTOP: connections stay open, nothing answers (a pause, or a partition as clients see it). */
  pause(): void;
  /** SIGCONT: answers again, with everything it held, and runs what was sent meanwhile. */
  resume(): void;
  /** Stops it for good and deletes its folder (afterAll). */
  dispose(): Promise<void>;
}

/** `extraArguments` go to redis-server after the defaults, and win over them (for example `--rename-command EVALSHA ""`). */
export async function startRedisProcess(extraArguments: readonly string[] = []): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'chirp-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let paused = false;

  const launch = async () => {
    const started = spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', SNAPSHOT],
        ...[`--${LISTPACK_LIMIT_SETTING}`, String(RECOMMENDED_LISTPACK_LIMIT)],
        ...extraArguments,
      ],
      {
        stdio: 'ignore',
      },
    );
    child = started;
    await eventually(
      async () => started.exitCode === null && (await answers()),
      (ok) => ok || started.exitCode !== null,
      { timeoutMs: 10_000, what: `redis-server on port ${port} to answer` },
    );
    if (started.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${started.exitCode}.`);
  };

  const command = async (name: string, ...args: (string | number)[]) => {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, commandTimeout: 2_000 });
    try {
      await redis.connect();
      return await redis.call(name, ...args);
    } finally {
      redis.disconnect();
    }
  };

  const answers = async () => {
    try {
      return (await command('PING')) === 'PONG';
    } catch {
      return false;
    }
  };

  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
    paused = false;
  };

  await launch();
  return {
    port,
    url,
    command,
    async snapshot() {
      await command('SAVE');
    },
    stop,
    async restart({ fromSnapshot = false } = {}) {
      await stop();
      if (!fromSnapshot) rmSync(path.join(dir, SNAPSHOT), { force: true });
      await launch();
    },
    pause() {
      if (!child || paused) return;
      child.kill('SIGSTOP');
      paused = true;
    },
    resume() {
      if (!child || !paused) return;
      child.kill('SIGCONT');
      paused = false;
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
