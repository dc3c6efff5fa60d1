/**
 * Health
 *
 * For load balancers and orchestrators: `/health/live` answers 200 while the process can answer
 * at all (an orchestrator restarts it when it stops); `/health/ready` (and `/health`, as before)
 * reports each backing service and answers 503 only when this instance cannot serve requests, so a
 * balancer sends its traffic elsewhere meanwhile. Neo4j is the record: without it the instance is
 * `unavailable` (503); without Redis it still serves, from Neo4j, and is `degraded` (200), the
 * service that is down saying `"status": "down"`. Causes of failures go to the log, not to whoever
 * asks. Anyone may ask, as often as they like, so readiness is answered from a check at most
 * `READINESS_MAX_AGE_MS` old: one check runs at a time, and every caller meanwhile shares it.
 */
import express, { type Router } from 'express';

import type { HomeTimelines } from '../domain/timelines/home-timelines';
import type { Logger } from '../logger';
import type { Graph } from '../store/graph';

/** How old a readiness answer may be: balancers polling every few hundred milliseconds, or anyone else, cost one Neo4j query a second. */
export const READINESS_MAX_AGE_MS = 1_000;

export function healthRoutes({ graph, timelines, logger }: { graph: Graph; timelines: HomeTimelines; logger: Logger }): Router {
  const router = express.Router();
  const readiness = sharedCheck(async () => {
    const [{ error: neo4jError, ...neo4j }, { error: timelinesError, ...timelineStore }] = await Promise.all([graph.health(), timelines.health()]);
    if (neo4jError || timelinesError) logger.warn({ neo4jError, timelinesError }, 'Health check failed');
    const status = neo4j.status !== 'up' ? 'unavailable' : timelineStore.status !== 'up' ? 'degraded' : 'ok';
    return { status, services: { neo4j, timelines: timelineStore } };
  }, READINESS_MAX_AGE_MS);
  const ready: express.RequestHandler = async (_request, response) => {
    const report = await readiness();
    response.status(report.status === 'unavailable' ? 503 : 200).json(report);
  };
  router.get('/health', ready);
  router.get('/health/ready', ready);
  router.get('/health/live', (_request, response) => {
    response.json({ status: 'ok' });
  });
  return router;
}

/**
 * `check`, run at most once at a time: a caller while it runs shares its answer, and so does one
 * within `maxAgeMs` of its start; the first caller after that starts the next.
 */
function sharedCheck<T>(check: () => Promise<T>, maxAgeMs: number): () => Promise<T> {
  let latest: { startedAt: number; answer: Promise<T>; settled: boolean } | undefined;
  return () => {
    const now = performance.now();
    if (latest && (!latest.settled || now - latest.startedAt < maxAgeMs)) return latest.answer;
    const current = { startedAt: now, answer: check(), settled: false };
    void current.answer.finally(() => (current.settled = true)).catch(() => undefined);
    latest = current;
    return current.answer;
  };
}
