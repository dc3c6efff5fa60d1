/**
 * changePassword and logOutEverywhere end sessions: tokens issued before them are refused with
 * UNAUTHENTICATED over HTTP and closed with 4403 over WebSocket, and the sockets already open with
 * them are closed with 4403 too, on every instance.
 */
import { issueToken } from '../../src/domain/accounts/tokens';
import { liveClient, bearer, untilLive, type LiveClient, type LiveSubscription } from '../support/live-client';
import { TEST_REDIS_URL, testKeyPrefix } from '../support/test-redis';
import { operation, startTestServer, type TestServer } from '../support/test-server';
import { errorCodes, PASSWORD, postTweet, signUp, type SignedUpUser } from '../support/users';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

const ME = operation<{ me: { id: string } | null }>('{ me { id } }');
const LOG_IN = operation<{ logIn: { token: string } }>(
  'mutation LogIn($handle: String!, $password: String!) { logIn(handle: $handle, password: $password) { token } }',
);
const CHANGE = operation<{ changePassword: { token: string; user: { id: string } } }>(
  'mutation Change($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) { token user { id } } }',
);
const LOG_OUT_EVERYWHERE = operation<{ logOutEverywhere: boolean }>('mutation { logOutEverywhere }');
const NEW_PASSWORD = 'a brand new passphrase';

async function logIn(handle: string, password: string): Promise<string | undefined> {
  return (await server.request(LOG_IN, { handle, password })).data?.logIn.token;
}

it('changePassword ends the other sessions, keeps the answer’s token working, and changes which password logs in', async () => {
  const user = await signUp(server);
  const otherDevice = await logIn(user.handle, PASSWORD);
  const changed = await server.request(CHANGE, { current: PASSWORD, next: NEW_PASSWORD }, user.token);
  expect(changed.errors).toBeUndefined();
  const fresh = changed.data?.changePassword.token;

  for (const old of [user.token, otherDevice]) {
    const refused = await server.request(ME, {}, old);
    expect(refused.status).toBe(401);
    expect(refused.errors).toEqual([{ message: 'Your session has ended; log in again.', extensions: { code: 'UNAUTHENTICATED' } }]);
  }
  expect((await server.request(ME, {}, fresh)).data).toEqual({ me: { id: user.id } });
  expect(await logIn(user.handle, PASSWORD)).toBeUndefined();
  expect(await logIn(user.handle, NEW_PASSWORD)).toEqual(expect.any(String));
});

it('refuses a wrong current password or a short new one, and changes nothing', async () => {
  const user = await signUp(server);
  const wrong = await server.request(CHANGE, { current: 'not my password', next: NEW_PASSWORD }, user.token);
  expect((wrong.errors ?? []).map((error) => [error.extensions?.code, error.extensions?.field, error.message])).toEqual([
    ['BAD_USER_INPUT', 'currentPassword', 'The current password is incorrect.'],
  ]);
  const short = await server.request(CHANGE, { current: PASSWORD, next: 'short' }, user.token);
  expect((short.errors ?? []).map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([['BAD_USER_INPUT', 'newPassword']]);
  expect((await server.request(ME, {}, user.token)).data).toEqual({ me: { id: user.id } });
  expect(await logIn(user.handle, PASSWORD)).toEqual(expect.any(String));
});

it('logOutEverywhere refuses every token issued before it, this one included; a new log-in works', async () => {
  const user = await signUp(server);
  const otherDevice = await logIn(user.handle, PASSWORD);
  expect((await server.request(LOG_OUT_EVERYWHERE, {}, user.token)).data).toEqual({ logOutEverywhere: true });
  for (const old of [user.token, otherDevice]) expect(errorCodes(await server.request(ME, {}, old))).toEqual(['UNAUTHENTICATED']);
  const again = await logIn(user.handle, PASSWORD);
  expect((await server.request(ME, {}, again)).data).toEqual({ me: { id: user.id } });
});

it('refuses a WebSocket connection with a token from before logOutEverywhere', async () => {
  const user = await signUp(server);
  await server.request(LOG_OUT_EVERYWHERE, {}, user.token);
  const client = liveClient(server.url, bearer(user.token));
  try {
    client.subscribe('subscription { homeTimeline { id } }');
    expect(await client.closed).toBe(4403);
  } finally {
    await client.dispose();
  }
});

it('refuses a token naming a session version the account never had', async () => {
  const user = await signUp(server);
  const future = issueToken(user.id, { secret: server.config.jwtSecret, ttlSeconds: 3600 }, 1_000_000);
  const refused = await server.request(ME, {}, future);
  expect(refused.status).toBe(401);
  expect(refused.errors).toEqual([{ message: 'The Authorization token is not valid; log in again.', extensions: { code: 'UNAUTHENTICATED' } }]);
  expect((await server.request(ME, {}, user.token)).data).toEqual({ me: { id: user.id } });
});

it("accepts changePassword's new token on an instance whose cache is a moment behind", async () => {
  // Two instances with caches of their own: the second still holds the account as it was.
  const secret = { JWT_SECRET: 'a-secret-both-instances-share-0123456789' };
  const [one, two] = [await startTestServer(secret), await startTestServer(secret)];
  try {
    const user = await signUp(one);
    expect((await two.request(ME, {}, user.token)).data).toEqual({ me: { id: user.id } });
    const fresh = (await one.data(CHANGE, { current: PASSWORD, next: NEW_PASSWORD }, user.token)).changePassword.token;
    expect((await two.request(ME, {}, fresh)).data).toEqual({ me: { id: user.id } });
    expect(errorCodes(await two.request(ME, {}, user.token))).toEqual(['UNAUTHENTICATED']);
  } finally {
    await Promise.all([one.stop(), two.stop()]);
  }
});

it('needs a signed-in viewer', async () => {
  expect(errorCodes(await server.request(LOG_OUT_EVERYWHERE))).toEqual(['UNAUTHENTICATED']);
  expect(errorCodes(await server.request(CHANGE, { current: PASSWORD, next: NEW_PASSWORD }))).toEqual(['UNAUTHENTICATED']);
});

describe.each([
  ['one instance, in-process event bus', false],
  ['two instances sharing Redis', true],
] as const)('open subscription sockets of a user whose sessions end (%s)', (_name, twoInstances) => {
  const HOME = operation<{ homeTimeline: { id: string } }>('subscription { homeTimeline { id } }');
  // The mutation goes through `writer`, the sockets are open on `reader`: the same server unless two instances.
  let writer: TestServer;
  let reader: TestServer;
  const clients: LiveClient[] = [];
  beforeAll(async () => {
    if (!twoInstances) {
      writer = reader = server;
      return;
    }
    const shared = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: testKeyPrefix() };
    [writer, reader] = await Promise.all([startTestServer(shared), startTestServer(shared)]);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  });
  afterAll(async () => {
    if (twoInstances) await Promise.all([writer.stop(), reader.stop()]);
  });

  /** A socket of the user's on `reader`, with its home timeline live (the user's own tweets arrive). */
  async function liveSocket(user: SignedUpUser): Promise<{ client: LiveClient; home: LiveSubscription<{ homeTimeline: { id: string } }> }> {
    const client = liveClient(reader.url, bearer(user.token));
    clients.push(client);
    const home = client.subscribe(HOME);
    await untilLive(home, () => postTweet(writer, user, 'probe'));
    return { client, home };
  }

  it.each([
    ['changePassword', CHANGE, { current: PASSWORD, next: NEW_PASSWORD }],
    ['logOutEverywhere', LOG_OUT_EVERYWHERE, {}],
  ] as const)("%s closes that user's open sockets with 4403, and not another user's", async (_mutation, query, variables) => {
    const [user, other] = [await signUp(writer), await signUp(writer)];
    const [mine, theirs] = [await liveSocket(user), await liveSocket(other)];
    let otherClosed: number | undefined;
    void theirs.client.closed.then((code) => (otherClosed = code));

    expect((await writer.request(query, variables, user.token)).errors).toBeUndefined();
    expect(await mine.client.closed).toBe(4403);
    await expect(mine.home.done).rejects.toMatchObject({ code: 4403 });
    // The other user's socket still delivers: its own tweet, posted after the close, arrives.
    await untilLive(theirs.home, () => postTweet(writer, other, 'still here'));
    expect(otherClosed).toBeUndefined();
  });
});
