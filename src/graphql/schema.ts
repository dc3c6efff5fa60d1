/**
 * Schema
 *
 * The code-first GraphQL schema, built from the resolvers by type-graphql. `schema/schema.graphql`
 * is its printed form, kept in git and checked by a test (`npm run schema` rewrites it).
 */
import 'reflect-metadata';

import { printSchema, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchemaSync } from 'type-graphql';

import { AccountResolver } from './resolvers/account.resolver';
import { LiveResolver } from './resolvers/live.resolver';
import { TimelineResolver } from './resolvers/timeline.resolver';
import { TweetResolver } from './resolvers/tweet.resolver';
import { UserResolver } from './resolvers/user.resolver';
import { WhoToFollowResolver } from './resolvers/who-to-follow.resolver';

let schema: GraphQLSchema | undefined;

export function buildGraphQLSchema(): GraphQLSchema {
  schema ??= buildSchemaSync({
    resolvers: [AccountResolver, UserResolver, TweetResolver, TimelineResolver, LiveResolver, WhoToFollowResolver],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    // Input rules live in the domain, which names the offending field in its errors.
    validate: false,
    // Every subscription brings its own event stream (`subscribe`), routed by the live feeds;
    // type-graphql still asks for a topic-based PubSub, which nothing may use.
    pubSub: {
      publish: () => {
        throw new Error('Topic subscriptions are not used: publish through the live feeds.');
      },
      subscribe: () => {
        throw new Error('Topic subscriptions are not used: subscribe through the live feeds.');
      },
    },
  });
  return schema;
}

export function printGraphQLSchema(): string {
  return `${printSchema(buildGraphQLSchema())}\n`;
}
