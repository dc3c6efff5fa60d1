/**
 * Two API instances behind a real load balancer (HAProxy, as docker-compose.yml deploys them) act
 * as one: a tweet posted through one reaches a subscriber connected to the other, a follow through
 * one shows in timelines read through both, and killing one loses no acknowledged write while the
 * other keeps serving.
 */
import { eventually } from '../support/eventually';
import { startLoadBalancer, type LoadBalancer } from '../../bench/support/haproxy';
import { bearer, liveClient, untilId, untilLive, type LiveClient } from '../support/live-client';
import { graphqlOnNewConnection, killServerProcesses, startServerProcess, waitForHealth, type ServerProcess } from '../support/server-process';
import { deleteKeys, TEST_REDIS_URL, testKeyPrefix } from '../support/test-redis';
import { dataOf, operation, type Operation } from '../support/test-server';
import { PASSWORD, uniqueHandle } from '../support/users';
import { required } from '../support/required';

jest.setTimeout(300_000);

const SIGN_UP = operation<{ signUp: { token: string; user: { id: string; handle: string } } }>(
  'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id handle } } }',
);
const POST = operation<{ postTweet: { id: string } }>('mutation PostTweet($text: String!) { postTweet(text: $text) { id } }');
const HOME = operation<{ homeTimeline: { edges: { node: { id: string } }[] } }>('query Home { homeTimeline(first: 100) { edges { node { id } } } }');
const FOLLOW = operation<{ follow: { id: string } }>('mutation Follow($id: ID!) { follow(userId: $id) { id } }');
const HOME_SUBSCRIPTION = operation<{ homeTimeline: { id: string } }>('subscription { homeTimeline { id } }');
const PROFILE = operation<{ user: { tweetCount: number; tweets: { edges: { node: { id: string } }[] } } | null }>(
  'query Profile($h: String!) { user(handle: $h) { tweetCount tweets(first: 100) { edges { node { id } } } } }',
);

const PREFIX = testKeyPrefix();
const clients: LiveClient[] = [];
let balancer: LoadBalancer | undefined;

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await balancer?.stop();
  killServerProcesses();
  await deleteKeys(PREFIX);
});

/** How many requests of `operationName` an instance has logged. */
function served(instance: ServerProcess, operationName: string): number {
  return instance
    .output()
    .split('\n')
    .filter((line) => line.includes('"msg":"request"') && line.includes(`"operationName":"${operationName}"`)).length;
}

it('serves as one through HAProxy, and loses no acknowledged write when an instance is killed', async () => {
  const environment = { NEO4J_URI: required(process.env.NEO4J_URI, 'NEO4J_URI'), REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: PREFIX, RATE_LIMITS: 'off' };
  const instances = [await startServerProcess(environment), await startServerProcess(environment)] as const;
  await Promise.all(instances.map((instance) => waitForHealth(instance)));
  balancer = await startLoadBalancer(instances.map((instance) => instance.port));
  const balancerUrl = balancer.url;
  const request = <T>(query: Operation<T> | string, variables: Record<string, unknown> = {}, token?: string) =>
    graphqlOnNewConnection<T>(balancerUrl, query, variables, token);

  const signUp = async () => {
    const response = await request(SIGN_UP, {
      input: { handle: uniqueHandle('lb'), password: PASSWORD },
    });
    const { signUp: session } = dataOf(response);
    return { token: session.token, id: session.user.id, handle: session.user.handle };
  };
  const post = async (token: string, text: string) => dataOf(await request(POST, { text }, token)).postTweet.id;
  const home = async (token: string) => dataOf(await request(HOME, {}, token)).homeTimeline.edges.map((edge) => edge.node.id);

  const author = await signUp();
  const fan = await signUp();
  const before = await post(author.token, 'before the follow');

  // A follow through one instance; the fan's timeline read through both (round robin) shows the author's tweet.
  await request(FOLLOW, { id: author.id }, fan.token);
  for (let read = 0; read < 4; read++) expect(await home(fan.token)).toContain(before);
  // Both instances served some of the four reads (their log lines arrive a moment after the answers).
  const homes = await eventually(
    async () => instances.map((instance) => served(instance, 'Home')),
    (counts) => counts.reduce((sum, count) => sum + count, 0) === 4,
    { what: "the four Home reads in the instances' logs", timeoutMs: 10_000 },
  );
  expect(Math.min(...homes)).toBeGreaterThan(0);

  // The fan's socket is on one instance; posts alternate between both, and every one arrives.
  const live = liveClient(balancer.url, bearer(fan.token));
  clients.push(live);
  const feed = live.subscribe(HOME_SUBSCRIPTION);
  await untilLive(feed, () => post(fan.token, 'probe'));
  const posted: string[] = [];
  for (let index = 0; index < 6; index++) posted.push(await post(author.token, `live ${index}`));
  const received = await untilId(feed, required(posted.at(-1), 'the last tweet posted'));
  expect(received.map((event) => event.data?.homeTimeline.id)).toEqual(posted);
  expect(Math.min(...instances.map((instance) => served(instance, 'PostTweet')))).toBeGreaterThan(0);

  // Posts keep coming while one instance is killed outright: those acknowledged must all survive.
  const acknowledged: string[] = [];
  const failures: string[] = [];
  const state = { posting: true };
  const load = (async () => {
    for (let index = 0; state.posting; index++) {
      try {
        acknowledged.push(await post(author.token, `steady ${index}`));
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  })();
  await eventually(
    async () => acknowledged.length,
    (count) => count >= 5,
    { what: 'posts before the kill' },
  );
  instances[0].child.kill('SIGKILL');
  await instances[0].exited;
  const atKill = acknowledged.length;
  // The survivor serves everything once HAProxy's checks have taken the dead one out.
  await eventually(
    async () => acknowledged.length,
    (count) => count >= atKill + 20,
    { timeoutMs: 60_000, what: 'posts after the kill' },
  );
  state.posting = false;
  await load;
  const failuresAfterDetection = failures.length;
  for (let index = 0; index < 10; index++) expect(await request('query { __typename }')).toEqual({ data: { __typename: 'Query' } });
  expect(failures.length).toBe(failuresAfterDetection);
  // Only requests in flight on the killed instance may have failed (HAProxy never repeats a sent request).
  expect(failures.length).toBeLessThanOrEqual(2);

  // Every acknowledged tweet is the author's and, once the survivor's outbox has settled what the
  // dead one left, in the follower's timeline.
  const profile = await request(PROFILE, { h: author.handle });
  const stored = (dataOf(profile).user?.tweets.edges ?? []).map((edge) => edge.node.id);
  expect(stored).toEqual(expect.arrayContaining([...posted, ...acknowledged]));
  expect(profile.data?.user?.tweetCount).toBe(stored.length);
  await eventually(
    () => home(fan.token),
    (timeline) => acknowledged.every((id) => timeline.includes(id)),
    { timeoutMs: 90_000, what: 'every acknowledged tweet in the follower’s timeline' },
  );
});
