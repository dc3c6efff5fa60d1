/**
 * changePassword and logOutEverywhere end sessions: tokens issued before them are refused with
 * UNAUTHENTICATED over HTTP and closed with 4403 over WebSocket.
 */
import { liveClient, bearer } from '../support/live-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { errorCodes, PASSWORD, signUp } from '../support/users';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

const ME = '{ me { id } }';
const LOG_IN = 'mutation LogIn($handle: String!, $password: String!) { logIn(handle: $handle, password: $password) { token } }';
const CHANGE = 'mutation Change($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) { token user { id } } }';
const NEW_PASSWORD = 'a brand new passphrase';

async function logIn(handle: string, password: string): Promise<string | undefined> {
  return (await server.request(LOG_IN, { handle, password })).data?.logIn.token;
}

it('changePassword ends the other sessions, keeps the answer’s token working, and changes which password logs in', async () => {
  const user = await signUp(server);
  const otherDevice = (await logIn(user.handle, PASSWORD))!;
  const changed = await server.request(CHANGE, { current: PASSWORD, next: NEW_PASSWORD }, user.token);
  expect(changed.errors).toBeUndefined();
  const fresh = changed.data.changePassword.token as string;

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
  const otherDevice = (await logIn(user.handle, PASSWORD))!;
  expect((await server.request('mutation { logOutEverywhere }', {}, user.token)).data).toEqual({ logOutEverywhere: true });
  for (const old of [user.token, otherDevice]) expect(errorCodes(await server.request(ME, {}, old))).toEqual(['UNAUTHENTICATED']);
  const again = (await logIn(user.handle, PASSWORD))!;
  expect((await server.request(ME, {}, again)).data).toEqual({ me: { id: user.id } });
});

it('refuses a WebSocket connection with a token from before logOutEverywhere', async () => {
  const user = await signUp(server);
  await server.request('mutation { logOutEverywhere }', {}, user.token);
  const client = liveClient(server.url, bearer(user.token));
  try {
    client.subscribe('subscription { homeTimeline { id } }');
    expect(await client.closed).toBe(4403);
  } finally {
    await client.dispose();
  }
});

it('needs a signed-in viewer', async () => {
  expect(errorCodes(await server.request('mutation { logOutEverywhere }'))).toEqual(['UNAUTHENTICATED']);
  expect(errorCodes(await server.request(CHANGE, { current: PASSWORD, next: NEW_PASSWORD }))).toEqual(['UNAUTHENTICATED']);
});
