/**
 * What `npm run check` would find to repair among the users and tweets a fault test wrote: the
 * same GraphCheck, run with the test's Redis and key prefix, its findings kept to those ids.
 */
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { GraphCheck } from '../../src/domain/maintenance/graph-check';
import { createServices } from '../../src/services';
import type { Graph } from '../../src/store/graph';

export interface Findings {
  /** Whether the caches answered (the check compares cached timelines with the graph only then). */
  cachesConnected: boolean;
  wrongUserCounts: unknown[];
  wrongFavoriteCounts: unknown[];
  wrongAuthors: unknown[];
  wrongTimelines: unknown[];
}

export const NOTHING_TO_REPAIR: Findings = { cachesConnected: true, wrongUserCounts: [], wrongFavoriteCounts: [], wrongAuthors: [], wrongTimelines: [] };

export async function findingsAmong(
  graph: Graph,
  redis: { url: string; prefix: string },
  { userIds, tweetIds }: { userIds: readonly string[]; tweetIds: Iterable<string> },
): Promise<Findings> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', REDIS_URL: redis.url, REDIS_KEY_PREFIX: redis.prefix });
  const services = createServices(config, graph, createLogger('silent'));
  const tweets = new Set(tweetIds);
  try {
    const cachesConnected = await services.cachesConnected(10_000);
    const report = await new GraphCheck(services.stores, services.timelines).run({ repair: false, timelineSample: 0, timelineUserIds: userIds });
    return {
      cachesConnected,
      wrongUserCounts: report.wrongUserCounts.filter((entry) => userIds.includes(entry.id)),
      wrongFavoriteCounts: report.wrongFavoriteCounts.filter((entry) => tweets.has(entry.id)),
      wrongAuthors: report.wrongAuthors.filter((entry) => tweets.has(entry.id)),
      wrongTimelines: report.wrongTimelines,
    };
  } finally {
    await services.close();
  }
}
