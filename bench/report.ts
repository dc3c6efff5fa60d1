/**
 * Bench report (`npm run bench:report -- bench-results/<run>`)
 *
 * Prints a results file of `npm run bench` as the Markdown tables docs/benchmarks.md
 * shows: every step of every target, then per target the best throughput within the p99 bound (or,
 * when even the lowest rate missed it, by how much), the highest rate served in full, and what a
 * request cost the API and Neo4j there.
 */
import { readFileSync } from 'node:fs';

import type { OperationSummary } from './load/summary';

interface StepRecord {
  rate: number;
  operations: Record<string, OperationSummary | undefined>;
  generatorCpuPercent: number;
  processes: Record<string, { cpuPercent: number; rssMb: number } | undefined>;
  loadAverage: number;
}

interface ResultsFile {
  store: string;
  viewers: number;
  rateLimits: boolean;
  /** Chirp's API processes (absent in runs before WEB_CONCURRENCY: one). */
  workers?: number;
  boundMs: number;
  stepMs: number;
  ratios: Record<string, number>;
  sustainedRatios: Record<string, number>;
  results: Record<string, StepRecord[]>;
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('Usage: npm run bench:report -- bench-results/<run>\n');
  process.exit(2);
}
const run = JSON.parse(readFileSync(file, 'utf8')) as ResultsFile;
const bound = run.boundMs;

const fixed = (value: number | undefined, digits = 1) => (value === undefined ? '-' : value.toFixed(digits));
const percent = (value: number | undefined) => (value === undefined ? '-' : `${Math.round(value)} %`);
const errors = (summary: OperationSummary) =>
  Object.entries(summary.errors)
    .map(([code, count]) => `${code} ${count}`)
    .join(', ') || '-';
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

console.log(
  `Store \`${run.store}\`, ${run.viewers} viewers, ${run.stepMs / 1000}-second steps, rate limits ${run.rateLimits ? 'on' : 'off'}, Chirp in ${run.workers ?? 1} API process${(run.workers ?? 1) === 1 ? '' : 'es'}, bound p99 <= ${bound} ms.\n`,
);
console.log(
  row(['target', 'offered/s', 'ok/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'CPU API', 'CPU Neo4j', 'CPU Redis', 'CPU generator', 'load avg']),
);
console.log(row(Array<string>(13).fill('---')));
for (const [target, steps] of Object.entries(run.results)) {
  for (const step of steps) {
    const all = step.operations.all;
    if (!all) continue;
    const { api, neo4j, redis } = step.processes;
    console.log(
      row([
        target,
        step.rate,
        Math.round(all.throughput),
        fixed(all.p50),
        fixed(all.p95),
        fixed(all.p99),
        Math.round(all.max),
        errors(all),
        percent(api?.cpuPercent),
        percent(neo4j?.cpuPercent),
        percent(redis?.cpuPercent),
        percent(step.generatorCpuPercent),
        fixed(step.loadAverage),
      ]),
    );
  }
}

console.log();
console.log(
  row(['target', `best ok/s with p99 <= ${bound} ms`, 'miss: p99 at the lowest rate', 'highest rate served in full', 'CPU a request there (API + Neo4j)']),
);
console.log(row(Array<string>(5).fill('---')));
for (const [target, steps] of Object.entries(run.results)) {
  const measured = steps.filter((step) => step.operations.all);
  const within = measured.filter((step) => step.operations.all!.p99 <= bound);
  const best = Math.max(0, ...within.map((step) => step.operations.all!.throughput));
  const lowest = measured[0]?.operations.all;
  const miss = within.length === 0 && lowest ? `${Math.round(lowest.p99)} ms (${(lowest.p99 / bound).toFixed(1)}x the bound)` : '-';
  const full = measured.filter((step) => step.operations.all!.throughput >= 0.95 * step.rate).at(-1);
  const cost = full
    ? `${fixed(((full.processes.api?.cpuPercent ?? 0) * 10) / full.operations.all!.throughput)} ms + ${fixed(((full.processes.neo4j?.cpuPercent ?? 0) * 10) / full.operations.all!.throughput)} ms`
    : '-';
  console.log(row([target, Math.round(best), miss, full ? Math.round(full.operations.all!.throughput) : 0, cost]));
}

const ratio = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(2)}x`);
console.log();
console.log(
  `Chirp / @neo4j/graphql on the same reads: ${ratio(run.ratios.readsVsNeo4jGraphql)} at p99 <= ${bound} ms, ${ratio(run.sustainedRatios.readsVsNeo4jGraphql)} by the highest rate served in full; ` +
    `Chirp / bare Apollo on \`{ __typename }\`: ${ratio(run.ratios.typenameVsBareApollo)} (${ratio(run.sustainedRatios.typenameVsBareApollo)} served in full).`,
);
