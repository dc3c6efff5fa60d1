/**
 * HTTP surface: health, GET queries, and what errors reveal.
 */
import { freePort } from '../src/store/local-neo4j/local-neo4j';
import { TEST_REDIS_URL } from './support/test-redis';
import { operation, startTestServer, type TestServer } from './support/test-server';
import { follow, postTweet, signUpMany } from './support/users';

const HOME = operation<{ homeTimeline: { edges: { node: { id: string; author: { id: string } } }[] } }>(
  '{ homeTimeline { edges { node { id author { id } } } } }',
);

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

it('answers GET /health with 200 and the state of Neo4j', async () => {
  const response = await fetch(`${server.baseUrl}/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    status: 'ok',
    services: { neo4j: { status: 'up', latencyMs: expect.any(Number) }, timelines: { store: 'memory', status: 'up' } },
  });
});

it('serves queries over GET', async () => {
  const query = encodeURIComponent('{ user(handle: "nobody_at_all") { id } }');
  const response = await fetch(`${server.url}?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ data: { user: null } });
});

it('refuses mutations over GET', async () => {
  const query = encodeURIComponent('mutation { postTweet(text: "x") { id } }');
  const response = await fetch(`${server.url}?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
  expect(response.status).toBe(405);
});

it('reports a query that does not match the schema without a stack trace', async () => {
  const response = await server.request('{ user(handle: "x") { password } }');
  expect(response.status).toBe(400);
  expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(response.errors?.[0]?.extensions?.stacktrace).toBeUndefined();
});

describe('with timelines in Redis', () => {
  let withRedis: TestServer;
  beforeAll(async () => (withRedis = await startTestServer({ REDIS_URL: TEST_REDIS_URL })));
  afterAll(() => withRedis.stop());

  it('reports Redis in /health', async () => {
    const response = await fetch(`${withRedis.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { services: { timelines: unknown } }).services.timelines).toEqual({
      store: 'redis',
      status: 'up',
      latencyMs: expect.any(Number),
      epoch: expect.any(Number),
      warming: false,
    });
  });
});

describe('when Redis is unreachable', () => {
  let broken: TestServer;
  beforeAll(async () => (broken = await startTestServer({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` })));
  afterAll(() => broken.stop());

  it('answers /health with 200, degraded, naming Redis as down (Neo4j answers for it)', async () => {
    const response = await fetch(`${broken.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'degraded',
      services: { neo4j: { status: 'up', latencyMs: expect.any(Number) }, timelines: { store: 'redis', status: 'down' } },
    });
  });

  it("serves writes and reads from Neo4j meanwhile: a post is in its followers' home timelines at once", async () => {
    const [reader, author] = await signUpMany(broken, 2, 'nored');
    await follow(broken, reader, author);
    const tweetId = await postTweet(broken, author, 'while Redis is away');
    const home = await broken.request(HOME, {}, reader.token);
    expect(home.errors).toBeUndefined();
    expect(home.data?.homeTimeline.edges).toEqual([{ node: { id: tweetId, author: { id: author.id } } }]);
  });
});

describe('when Neo4j is unreachable', () => {
  let broken: TestServer;
  beforeAll(
    async () =>
      (broken = await startTestServer({ NEO4J_URI: `bolt://127.0.0.1:${await freePort()}`, NEO4J_CONNECTION_TIMEOUT_MS: '1000', NEO4J_RETRY_MS: '1000' })),
  );
  afterAll(() => broken.stop());

  it('answers /health with 503', async () => {
    const response = await fetch(`${broken.baseUrl}/health`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', services: { neo4j: { status: 'down' }, timelines: { store: 'memory', status: 'up' } } });
  });

  it('fails reads and writes fast with SERVICE_UNAVAILABLE, with no stack or driver message', async () => {
    const started = Date.now();
    const read = await broken.request('{ user(handle: "someone") { id } }');
    expect(read.errors).toEqual([
      {
        message: 'The database cannot be reached right now; try again shortly.',
        locations: [{ line: 1, column: 3 }],
        path: ['user'],
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      },
    ]);
    const write = await broken.request('mutation { signUp(input: { handle: "nobody", password: "long enough" }) { token } }');
    expect(write.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    // Bounded by the configured timeouts (1 s each here), not hanging: a generous bound for a busy machine.
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
