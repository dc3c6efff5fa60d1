import { readFileSync } from 'node:fs';
import path from 'node:path';

import { printGraphQLSchema } from '../../src/graphql/schema';
import { PROJECT_ROOT } from '../../src/project-root';

it('matches the committed schema/schema.graphql (run `npm run schema` after changing the API)', () => {
  const committed = readFileSync(path.join(PROJECT_ROOT, 'schema', 'schema.graphql'), 'utf8');
  expect(printGraphQLSchema()).toBe(committed);
});

it('has the contract types and fields', () => {
  const schema = printGraphQLSchema();
  for (const line of [
    'scalar DateTime',
    'homeTimeline(\n',
    'signUp(input: SignUpInput!): AuthPayload!',
    'logIn(handle: String!, password: String!): AuthPayload!',
    // With its optional clientMutationId (described, so printed over several lines).
    'postTweet(\n',
    '    clientMutationId: String\n    text: String!\n  ): Tweet!',
    'deleteTweet(id: ID!): Boolean!',
    'follow(userId: ID!): User!',
    'unfavorite(tweetId: ID!): Tweet!',
    'first: Int = 20',
  ]) {
    expect(schema).toContain(line);
  }
});
