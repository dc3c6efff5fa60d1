/**
 * Rate limits through the API: per user for tweets, favorites, follows, account changes, wrong
 * current passwords and signed-in reads; per (handle, address), per address and per handle for
 * failed log-ins; per address for sign-ups and signed-out reads. Over a limit: RATE_LIMITED with
 * `retryAfter`, and 429 with Retry-After when the request is refused whole; nothing is written.
 * In memory for one instance, in Redis for all instances together. A second client address is a
 * second loopback address (127.0.0.2), a real one, not a header.
 */
import http from 'node:http';
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
  RATE_LIMIT_FAILED_LOGINS_PER_HANDLE_AND_ADDRESS: '3/15m',
  RATE_LIMIT_FAILED_LOGINS_PER_HANDLE: '6/15m',
  RATE_LIMIT_FAILED_PASSWORD_CHECKS: '3/15m',
  RATE_LIMIT_FAILED_LOGINS_PER_ADDRESS: '1000/15m',
  RATE_LIMIT_SIGNUPS_PER_ADDRESS: '1000/1h',
  RATE_LIMIT_ANONYMOUS_READS_PER_ADDRESS: '1000/1m',
};

const POST = operation<{ postTweet: { id: string } }>('mutation Post($text: String!) { postTweet(text: $text) { id } }');
const LOG_IN = 'mutation LogIn($handle: String!, $password: String!) { logIn(handle: $handle, password: $password) { token } }';
const CHANGE_PASSWORD =
  'mutation Change($currentPassword: String!, $newPassword: String!) { changePassword(currentPassword: $currentPassword, newPassword: $newPassword) { token } }';
const SIGN_UP = 'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token } }';
const COUNTS = operation<{ user: { tweetCount: number; followingCount: number; favorites: { edges: { node: { id: string } }[] } } | null }>(
  'query Counts($handle: String!) { user(handle: $handle) { tweetCount followingCount favorites { edges { node { id } } } } }',
);

/** A POST to /graphql from the local address `from` (a loopback address: 127.0.0.2 is another client than 127.0.0.1). */
function postFrom(from: string, server: TestServer, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ query, variables });
  return new Promise<GraphQLResponse>((resolve, reject) => {
    const request = http.request(
      server.url,
      { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ ...(JSON.parse(Buffer.concat(chunks).toString()) as Omit<GraphQLResponse, 'status'>), status: response.statusCode ?? 0 }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

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
  beforeAll(async () => (server = await startTestServer({ ...SMALL_LIMITS, RATE_LIMIT_SIGNUPS_PER_ADDRESS: '20/1h' })));
  afterAll(() => server.stop());

  // Each test here comes from an address of its own, as a proxy we trust would say.
  let address = 0;
  const from = () => ({ 'x-forwarded-for': `203.0.113.${++address}` });

  it('refuses a (handle, address) after 3 failed log-ins, even the right password; a right password gives its place back', async () => {
    const user = await signUp(server);
    const logIn = (password: string) => post(server, LOG_IN, { handle: user.handle, password });
    for (let i = 0; i < 2; i++) expect(errorCodes(await logIn('wrong password'))).toEqual(['UNAUTHENTICATED']);
    expect((await logIn(PASSWORD)).errors).toBeUndefined();
    expect(errorCodes(await logIn('wrong password'))).toEqual(['UNAUTHENTICATED']);
    expect(expectRateLimited(await logIn(PASSWORD), 900)).toMatch(/^Too many failed log-ins\. Try again in \d+ seconds?\.$/);
  });

  it('gives 60 concurrent wrong passwords exactly as many tries as sequential ones, over HTTP and over one WebSocket', async () => {
    const [overHttp, overSocket] = [await signUp(server), await signUp(server)];
    const answers = await Promise.all(Array.from({ length: 60 }, () => post(server, LOG_IN, { handle: overHttp.handle, password: 'guess' })));
    const codes = answers.flatMap(errorCodes);
    expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(3);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(57);

    const client = liveClient(server.url);
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => {
          const operation = client.subscribe(LOG_IN, { handle: overSocket.handle, password: 'guess' });
          return operation.done.then(
            () => operation.results.flatMap((result) => (result.errors ?? []).map((error) => (error.extensions as { code?: string } | undefined)?.code)),
            (errors: unknown) => (errors as GraphQLErrorJson[]).map((error) => error.extensions?.code),
          );
        }),
      );
      expect(outcomes.flat().filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(3);
    } finally {
      await client.dispose();
    }
  });

  it("never locks the owner out with someone else's failures: another address logs in", async () => {
    const owner = await signUp(server);
    for (let i = 0; i < 3; i++)
      expect(errorCodes(await postFrom('127.0.0.1', server, LOG_IN, { handle: owner.handle, password: 'guess' }))).toEqual(['UNAUTHENTICATED']);
    expectRateLimited(await post(server, LOG_IN, { handle: owner.handle, password: PASSWORD }), 900);
    const fromElsewhere = await postFrom('127.0.0.2', server, LOG_IN, { handle: owner.handle, password: PASSWORD });
    expect(fromElsewhere.errors).toBeUndefined();
  });

  it('slows a handle guessed from many addresses for minutes, but not from an address its owner logged in from', async () => {
    const trusting = await startTestServer({ ...SMALL_LIMITS, TRUST_PROXY: 'loopback' });
    try {
      const owner = await signUp(trusting);
      const usual = from();
      expect((await post(trusting, LOG_IN, { handle: owner.handle, password: PASSWORD }, usual)).errors).toBeUndefined();
      for (let i = 0; i < 6; i++)
        expect(errorCodes(await post(trusting, LOG_IN, { handle: owner.handle, password: 'guess' }, from()))).toEqual(['UNAUTHENTICATED']);
      expectRateLimited(await post(trusting, LOG_IN, { handle: owner.handle, password: PASSWORD }, from()), 900);
      expect((await post(trusting, LOG_IN, { handle: owner.handle, password: PASSWORD }, usual)).errors).toBeUndefined();
    } finally {
      await trusting.stop();
    }
  });

  it('counts wrong current passwords in changePassword like failed log-ins', async () => {
    const user = await signUp(server);
    const change = (currentPassword: string) =>
      post(server, CHANGE_PASSWORD, { currentPassword, newPassword: 'another good passphrase' }, { authorization: `Bearer ${user.token}` });
    for (let i = 0; i < 3; i++) expect(errorCodes(await change('wrong password'))).toEqual(['BAD_USER_INPUT']);
    expect(expectRateLimited(await change(PASSWORD), 900)).toMatch(/^Too many wrong passwords\./);
    // The password is unchanged, and the token still good.
    expect((await post(server, LOG_IN, { handle: user.handle, password: PASSWORD }, from())).errors).toBeUndefined();
    expect((await post(server, '{ me { id } }', {}, { authorization: `Bearer ${user.token}` })).data).toEqual({ me: { id: user.id } });
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
    const [trusting, direct] = [await startTestServer({ ...limits, TRUST_PROXY: 'loopback' }), await startTestServer(limits)];
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
    const fourth = await post(two, POST, { text: 'fourth' }, { authorization: `Bearer ${author.token}` });
    expectRateLimited(fourth, 3600);

    const redis = new Redis(TEST_REDIS_URL);
    try {
      expect(await redis.keys(`${prefix}*rate:tweets:${author.id}`)).toHaveLength(1);
    } finally {
      redis.disconnect();
    }
  });
});
