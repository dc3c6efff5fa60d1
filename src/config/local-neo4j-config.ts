/**
 * Local Neo4j settings
 *
 * The Neo4j the project starts for itself when NEO4J_URI is unset (src/store/local-neo4j): which
 * store folder, which port, how much memory.
 */
import { z } from 'zod';

import { portNumber, positiveInt } from './environment-values';

export interface LocalNeo4jConfig {
  /** Store folder under `.neo4j/data/`. */
  storeName: string;
  boltPort: number;
  heapMb: number;
  pageCacheMb: number;
}

export const localNeo4jVariables = z.object({
  LOCAL_NEO4J_STORE: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'LOCAL_NEO4J_STORE must be a folder name.')
    .default('dev'),
  LOCAL_NEO4J_BOLT_PORT: portNumber.default(7687),
  LOCAL_NEO4J_HEAP_MB: positiveInt.default(1024),
  LOCAL_NEO4J_PAGECACHE_MB: positiveInt.default(512),
});

export function localNeo4jConfig(env: z.infer<typeof localNeo4jVariables>): LocalNeo4jConfig {
  return {
    storeName: env.LOCAL_NEO4J_STORE,
    boltPort: env.LOCAL_NEO4J_BOLT_PORT,
    heapMb: env.LOCAL_NEO4J_HEAP_MB,
    pageCacheMb: env.LOCAL_NEO4J_PAGECACHE_MB,
  };
}
