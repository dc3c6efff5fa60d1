/**
 * Health
 *
 * For load balancers and orchestrators: `/health/live` answers 200 while the process can answer
 * at all (an orchestrator restarts it when it stops); `/health/ready` (and `/health`, as before)
 * reports each backing service and answers 503 only when this instance cannot serve requests, so a
 * balancer sends its traffic elsewhere meanwhile. Neo4j is the record: without it the instance is
 * `unavailable` (503); without Redis it still serves, from Neo4j, and is `degraded` (200), the
 * service that is down saying `"status": "down"`. Causes of failures go to the log, not to whoever
 * asks.
 */
import express, { type Router } from 'express';

import type { HomeTimelines } from '../domain/timelines/home-timelines';
import type { Logger } from '../logger';
import type { Graph } from '../store/graph';

export function healthRoutes({ graph, timelines, logger }: { graph: Graph; timelines: HomeTimelines; logger: Logger }): Router {
  const router = express.Router();
  const ready: express.RequestHandler = async (_request, response) => {
    const [{ error: neo4jError, ...neo4j }, { error: timelinesError, ...timelineStore }] = await Promise.all([graph.health(), timelines.health()]);
    if (neo4jError || timelinesError) logger.warn({ neo4jError, timelinesError }, 'Health check failed');
    const status = neo4j.status !== 'up' ? 'unavailable' : timelineStore.status !== 'up' ? 'degraded' : 'ok';
    response.status(status === 'unavailable' ? 503 : 200).json({ status, services: { neo4j, timelines: timelineStore } });
  };
  router.get('/health', ready);
  router.get('/health/ready', ready);
  router.get('/health/live', (_request, response) => {
    response.json({ status: 'ok' });
  });
  return router;
}
