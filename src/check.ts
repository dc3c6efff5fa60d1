/**
 * `npm run check [-- --repair] [--timelines N]`: checks the graph's invariants (src/domain/maintenance)
 * against the configured Neo4j and Redis (or the local Neo4j `npm start` uses) and prints what it
 * finds. Exits 0 when everything holds or was repaired, 1 when something is wrong.
 */
import { parseArgs } from 'node:util';

import { ConfigError, loadConfig } from './config';
import { GraphCheck, isClean, type CheckReport } from './domain/maintenance/graph-check';
import { createLogger } from './logger';
import { PROJECT_ROOT } from './project-root';
import { createServices } from './services';
import { Graph } from './store/graph';
import { MissingToolError } from './store/local-neo4j/launcher';
import { startLocalNeo4j, type LocalNeo4j } from './store/local-neo4j/local-neo4j';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { repair: { type: 'boolean', default: false }, timelines: { type: 'string', default: '100' } } });
  const timelineSample = Number(values.timelines);
  if (!Number.isInteger(timelineSample) || timelineSample < 0) throw new ConfigError('--timelines takes a whole number of users to sample.');
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let local: LocalNeo4j | undefined;
  let uri = config.neo4j.uri;
  if (!uri) {
    local = await startLocalNeo4j({ ...config.localNeo4j, projectRoot: PROJECT_ROOT, logger });
    uri = local.uri;
  }
  const graph = Graph.connect({ ...config.neo4j, uri });
  const services = createServices(config, graph, logger);
  try {
    // Cached timelines are what is checked: a check that read them from Neo4j would find nothing.
    if (!(await services.cachesConnected(10_000))) throw new ConfigError('Redis (REDIS_URL or REDIS_CLUSTER_NODES) did not answer within 10 seconds.');
    const check = new GraphCheck(services.stores, services.timelines);
    const report = await check.run({
      repair: values.repair,
      timelineSample,
      onProgress: (stage, checked) => process.stderr.write(`\rchecking ${stage}: ${checked.toLocaleString()}   `),
    });
    process.stderr.write('\n');
    process.stdout.write(`${describe(report)}\n`);
    return isClean(report) || (report.repaired && report.wrongAuthors.length === 0) ? 0 : 1;
  } finally {
    await services.timelines.drain();
    await services.close();
    await graph.close();
    await local?.stop();
  }
}

function describe(report: CheckReport): string {
  const lines = [
    `Users: ${report.usersChecked.toLocaleString()} checked, ${report.wrongUserCounts.length} with counts that differ from their relationships`,
    ...report.wrongUserCounts
      .slice(0, 20)
      .map(({ id, stored, counted }) => `  ${id}: followers, following, tweets stored ${stored.join('/')}, counted ${counted.join('/')}`),
    `Tweets: ${report.tweetsChecked.toLocaleString()} checked, ${report.wrongFavoriteCounts.length} with a wrong favorite count, ${report.wrongAuthors.length} without exactly the author authorId names`,
    ...report.wrongFavoriteCounts.slice(0, 20).map(({ id, stored, counted }) => `  ${id}: favorites stored ${stored}, counted ${counted}`),
    ...report.wrongAuthors.slice(0, 20).map(({ id, authorId, postedBy }) => `  ${id}: authorId ${authorId}, posted by [${postedBy.join(', ')}]`),
    `Outbox: ${report.staleOutbox.fanOuts} fan-outs and ${report.staleOutbox.celebrityChanges} celebrity changes pending for over a minute`,
    `Home timelines: ${report.timelinesChecked} sampled, ${report.wrongTimelines.length} differ from their definition`,
    ...report.wrongTimelines.slice(0, 20).map((id) => `  ${id}`),
  ];
  if (isClean(report)) lines.push('Everything holds.');
  else if (report.repaired)
    lines.push(
      `Repaired: counts recomputed, the outbox settled, differing timelines forgotten (rebuilt on their next read).${report.wrongAuthors.length > 0 ? ' Wrong authors are left for a person to look at.' : ''}`,
    );
  else lines.push('Run with --repair to fix counts, settle the outbox and rebuild timelines.');
  return lines.join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof MissingToolError) process.stderr.write(`${error.message}\n`);
    else createLogger('error').fatal({ err: error }, 'Check failed');
    process.exit(1);
  },
);
