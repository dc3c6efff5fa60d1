/**
 * Test users: unique handles per run, so test files share one database without colliding.
 */
import { randomBytes } from 'node:crypto';

import type { Several } from './required';
import { operation, type TestServer } from './test-server';

export interface SignedUpUser {
  id: string;
  handle: string;
  token: string;
}

export const PASSWORD = 'correct horse battery';

/** A fresh valid handle (at most 15 characters). */
export function uniqueHandle(prefix = 'u'): string {
  return `${prefix.slice(0, 4)}_${randomBytes(5).toString('hex')}`;
}

const SIGN_UP = operation<{ signUp: { token: string; user: { id: string; handle: string } } }>(
  'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id handle } } }',
);
const POST_TWEET = operation<{ postTweet: { id: string } }>('mutation Post($text: String!) { postTweet(text: $text) { id } }');
const FOLLOW = operation<{ follow: { id: string } }>('mutation Follow($id: ID!) { follow(userId: $id) { id } }');
const FAVORITE = operation<{ favorite: { id: string } }>('mutation Favorite($id: ID!) { favorite(tweetId: $id) { id } }');

export async function signUp(server: TestServer, handle = uniqueHandle()): Promise<SignedUpUser> {
  const { signUp: session } = await server.data(SIGN_UP, { input: { handle, password: PASSWORD } });
  return { ...session.user, token: session.token };
}

export async function signUpMany<Count extends number>(server: TestServer, count: Count, prefix = 'u'): Promise<Several<SignedUpUser, Count>> {
  const users = await Promise.all(Array.from({ length: count }, () => signUp(server, uniqueHandle(prefix))));
  return users as Several<SignedUpUser, Count>;
}

export async function postTweet(server: TestServer, user: SignedUpUser, text: string): Promise<string> {
  return (await server.data(POST_TWEET, { text }, user.token)).postTweet.id;
}

export async function follow(server: TestServer, follower: SignedUpUser, followee: SignedUpUser): Promise<void> {
  await server.data(FOLLOW, { id: followee.id }, follower.token);
}

/** The error codes of a response, in order. */
export function errorCodes(response: { errors?: { extensions?: { code?: string } }[] }): (string | undefined)[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

export async function favorite(server: TestServer, user: SignedUpUser, tweetId: string): Promise<void> {
  await server.data(FAVORITE, { id: tweetId }, user.token);
}
