/**
 * Metrics settings
 *
 * Whether and where `GET /metrics` is served (src/metrics): on a port of its own, never the API's.
 */
import { z } from 'zod';

import { ConfigError } from './config-error';
import { portNumber } from './environment-values';

/** `GET /metrics` in Prometheus's text format, on a port of its own (src/metrics). */
export interface MetricsConfig {
  /** Unset: no metrics endpoint (and nothing measured). 0: any free port (tests). */
  port: number | undefined;
  /** The interface it listens on: the loopback by default, so only the machine's own scraper reads it. */
  host: string;
}

export const metricsVariables = z.object({
  METRICS_PORT: portNumber.optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
});

/** `apiPort` is PORT: the metrics must not share it (0 asks for any free port, so both may be 0). */
export function metricsConfig(env: z.infer<typeof metricsVariables>, apiPort: number): MetricsConfig {
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === apiPort) {
    throw new ConfigError('METRICS_PORT must differ from PORT: the metrics are served apart from the public API.');
  }
  return { port: env.METRICS_PORT, host: env.METRICS_HOST };
}
