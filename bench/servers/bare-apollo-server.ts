/**
 * The ceiling of the GraphQL layer on this machine, for `npm run bench`: a bare `@apollo/server`
 * standalone server with Chirp's schema (schema/schema.graphql) and no resolvers, which answers
 * `{ __typename }` and nothing else useful. PORT; one process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

import { PROJECT_ROOT } from '../../src/project-root';

async function main(): Promise<void> {
  const typeDefs = readFileSync(path.join(PROJECT_ROOT, 'schema', 'schema.graphql'), 'utf8');
  const server = new ApolloServer({ typeDefs });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 4200), host: '127.0.0.1' } });
  console.log(`READY ${url}`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
