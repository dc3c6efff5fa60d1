/**
 * A Redis of one's own
 *
 * For the soak, which kills Redis under load: a `redis-server` on a free port, without persistence
 * (it comes back empty, as a cache may), stopped with SIGKILL and started again on the same port,
 * so that a server pointed at it keeps its REDIS_URL. A minimal stand-in until the shared
 * test/support/redis-process.ts lands.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

import { freePort } from '../../src/store/local-neo4j/local-neo4j';

export interface OwnRedis {
  url: string;
  readonly running: boolean;
  /** Kills it (SIGKILL): connections drop at once, its contents are gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async () => {
    const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    child = started;
    await waitForPort(port, started);
  };
  const kill = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill(signal);
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return child !== undefined;
    },
    kill: () => kill('SIGKILL'),
    async start() {
      if (!child) await launch();
    },
    stop: () => kill('SIGTERM'),
  };
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (code ${child.exitCode}) before it listened on port ${port}.`);
    if (await canConnect(port)) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on port ${port} in time.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
