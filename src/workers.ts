/**
 * Workers
 *
 * With Redis (REDIS_URL or REDIS_CLUSTER_NODES) nothing a request needs lives in process memory, so the API runs as several
 * processes sharing one port (node:cluster), one a core by default (`Config.workers`): a Node
 * process serves on one core, and the API's own CPU is what limits it first. The primary serves
 * nothing: it owns what there is one of (the local Neo4j, the schema, the signals) and keeps the
 * workers running; each worker is a whole server of its own, as instances behind a load balancer
 * are. A worker exits by itself when the primary dies (node:cluster closes its IPC channel).
 */
import cluster, { type Worker } from 'node:cluster';

import type { Logger } from './logger';

/** How long to wait before replacing a worker that died, so a crash loop does not spin the CPU. */
const RESTART_DELAY_MS = 1_000;

export interface WorkerPool {
  /** Asks every worker to shut down (SIGTERM: each drains its requests) and waits until all have exited. */
  stop(): Promise<void>;
}

/** In the primary: forks `count` workers running this same entry point with `environment` added, and replaces any that dies. */
export function startWorkers(count: number, environment: Record<string, string>, logger: Logger): WorkerPool {
  let stopping = false;
  const fork = () => cluster.fork(environment);
  cluster.on('exit', (worker: Worker, code: number | null, signal: string | null) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'A worker died: starting another');
    setTimeout(() => {
      if (!stopping) fork();
    }, RESTART_DELAY_MS).unref();
  });
  for (let index = 0; index < count; index++) fork();
  logger.info({ workers: count }, 'Serving from several processes (WEB_CONCURRENCY)');

  return {
    async stop() {
      stopping = true;
      const running = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && !worker.isDead());
      await Promise.all(
        running.map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once('exit', () => resolve());
              worker.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

export const isWorker = (): boolean => cluster.isWorker;
