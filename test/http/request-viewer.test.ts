/**
 * A token that does not verify refuses the whole HTTP request with 401 UNAUTHENTICATED, even for
 * what anyone may read; no token at all is a signed-out request.
 */
import jwt from 'jsonwebtoken';

import { issueToken } from '../../src/domain/accounts/tokens';
import { operation, startTestServer, type TestServer } from '../support/test-server';
import { signUp } from '../support/users';

const TWEET_COUNT = operation<{ user: { tweetCount: number } | null }>('query P($h: String!) { user(handle: $h) { tweetCount } }');

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

const PUBLIC_READ = '{ user(handle: "nobody_here") { id } }';

async function withAuthorization(authorization: string) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query: PUBLIC_READ }),
  });
  return { status: response.status, wwwAuthenticate: response.headers.get('www-authenticate'), body: await response.json() };
}

it('answers a request without a token as signed out', async () => {
  expect(await server.request(PUBLIC_READ)).toEqual({ status: 200, data: { user: null } });
});

it('accepts a valid token', async () => {
  const user = await signUp(server);
  expect((await server.request('{ me { id } }', {}, user.token)).data).toEqual({ me: { id: user.id } });
});

describe.each([
  [
    'forged (another key)',
    () => `Bearer ${issueToken('someone', { secret: 'another-key-another-key-another-key', ttlSeconds: 60 })}`,
    'The Authorization token is not valid; log in again.',
  ],
  [
    'with alg none',
    () => `Bearer ${jwt.sign({ sub: 'someone', iss: 'chirp' }, '', { algorithm: 'none' })}`,
    'The Authorization token is not valid; log in again.',
  ],
  [
    'tampered',
    () => `Bearer ${issueToken('someone', { secret: server.config.jwtSecret, ttlSeconds: 60 }).replace(/\.[^.]+$/, '.AAAA')}`,
    'The Authorization token is not valid; log in again.',
  ],
  ['not a JWT', () => 'Bearer not-a-jwt', 'The Authorization token is not valid; log in again.'],
  ['in another scheme', () => 'Basic dXNlcjpwYXNz', 'The Authorization token is not valid; log in again.'],
  [
    'expired',
    () => `Bearer ${jwt.sign({}, server.config.jwtSecret, { algorithm: 'HS256', subject: 'someone', issuer: 'chirp', expiresIn: -10 })}`,
    'Your session has expired; log in again.',
  ],
])('a token %s', (_name, authorization, message) => {
  it('gets 401 UNAUTHENTICATED, even for a public read', async () => {
    const response = await withAuthorization(authorization());
    expect(response.status).toBe(401);
    expect(response.wwwAuthenticate).toBe('Bearer error="invalid_token"');
    expect(response.body).toEqual({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
  });
});

it('writes nothing for a mutation sent with a bad token', async () => {
  const user = await signUp(server);
  const forged = `Bearer ${issueToken(user.id, { secret: 'another-key-another-key-another-key', ttlSeconds: 60 })}`;
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: forged },
    body: JSON.stringify({ query: 'mutation { postTweet(text: "forged") { id } }' }),
  });
  expect(response.status).toBe(401);
  const profile = await server.request(TWEET_COUNT, { h: user.handle });
  expect(profile.data?.user?.tweetCount).toBe(0);
});
