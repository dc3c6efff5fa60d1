/**
 * The comparison API: what a person would get from `@neo4j/graphql` 7 instead of writing resolvers,
 * over the same Neo4j and data, for `npm run bench`. Type definitions mirror Chirp's reads; the
 * home timeline and the viewer-dependent fields are `@cypher` fields reading the viewer's id from
 * the same JWT Chirp issues (`$jwt.sub`), the home timeline with the same read-time Cypher as
 * Chirp's fallback path. Standalone Apollo Server, one process; PORT, NEO4J_URI, JWT_SECRET.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import neo4j from 'neo4j-driver';

export const NEO4J_GRAPHQL_TYPE_DEFS = /* GraphQL */ `
  type User @node {
    id: ID!
    handle: String!
    displayName: String!
    bio: String!
    createdAt: BigInt!
    followerCount: Int!
    followingCount: Int!
    tweetCount: Int!
    tweets: [Tweet!]! @relationship(type: "POSTED", direction: OUT)
    viewerFollows: Boolean! @cypher(statement: "RETURN EXISTS { MATCH (:User {id: $jwt.sub})-[:FOLLOWS]->(this) } AS result", columnName: "result")
  }

  type Tweet @node {
    id: ID!
    text: String!
    createdAt: BigInt!
    favoriteCount: Int!
    author: User @relationship(type: "POSTED", direction: IN)
    viewerHasFavorited: Boolean! @cypher(statement: "RETURN EXISTS { MATCH (:User {id: $jwt.sub})-[:FAVORITED]->(this) } AS result", columnName: "result")
  }

  type Query {
    homeTimeline(first: Int = 20): [Tweet!]!
      @cypher(
        statement: """
        MATCH (viewer:User {id: $jwt.sub})
        CALL (viewer) {
          RETURN viewer.id AS authorId
          UNION
          MATCH (viewer)-[:FOLLOWS]->(followee:User)
          RETURN followee.id AS authorId
        }
        CALL (authorId) {
          MATCH (tweet:Tweet)
          USING INDEX SEEK tweet:Tweet(authorId, id)
          WHERE tweet.authorId = authorId AND tweet.id IS NOT NULL
          RETURN tweet
          ORDER BY tweet.authorId DESC, tweet.id DESC
          LIMIT $first
        }
        RETURN tweet
        ORDER BY tweet.id DESC
        LIMIT $first
        """
        columnName: "tweet"
      )
  }
`;

async function main(): Promise<void> {
  const driver = neo4j.driver(process.env.NEO4J_URI!, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''));
  const schema = await new Neo4jGraphQL({
    typeDefs: NEO4J_GRAPHQL_TYPE_DEFS,
    driver,
    features: { authorization: { key: process.env.JWT_SECRET! } },
  }).getSchema();
  const server = new ApolloServer({ schema });
  const { url } = await startStandaloneServer(server, {
    listen: { port: Number(process.env.PORT ?? 4100), host: '127.0.0.1' },
    context: async ({ req }) => ({ token: req.headers.authorization?.replace(/^Bearer\s+/i, '') }),
  });
  console.log(`READY ${url}`);
  const stop = async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
