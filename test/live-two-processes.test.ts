/**
 * Two server processes on different ports behave as one through Redis: a subscriber connected to
 * one receives a tweet posted through the other.
 */

import { deleteKeys, TEST_REDIS_URL, testKeyPrefix } from './support/test-redis';
import { bearer, liveClient, untilLive, type LiveClient } from './support/live-client';
import { graphqlAt, killServerProcesses, type ServerProcess, signUpAt, startServerProcess, waitForHealth } from './support/server-process';
import { dataOf, operation } from './support/test-server';
import { required } from './support/required';

jest.setTimeout(240_000);

const PREFIX = testKeyPrefix();
const HOME = operation<{ homeTimeline: { id: string; text: string; author: { id: string } } }>('subscription { homeTimeline { id text author { id } } }');
const POST = operation<{ postTweet: { id: string } }>('mutation P($text: String!) { postTweet(text: $text) { id } }');
const FOLLOW = operation<{ follow: { id: string } }>('mutation F($id: ID!) { follow(userId: $id) { id } }');
const clients: LiveClient[] = [];

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  killServerProcesses();
  await deleteKeys(PREFIX);
});

function startServer(environment: Record<string, string> = {}): Promise<ServerProcess> {
  return startServerProcess({
    NEO4J_URI: required(process.env.NEO4J_URI, 'NEO4J_URI'),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    LOG_LEVEL: 'warn',
    ...environment,
  });
}

function signUp(port: number) {
  return signUpAt(port, 'two');
}

async function post(port: number, token: string, text: string): Promise<string> {
  const response = await graphqlAt(port, POST, { text }, token);
  return dataOf(response).postTweet.id;
}

it('delivers a tweet posted through one process to a subscriber of the other, for followers and celebrities', async () => {
  // Two followers make a celebrity, so both routes are crossed: fan-out and the author's channel.
  const [one, two] = await Promise.all([startServer({ CELEBRITY_THRESHOLD: '1' }), startServer({ CELEBRITY_THRESHOLD: '1' })]);
  await Promise.all([waitForHealth(one), waitForHealth(two)]);
  const [author, celebrity, fan, other] = [await signUp(one.port), await signUp(one.port), await signUp(one.port), await signUp(one.port)];
  const follow = (follower: { token: string }, followee: { id: string }) => graphqlAt(one.port, FOLLOW, { id: followee.id }, follower.token);
  await follow(fan, author);
  await follow(fan, celebrity);
  await follow(other, celebrity);

  const client = liveClient(`http://127.0.0.1:${two.port}/graphql`, bearer(fan.token));
  clients.push(client);
  const feed = client.subscribe(HOME);
  // Live once the fan's own tweets, posted through the other process, come back through Redis.
  await untilLive(feed, () => post(one.port, fan.token, 'probe'), { attempts: 50, waitMs: 500 });

  const fannedOut = await post(one.port, author.token, 'across processes');
  expect((await feed.next(1_000)).data?.homeTimeline).toEqual({ id: fannedOut, text: 'across processes', author: { id: author.id } });
  const merged = await post(one.port, celebrity.token, 'celebrity across processes');
  expect((await feed.next(1_000)).data?.homeTimeline).toEqual({ id: merged, text: 'celebrity across processes', author: { id: celebrity.id } });
});
