/** A connection to the run's Neo4j (started by test/global-setup.ts), for suites that use the stores directly. */
import { loadConfig } from '../../src/config';
import { Graph } from '../../src/store/graph';
import { required } from './required';

export function connectTestGraph(): Graph {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  return Graph.connect({ ...config.neo4j, uri: required(config.neo4j.uri, 'a Neo4j URI') });
}
