/**
 * Neo4j settings
 *
 * Which Neo4j to use and how patiently: the connection, and how long a request waits for it and
 * retries through a restart or a leader change (src/store/graph.ts).
 */
import { z } from 'zod';

import { positiveInt } from './environment-values';

export interface Neo4jConfig {
  /** Unset: the project starts its own local Neo4j (see src/store/local-neo4j). */
  uri: string | undefined;
  user: string;
  password: string;
  database: string;
  /** How long opening a connection may take before the request fails with SERVICE_UNAVAILABLE. */
  connectionTimeoutMs: number;
  /** How long transient failures (a restart, a leader change, a deadlock) are retried. */
  retryMs: number;
}

export const neo4jVariables = z.object({
  NEO4J_URI: z
    .string()
    .regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\//, 'NEO4J_URI must be a neo4j:// or bolt:// URI.')
    .optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().min(1).default('neo4j'),
  NEO4J_CONNECTION_TIMEOUT_MS: positiveInt.default(5_000),
  NEO4J_RETRY_MS: z.coerce.number().int().min(0).default(5_000),
});

export function neo4jConfig(env: z.infer<typeof neo4jVariables>): Neo4jConfig {
  return {
    uri: env.NEO4J_URI,
    user: env.NEO4J_USER,
    password: env.NEO4J_PASSWORD,
    database: env.NEO4J_DATABASE,
    connectionTimeoutMs: env.NEO4J_CONNECTION_TIMEOUT_MS,
    retryMs: env.NEO4J_RETRY_MS,
  };
}
