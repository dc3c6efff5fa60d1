/**
 * Abusive operations are refused before they run, with QUERY_TOO_COMPLEX and HTTP 400, over HTTP
 * and over WebSocket alike; everything the README sends passes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { loadConfig } from '../../../src/config';
import { OperationLimits } from '../../../src/graphql/limits/operation-limits';
import { buildGraphQLSchema } from '../../../src/graphql/schema';
import { liveClient, type LiveClient } from '../../support/live-client';
import { startTestServer, type GraphQLErrorJson, type GraphQLResponse, type TestServer } from '../../support/test-server';
import { signUp } from '../../support/users';
import { required } from '../../support/required';

let server: TestServer;
beforeAll(
  async () =>
    (server = await startTestServer({
      QUERY_MAX_DEPTH: '8',
      QUERY_MAX_ALIASES: '5',
      QUERY_MAX_DIRECTIVES: '3',
      QUERY_MAX_TOKENS: '200',
      QUERY_MAX_COST: '3000',
    })),
);
afterAll(() => server.stop());

const clients: LiveClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});

/** `followers { edges { node { … } } }` nested `levels` times around `inner`. */
function nestedFollowers(levels: number, inner = 'handle'): string {
  let selection = inner;
  for (let level = 0; level < levels; level++) selection = `followers(first: 1) { edges { node { ${selection} } } }`;
  return selection;
}

const TOO_DEEP = `{ user(handle: "x") { ${nestedFollowers(3)} } }`; // 1 + 3 × 3 + 1 = 11 levels
const TOO_MANY_ALIASES = `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
const TOO_MANY_DIRECTIVES = '{ me { id @include(if: true) handle @include(if: true) bio @skip(if: false) displayName @skip(if: false) } }';
const TOO_MANY_TOKENS = `{ me { ${Array.from({ length: 200 }, () => 'id').join(' ')} } }`;
const TOO_COSTLY = '{ user(handle: "x") { followers(first: 100) { edges { node { followers(first: 100) { edges { node { handle } } } } } } } }';

function expectRefused(response: GraphQLResponse, limit: string, maximum: number): string | undefined {
  expect(response.status).toBe(400);
  expect(response.data).toBeUndefined();
  expect(response.errors).toHaveLength(1);
  expect(response.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit, maximum });
  return response.errors?.[0]?.message;
}

describe('over HTTP', () => {
  it('refuses a query nested deeper than the depth limit', async () => {
    expect(expectRefused(await server.request(TOO_DEEP), 'depth', 8)).toBe('Query depth limit of 8 exceeded, found 11.');
  });

  it('counts an operation or fragment named __schema like any other', async () => {
    expectRefused(await server.request(`query __schema { user(handle: "x") { ${nestedFollowers(3)} } }`), 'depth', 8);
    expectRefused(await server.request(`{ user(handle: "x") { ...__schema } } fragment __schema on User { ${nestedFollowers(3)} }`), 'depth', 8);
    expectRefused(await server.request(`query __schema { ${Array.from({ length: 6 }, (_, i) => `a${i}: me { id }`).join(' ')} }`), 'aliases', 5);
    expectRefused(await server.request(TOO_COSTLY.replace('{ user', 'query __schema { user')), 'cost', 3000);
  });

  it('refuses too many aliases, directives or tokens', async () => {
    expect(expectRefused(await server.request(TOO_MANY_ALIASES), 'aliases', 5)).toBe('Aliases limit of 5 exceeded, found 6.');
    expect(expectRefused(await server.request(TOO_MANY_DIRECTIVES), 'directives', 3)).toBe('Directives limit of 3 exceeded, found 4.');
    expect(expectRefused(await server.request(TOO_MANY_TOKENS), 'tokens', 200)).toBe('The query has more than 200 tokens.');
  });

  it('refuses a query whose estimated cost is over the limit, counting first from variables and defaults', async () => {
    expect(expectRefused(await server.request(TOO_COSTLY), 'cost', 3000)).toBe("The query's estimated cost is 30302; at most 3000 is allowed.");
    const paged = 'query F($n: Int) { user(handle: "x") { followers(first: $n) { edges { node { followers { edges { node { handle } } } } } } } }';
    expectRefused(await server.request(paged, { n: 60 }), 'cost', 3000); // 2 + 60 × (3 + 20 × 3) = 3782
    expect((await server.request(paged, { n: 40 })).status).toBe(200); // 2 + 40 × 63 = 2522
  });

  it('refuses over GET too', async () => {
    const response = await fetch(`${server.url}?query=${encodeURIComponent(TOO_DEEP)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expectRefused({ status: response.status, ...((await response.json()) as object) }, 'depth', 8);
  });

  it('still answers the introspection query GraphiQL sends', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: getIntrospectionQuery({
          descriptions: true,
          specifiedByUrl: true,
          directiveIsRepeatable: true,
          schemaDescription: true,
          inputValueDeprecation: true,
        }),
      }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as GraphQLResponse<{ __schema: { queryType: { name: string } } }>).data?.__schema.queryType.name).toBe('Query');
  });
});

describe('over WebSocket', () => {
  async function subscriptionErrors(query: string, variables?: Record<string, unknown>): Promise<GraphQLErrorJson[]> {
    const client = liveClient(server.url);
    clients.push(client);
    const subscription = client.subscribe(query, variables);
    return subscription.done.then(
      () => {
        throw new Error('The operation was not refused.');
      },
      (errors: unknown) => errors as GraphQLErrorJson[],
    );
  }

  it('refuses the same operations with the same errors', async () => {
    const refused = async (query: string) => (await subscriptionErrors(query)).map((error) => ({ message: error.message, extensions: error.extensions }));
    expect(await refused(TOO_DEEP)).toEqual([
      { message: 'Query depth limit of 8 exceeded, found 11.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth', maximum: 8 } },
    ]);
    expect(await refused(`subscription __schema { tweetPosted(authorId: "x") { author { ${nestedFollowers(3)} } } }`)).toEqual([
      { message: 'Query depth limit of 8 exceeded, found 12.', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth', maximum: 8 } },
    ]);
    expect((await refused(TOO_MANY_ALIASES))[0]?.extensions?.limit).toBe('aliases');
    expect((await refused(TOO_MANY_DIRECTIVES))[0]?.extensions?.limit).toBe('directives');
    expect((await refused(TOO_MANY_TOKENS))[0]?.extensions?.limit).toBe('tokens');
    const costly =
      'subscription { tweetPosted(authorId: "x") { favoritedBy(first: 100) { edges { node { followers(first: 100) { edges { node { handle } } } } } } } }';
    expect(await refused(costly)).toEqual([
      { message: "The query's estimated cost is 30302; at most 3000 is allowed.", extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'cost', maximum: 3000 } },
    ]);
  });

  it('reports a syntax error as a GraphQL error instead of closing the socket', async () => {
    const errors = await subscriptionErrors('subscription { tweetPosted(authorId: "x") { id }');
    expect(errors).toEqual([
      { message: 'Syntax Error: Expected Name, found <EOF>.', locations: [{ line: 1, column: 49 }], extensions: { code: 'GRAPHQL_PARSE_FAILED' } },
    ]);
  });

  it('runs operations within the limits', async () => {
    const user = await signUp(server);
    const client = liveClient(server.url, { authorization: `Bearer ${user.token}` });
    clients.push(client);
    const query = client.subscribe('{ me { handle } }');
    await query.done;
    expect(query.results).toEqual([{ data: { me: { handle: user.handle } } }]);
  });
});

describe('with the default limits', () => {
  const limits = new OperationLimits(buildGraphQLSchema(), loadConfig({}).queryLimits, { introspection: true });
  const readme = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');

  it('passes every operation in the README', () => {
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => required(match[1], 'a graphql block'));
    const operations = blocks.flatMap((block) => block.split('\n').filter((line) => /^(query|mutation|subscription)\b/.test(line) || line.startsWith('{')));
    // The multi-line Profile query is one operation spread over lines: take it whole.
    const profile = required(/query Profile \{[\s\S]*?\n\}/.exec(readme), 'the Profile query of the README')[0];
    expect(operations.length).toBeGreaterThan(5);
    for (const operation of [...operations.filter((line) => !line.startsWith('query Profile')), profile]) {
      const prepared = limits.prepare({ query: operation.replace(/#.*$/gm, '') });
      expect({ operation, errors: 'errors' in prepared ? prepared.errors.map((error) => error.message) : [] }).toEqual({ operation, errors: [] });
    }
  });

  it('refuses followers(first: 100) nested two or three deep (the issue’s million users)', () => {
    const limitsBroken = (levels: number) => {
      const prepared = limits.prepare({ query: `{ user(handle: "x") { ${nestedFollowers(levels).replaceAll('first: 1', 'first: 100')} } }` });
      return 'errors' in prepared ? prepared.errors.map((error) => error.extensions.limit) : [];
    };
    expect(limitsBroken(3)).toEqual(['depth']);
    expect(limitsBroken(2)).toEqual(['cost']);
  });

  it('remembers what passed without letting a costlier request of the same query through', () => {
    const query =
      'query F($h: String!, $n: Int) { user(handle: $h) { followers(first: $n) { edges { node { followers(first: $n) { edges { node { handle } } } } } } } }';
    const [document, other] = [limits.parse(query), limits.parse(query)];
    const cost = (d: typeof document, variables: Record<string, unknown>) => {
      try {
        limits.checkCost(d, 'F', variables);
        return 'passed';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(cost(document, { h: 'a', n: 2 })).toBe('passed');
    // Only the strings differ: the same estimate. A larger first: a new estimate, over the limit.
    expect(cost(document, { h: 'b', n: 2 })).toBe('passed');
    expect(cost(document, { h: 'a', n: 100 })).toMatch(/estimated cost is \d+; at most 5000/);
    expect(cost(other, { h: 'a', n: 100 })).toMatch(/estimated cost is \d+; at most 5000/);
    expect(cost(document, { h: 'a', n: 2 })).toBe('passed');

    // A query that passed the token limit passes again; one over it is refused every time.
    limits.checkTokens(query);
    limits.checkTokens(query);
    const tooLong = `{ me { ${Array.from({ length: 1000 }, () => 'id').join(' ')} } }`;
    expect(() => limits.checkTokens(tooLong)).toThrow(/more than 1000 tokens/);
    expect(() => limits.checkTokens(tooLong)).toThrow(/more than 1000 tokens/);
  });
});
