/**
 * Latency summaries: per operation, throughput (answers a second, errors excluded), p50 / p95 /
 * p99 / max over every answer (errors included: a fast error is still a request served badly), and
 * errors by code.
 */
import type { Sample } from './open-loop';

export interface OperationSummary {
  requests: number;
  ok: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: Record<string, number>;
}

export function summarize(samples: readonly Sample[], elapsedMs: number): Record<string, OperationSummary> {
  const byOperation = new Map<string, Sample[]>();
  for (const sample of samples) {
    let list = byOperation.get(sample.operation);
    if (!list) byOperation.set(sample.operation, (list = []));
    list.push(sample);
  }
  const result: Record<string, OperationSummary> = {};
  for (const [operation, list] of [...byOperation, ['all', [...samples]] as [string, Sample[]]]) {
    if (list.length === 0) continue;
    const latencies = list.map((sample) => sample.latencyMs).sort((a, b) => a - b);
    const errors: Record<string, number> = {};
    for (const sample of list) if (sample.code !== null) errors[sample.code] = (errors[sample.code] ?? 0) + 1;
    const ok = list.filter((sample) => sample.code === null).length;
    result[operation] = {
      requests: list.length,
      ok,
      throughput: ok / (elapsedMs / 1000),
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
      max: latencies[latencies.length - 1]!,
      errors,
    };
  }
  return result;
}

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? Number.NaN;
}
