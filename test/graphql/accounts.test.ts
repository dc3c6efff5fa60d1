import { operation, startTestServer, type TestServer } from '../support/test-server';
import { errorCodes, PASSWORD, signUp, uniqueHandle } from '../support/users';

interface NewUser {
  id: string;
  handle: string;
  displayName: string;
  bio: string;
  followerCount: number;
  followingCount: number;
  tweetCount: number;
}

const SIGN_UP = operation<{ signUp: { token: string; user: NewUser } }>(
  'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id handle displayName bio followerCount followingCount tweetCount } } }',
);
const LOG_IN = operation<{ logIn: { token: string; user: { id: string; handle: string } } }>(
  'mutation LogIn($handle: String!, $password: String!) { logIn(handle: $handle, password: $password) { token user { id handle } } }',
);
const ME = operation<{ me: { id: string; handle: string } | null }>('{ me { id handle } }');
const USER_HANDLE = operation<{ user: { handle: string } | null }>('query U($handle: String!) { user(handle: $handle) { handle } }');
const USER_ID = operation<{ user: { id: string } | null }>('query U($handle: String!) { user(handle: $handle) { id } }');
const POST_TWEET = operation<{ postTweet: { id: string } }>('mutation { postTweet(text: "hi") { id } }');

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

describe('signUp', () => {
  it('creates a user with zero counts, the handle as display name, and a working token', async () => {
    const handle = uniqueHandle('new');
    const response = await server.request(SIGN_UP, { input: { handle, password: PASSWORD } });
    expect(response.errors).toBeUndefined();
    expect(response.data?.signUp.user).toEqual({
      id: expect.any(String),
      handle,
      displayName: handle,
      bio: '',
      followerCount: 0,
      followingCount: 0,
      tweetCount: 0,
    });
    const me = await server.request(ME, {}, response.data?.signUp.token);
    expect(me.data?.me).toEqual({ id: response.data?.signUp.user.id, handle });
  });

  it('keeps a given display name, trimmed', async () => {
    const response = await server.request(SIGN_UP, { input: { handle: uniqueHandle(), password: PASSWORD, displayName: '  Ada Lovelace ' } });
    expect(response.data?.signUp.user.displayName).toBe('Ada Lovelace');
  });

  it('rejects a handle taken in another case, and writes nothing', async () => {
    const handle = uniqueHandle('Dup');
    await signUp(server, handle);
    const response = await server.request(SIGN_UP, { input: { handle: handle.toUpperCase(), password: PASSWORD } });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.field).toBe('handle');
    expect(response.errors?.[0]?.message).toBe(`The handle "${handle.toUpperCase()}" is already taken.`);
    const user = await server.request(USER_HANDLE, { handle: handle.toUpperCase() });
    expect(user.data?.user?.handle).toBe(handle);
  });

  it.each([
    ['handle', { handle: '', password: PASSWORD }],
    ['handle', { handle: 'has space', password: PASSWORD }],
    ['handle', { handle: 'a'.repeat(16), password: PASSWORD }],
    ['handle', { handle: 'émile', password: PASSWORD }],
    ['password', { handle: 'VALID', password: 'short12' }],
    ['displayName', { handle: 'VALID', password: PASSWORD, displayName: 'x'.repeat(51) }],
    ['displayName', { handle: 'VALID', password: PASSWORD, displayName: '\u202e' }],
    ['displayName', { handle: 'VALID', password: PASSWORD, displayName: '\u2060\ufeff' }],
    ['displayName', { handle: 'VALID', password: PASSWORD, displayName: 'Ada\u2066' }],
  ])('rejects a bad %s and writes nothing', async (field, input) => {
    const handle = input.handle === 'VALID' ? uniqueHandle() : input.handle;
    const response = await server.request(SIGN_UP, { input: { ...input, handle } });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    if (input.handle === 'VALID') {
      const user = await server.request(USER_ID, { handle });
      expect(user.data?.user).toBeNull();
    }
  });

  it('says why a display name of a lone right-to-left override is refused', async () => {
    const response = await server.request(SIGN_UP, { input: { handle: uniqueHandle(), password: PASSWORD, displayName: '\u202e' } });
    expect(response.errors?.[0]).toMatchObject({
      message: 'displayName must have at least one visible character.',
      extensions: { code: 'BAD_USER_INPUT', field: 'displayName' },
    });
  });

  it('accepts a 15-character handle and a 50-character display name', async () => {
    const handle = `${uniqueHandle()}abc`.slice(0, 15);
    const response = await server.request(SIGN_UP, { input: { handle, password: PASSWORD, displayName: 'é'.repeat(50) } });
    expect(response.errors).toBeUndefined();
    expect(response.data?.signUp.user.handle).toHaveLength(15);
  });
});

describe('logIn', () => {
  it('returns a token for the right password, whatever the handle case', async () => {
    const user = await signUp(server);
    const response = await server.request(LOG_IN, { handle: user.handle.toUpperCase(), password: PASSWORD });
    expect(response.data?.logIn.user).toEqual({ id: user.id, handle: user.handle });
    const me = await server.request(ME, {}, response.data?.logIn.token);
    expect(me.data?.me?.id).toBe(user.id);
  });

  it('refuses a wrong password and an unknown handle alike', async () => {
    const user = await signUp(server);
    const wrong = await server.request(LOG_IN, { handle: user.handle, password: 'not the password' });
    const unknown = await server.request(LOG_IN, { handle: uniqueHandle(), password: PASSWORD });
    for (const response of [wrong, unknown]) {
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.errors?.[0]?.message).toBe('The handle or password is incorrect.');
    }
  });
});

describe('tokens', () => {
  it('treats a request without a token as signed out', async () => {
    const response = await server.request(ME);
    expect(response.data?.me).toBeNull();
  });

  it('says why a bad token cannot sign in', async () => {
    const response = await server.request(POST_TWEET, {}, 'not-a-jwt');
    expect(response.status).toBe(401);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.errors?.[0]?.message).toBe('The Authorization token is not valid; log in again.');
  });
});
