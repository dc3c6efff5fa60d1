/**
 * Rate limits through the API: per user for tweets, favorites and follows; per handle and per
 * address for failed log-ins; per address for sign-ups and signed-out reads. Over a limit:
 * RATE_LIMITED with `retryAfter`, and 429 with Retry-After when the request is refused whole;
 * nothing is written. In memory for one instance, in Redis for all instances together.
 */
import Redis from 'ioredis';

import { liveClient, bearer } from '../support/live-client';
import { TEST_REDIS_URL, testKeyPrefix } from '../support/test-redis';
import { operation, startTestServer, type GraphQLErrorJson, type GraphQLResponse, type TestServer } from '../support/test-server';
import { errorCodes, PASSWORD, signUp, uniqueHandle, type SignedUpUser } from '../support/users';

const SMALL_LIMITS = {
  RATE_LIMITS: 'on',
  RATE_LIMIT_TWEETS: '3/1h',
  RATE_LIMIT_FAVORITES: '2/1h',
  RATE_LIMIT_FOLLOWS: '2/1d',
  RATE_LIMIT_FAILED_LOGINS_PER_HANDLE: '3/15m',
  RATE_LIMIT_FAILED_LOGINS_PER_ADDRESS: '1000/15m',
  RATE_LIMIT_SIGNUPS_PER_ADDRESS: '1000/1h',
  RATE_LIMIT_ANONYMOUS_READS_PER_ADDRESS: '1000/1m',
};

const POST = operation<{ postTweet: { id: string } }>('mutation Post($text: String!) { postTweet(text: $text) { id } }');
const LOG_IN = 'mutation LogIn($handle: String!, $password: String!) { logIn(handle: $handle, password: $password) { token } }';
const SIGN_UP = 'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token } }';
const COUNTS = operation<{ user: { tweetCount: number; followingCount: number; favorites: { edges: { node: { id: string } }[] } } | null }>(
  'query Counts($handle: String!) { user(handle: $handle) { tweetCount followingCount favorites { edges { node { id } } } } }',
);

/** A POST to /graphql with its status, Retry-After header and body. */
async function post(server: TestServer, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...((await response.json()) as Omit<GraphQLResponse, 'status'>) };
}

function expectRateLimited(response: Awaited<ReturnType<typeof post>>, maxSeconds: number) {
  expect(errorCodes(response)).toEqual(['RATE_LIMITED']);
  const retryAfter = Number(response.errors?.[0]?.extensions?.retryAfter);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect(response.status).toBe(429);
  expect(response.retryAfter).toBe(String(retryAfter));
  return response.errors?.[0]?.message;
}

describe('per user, in memory', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer(SMALL_LIMITS)));
  afterAll(() => server.stop());

  it('refuses a fourth tweet in the hour, writes nothing, and lets another user post', async () => {
    const [author, other] = [await signUp(server), await signUp(server)];
    for (let i = 0; i < 3; i++) expect((await post(server, POST, { text: `tweet ${i}` }, { authorization: `Bearer ${author.token}` })).errors).toBeUndefined();
    const refused = await post(server, POST, { text: 'one too many' }, { authorization: `Bearer ${author.token}` });
    expect(expectRateLimited(refused, 3600)).toMatch(/^You have posted too many tweets for now\. Try again in \d+ seconds?\.$/);
    expect((await server.request(COUNTS, { handle: author.handle })).data?.user?.tweetCount).toBe(3);
    expect((await post(server, POST, { text: 'mine' }, { authorization: `Bearer ${other.token}` })).errors).toBeUndefined();
  });

  it('counts favorites and unfavorites together, and follows and unfollows together', async () => {
    const [fan, author, star, other] = [await signUp(server), await signUp(server), await signUp(server), await signUp(server)];
    const tweetId = (await server.data(POST, { text: 'like me' }, author.token)).postTweet.id;
    const favorite = (query: string) =>
      post(server, `mutation F($id: ID!) { ${query}(tweetId: $id) { id } }`, { id: tweetId }, { authorization: `Bearer ${fan.token}` });
    expect((await favorite('favorite')).errors).toBeUndefined();
    expect((await favorite('unfavorite')).errors).toBeUndefined();
    expectRateLimited(await favorite('favorite'), 3600);
    expect((await server.request(COUNTS, { handle: fan.handle })).data?.user?.favorites.edges).toEqual([]);

    const follow = (verb: string, user: SignedUpUser) =>
      post(server, `mutation F($id: ID!) { ${verb}(userId: $id) { id } }`, { id: user.id }, { authorization: `Bearer ${fan.token}` });
    expect((await follow('follow', star)).errors).toBeUndefined();
    expect((await follow('unfollow', star)).errors).toBeUndefined();
    expectRateLimited(await follow('follow', other), 86_400);
    expect((await server.request(COUNTS, { handle: fan.handle })).data?.user?.followingCount).toBe(0);
  });

  it('limits mutations sent over WebSocket the same way', async () => {
    const author = await signUp(server);
    for (let i = 0; i < 3; i++) await server.request(POST, { text: `tweet ${i}` }, author.token);
    const client = liveClient(server.url, bearer(author.token));
    try {
      const mutation = client.subscribe(POST, { text: 'over the socket' });
      await mutation.done;
      expect(mutation.results).toEqual([
        { data: null, errors: [expect.objectContaining({ path: ['postTweet'], extensions: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) } })] },
      ]);
      expect((await server.request(COUNTS, { handle: author.handle })).data?.user?.tweetCount).toBe(3);
    } finally {
      await client.dispose();
    }
  });
});

describe('log-ins and sign-ups', () => {
  let server: TestServer;
  beforeAll(
    async () => (server = await startTestServer({ ...SMALL_LIMITS, RATE_LIMIT_FAILED_LOGINS_PER_ADDRESS: '8/15m', RATE_LIMIT_SIGNUPS_PER_ADDRESS: '20/1h' })),
  );
  afterAll(() => server.stop());

  // Each test here comes from an address of its own, as a proxy we trust would say.
  let address = 0;
  const from = () => ({ 'x-forwarded-for': `203.0.113.${++address}` });

  it('locks a handle after 3 failed log-ins, even for the right password; a success before that resets the count', async () => {
    const user = await signUp(server);
    const logIn = (password: string) => post(server, LOG_IN, { handle: user.handle, password });
    for (let i = 0; i < 2; i++) expect(errorCodes(await logIn('wrong password'))).toEqual(['UNAUTHENTICATED']);
    expect((await logIn(PASSWORD)).errors).toBeUndefined();
    for (let i = 0; i < 3; i++) expect(errorCodes(await logIn('wrong password'))).toEqual(['UNAUTHENTICATED']);
    expect(expectRateLimited(await logIn(PASSWORD), 900)).toMatch(/^Too many failed log-ins\. Try again in \d+ seconds?\.$/);
  });

  it("doubles what is left of a handle's lock at every attempt while it is locked", async () => {
    const user = await signUp(server);
    const logIn = () => post(server, LOG_IN, { handle: user.handle, password: 'wrong password' });
    for (let i = 0; i < 3; i++) expect(errorCodes(await logIn())).toEqual(['UNAUTHENTICATED']);
    const wait = async () => {
      const refused = await logIn();
      expectRateLimited(refused, 24 * 3600);
      return Number(refused.errors?.[0]?.extensions?.retryAfter);
    };
    const [first, second, third] = [await wait(), await wait(), await wait()];
    expect(first).toBeLessThanOrEqual(900);
    // Each doubles the one before, less the moment between them.
    expect(second).toBeGreaterThan(first * 2 - 5);
    expect(third).toBeGreaterThan(second * 2 - 5);
  });

  it('locks an address that fails on many handles', async () => {
    const server2 = await startTestServer({ ...SMALL_LIMITS, RATE_LIMIT_FAILED_LOGINS_PER_ADDRESS: '4/15m' });
    try {
      for (let i = 0; i < 4; i++) expect(errorCodes(await post(server2, LOG_IN, { handle: uniqueHandle(), password: 'guess' }))).toEqual(['UNAUTHENTICATED']);
      const user = await signUp(server2);
      expectRateLimited(await post(server2, LOG_IN, { handle: user.handle, password: PASSWORD }), 900);
    } finally {
      await server2.stop();
    }
  });

  it('counts sign-ups per address, the address read from X-Forwarded-For only with TRUST_PROXY', async () => {
    const limits = { ...SMALL_LIMITS, RATE_LIMIT_SIGNUPS_PER_ADDRESS: '2/1h' };
    const [trusting, direct] = [await startTestServer({ ...limits, TRUST_PROXY: 'true' }), await startTestServer(limits)];
    try {
      const signUpFrom = (target: TestServer, headers: Record<string, string>) =>
        post(target, SIGN_UP, { input: { handle: uniqueHandle(), password: PASSWORD } }, headers);
      const first = from();
      for (let i = 0; i < 2; i++) expect((await signUpFrom(trusting, first)).errors).toBeUndefined();
      expect(expectRateLimited(await signUpFrom(trusting, first), 3600)).toMatch(/^Too many accounts were created from your address\./);
      expect((await signUpFrom(trusting, from())).errors).toBeUndefined();

      // Without TRUST_PROXY the header is the client's to forge: ignored, the socket's address counts.
      expect((await signUpFrom(direct, from())).errors).toBeUndefined();
      expect((await signUpFrom(direct, from())).errors).toBeUndefined();
      expectRateLimited(await signUpFrom(direct, from()), 3600);
    } finally {
      await Promise.all([trusting.stop(), direct.stop()]);
    }
  });
});

describe('signed-out reads', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ ...SMALL_LIMITS, RATE_LIMIT_ANONYMOUS_READS_PER_ADDRESS: '3/1m' })));
  afterAll(() => server.stop());

  it('refuses the whole request with 429 past the limit, and does not count signed-in reads', async () => {
    const user = await signUp(server);
    for (let i = 0; i < 5; i++) expect((await post(server, '{ me { id } }', {}, { authorization: `Bearer ${user.token}` })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await post(server, '{ user(handle: "nobody_at_all") { id } }')).status).toBe(200);
    const refused = await post(server, '{ user(handle: "nobody_at_all") { id } }');
    expect(refused.data).toBeUndefined();
    expect(expectRateLimited(refused, 60)).toMatch(/^Too many requests from your address; log in for more\./);
  });
});

describe('signed-out reads over WebSocket', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ ...SMALL_LIMITS, RATE_LIMIT_ANONYMOUS_READS_PER_ADDRESS: '2/1m' })));
  afterAll(() => server.stop());

  it('are counted per address like HTTP ones', async () => {
    const client = liveClient(server.url);
    try {
      const query = async () => {
        const operation = client.subscribe('{ user(handle: "nobody_at_all") { id } }');
        return operation.done.then(
          () => operation.results,
          (errors: unknown) => (errors as GraphQLErrorJson[]).map((error) => error.extensions),
        );
      };
      expect(await query()).toEqual([{ data: { user: null } }]);
      expect(await query()).toEqual([{ data: { user: null } }]);
      expect(await query()).toEqual([{ code: 'RATE_LIMITED', retryAfter: expect.any(Number) }]);
    } finally {
      await client.dispose();
    }
  });
});

describe('off', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer({ ...SMALL_LIMITS, RATE_LIMITS: 'off', RATE_LIMIT_TWEETS: '1/1h' })));
  afterAll(() => server.stop());

  it('counts nothing with RATE_LIMITS=off', async () => {
    const author = await signUp(server);
    for (let i = 0; i < 3; i++) expect((await server.request(POST, { text: `tweet ${i}` }, author.token)).errors).toBeUndefined();
  });
});

describe('in Redis', () => {
  const prefix = testKeyPrefix();
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    const environment = { ...SMALL_LIMITS, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    [one, two] = [await startTestServer(environment), await startTestServer(environment)];
  });
  afterAll(async () => {
    await one.stop();
    await two.stop();
  });

  it('counts across instances, under the configured key prefix', async () => {
    const author = await signUp(one);
    await one.request(POST, { text: 'first' }, author.token);
    await two.request(POST, { text: 'second' }, author.token);
    await one.request(POST, { text: 'third' }, author.token);
    expectRateLimited(await post(two, POST, { text: 'fourth' }, { authorization: `Bearer ${author.token}` }), 3600);

    const redis = new Redis(TEST_REDIS_URL);
    try {
      expect(await redis.keys(`${prefix}*rate:tweets:${author.id}`)).toHaveLength(1);
    } finally {
      redis.disconnect();
    }
  });
});
