/**
 * The API in a process of its own, for the soak
 *
 * The built server (`dist/src/main.js`, what `npm start` runs) on a fixed port, so that a client
 * keeps its address across a kill and a restart. Killed with SIGKILL; an exit nobody asked for is
 * reported, so the soak can count it and start the server again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { PROJECT_ROOT } from '../../src/project-root';

const MAIN = path.join(PROJECT_ROOT, 'dist', 'src', 'main.js');
const READY_TIMEOUT_MS = 120_000;

export interface ApiProcess {
  endpoint: string;
  readonly running: boolean;
  start(): Promise<void>;
  kill(): Promise<void>;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export function apiProcess(port: number, environment: Record<string, string>, onUnexpectedExit: (code: number | null, output: string) => void): ApiProcess {
  let child: ChildProcess | undefined;
  let output = '';
  const exited = (target: ChildProcess) =>
    target.exitCode !== null || target.signalCode !== null
      ? Promise.resolve(target.exitCode)
      : new Promise<number | null>((resolve) => target.once('exit', resolve));
  return {
    endpoint: `http://127.0.0.1:${port}/graphql`,
    get running() {
      return child !== undefined;
    },
    async start() {
      if (child) return;
      output = '';
      const started = spawn(process.execPath, [MAIN], {
        env: { ...process.env, NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), ...environment },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
      started.stdout.on('data', keep);
      started.stderr.on('data', keep);
      started.once('exit', (code) => {
        if (child !== started) return; // killed or stopped on purpose
        child = undefined;
        onUnexpectedExit(code, output);
      });
      child = started;
      await waitForLive(port, started);
    },
    async kill() {
      const running = child;
      child = undefined;
      if (!running) return;
      running.kill('SIGKILL');
      await exited(running);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running) return null;
      running.kill('SIGTERM');
      return exited(running);
    },
  };
}

async function waitForLive(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The API exited (code ${child.exitCode}) before it listened on port ${port}.`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/live`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The API did not listen on port ${port} in time.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
