/**
 * Test users: unique handles per run, so test files share one database without colliding.
 */
import { randomBytes } from 'node:crypto';

import type { TestServer } from './test-server';

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

export async function signUp(server: TestServer, handle = uniqueHandle()): Promise<SignedUpUser> {
  const response = await server.request('mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id handle } } }', {
    input: { handle, password: PASSWORD },
  });
  if (!response.data) throw new Error(`signUp failed: ${JSON.stringify(response.errors)}`);
  return { ...response.data.signUp.user, token: response.data.signUp.token };
}

export async function signUpMany(server: TestServer, count: number, prefix = 'u'): Promise<SignedUpUser[]> {
  return Promise.all(Array.from({ length: count }, () => signUp(server, uniqueHandle(prefix))));
}

export async function postTweet(server: TestServer, user: SignedUpUser, text: string): Promise<string> {
  const response = await server.request('mutation Post($text: String!) { postTweet(text: $text) { id } }', { text }, user.token);
  if (!response.data) throw new Error(`postTweet failed: ${JSON.stringify(response.errors)}`);
  return response.data.postTweet.id;
}

export async function follow(server: TestServer, follower: SignedUpUser, followee: SignedUpUser): Promise<void> {
  const response = await server.request('mutation Follow($id: ID!) { follow(userId: $id) { id } }', { id: followee.id }, follower.token);
  if (!response.data) throw new Error(`follow failed: ${JSON.stringify(response.errors)}`);
}

/** The error codes of a response, in order. */
export function errorCodes(response: { errors?: { extensions?: { code?: string } }[] }): (string | undefined)[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

export async function favorite(server: TestServer, user: SignedUpUser, tweetId: string): Promise<void> {
  const response = await server.request('mutation Favorite($id: ID!) { favorite(tweetId: $id) { id } }', { id: tweetId }, user.token);
  if (!response.data) throw new Error(`favorite failed: ${JSON.stringify(response.errors)}`);
}
