/**
 * With REDIS_URL and WEB_CONCURRENCY=2, `npm start` serves from two worker processes on one port:
 * new connections reach both, a subscriber on one hears tweets posted through the other, a worker
 * that dies is replaced, and SIGTERM stops them all.
 */
import { bearer, liveClient, untilLive, untilId, type LiveClient } from './support/live-client';
import { graphqlOnNewConnection, killServerProcesses, signUpAt, startServerProcess, waitForHealth, type ServerProcess } from './support/server-process';
import { eventually } from './support/eventually';
import { deleteKeys, TEST_REDIS_URL, testKeyPrefix } from './support/test-redis';
import { operation, type Operation } from './support/test-server';
import { required } from './support/required';

jest.setTimeout(240_000);

const POST_TWEET = operation<{ postTweet: { id: string } }>('mutation PostTweet($text: String!) { postTweet(text: $text) { id } }');

const PREFIX = testKeyPrefix();
const clients: LiveClient[] = [];

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  killServerProcesses();
  await deleteKeys(PREFIX);
});

/** The pids that logged a request line for `operationName`. */
function servingPids(server: ServerProcess, operationName: string): Set<number> {
  const lines = server
    .output()
    .split('\n')
    .filter((line) => line.includes('"msg":"request"') && line.includes(`"operationName":"${operationName}"`));
  return new Set(lines.map((line) => (JSON.parse(line) as { pid: number }).pid));
}

function workerPids(server: ServerProcess): number[] {
  const lines = server
    .output()
    .split('\n')
    .filter((line) => line.includes('"msg":"Server ready"'));
  return lines.map((line) => (JSON.parse(line) as { pid: number }).pid);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('serves from two workers that act as one, replaces a worker that dies, and stops them all on SIGTERM', async () => {
  const server = await startServerProcess({
    NEO4J_URI: required(process.env.NEO4J_URI, 'NEO4J_URI'),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    WEB_CONCURRENCY: '2',
  });
  await waitForHealth(server);
  await eventually(
    async () => workerPids(server),
    (pids) => pids.length === 2,
    { what: 'both workers to be ready' },
  );
  const [first, second] = workerPids(server);
  expect(first).not.toBe(server.child.pid);
  expect(second).not.toBe(first);

  const freshRequest = <T>(port: number, query: Operation<T> | string, variables: Record<string, unknown>, token?: string) =>
    graphqlOnNewConnection<T>(`http://127.0.0.1:${port}/graphql`, query, variables, token);
  const author = await signUpAt(server.port, 'wrk');
  const fan = await signUpAt(server.port, 'wrk');
  await freshRequest(server.port, 'mutation Follow($id: ID!) { follow(userId: $id) { id } }', { id: author.id }, fan.token);

  const client = liveClient(`http://127.0.0.1:${server.port}/graphql`, bearer(fan.token));
  clients.push(client);
  const feed = client.subscribe(operation<{ homeTimeline: { id: string; text: string } }>('subscription { homeTimeline { id text } }'));
  const post = async (token: string, text: string): Promise<string> => {
    const { data, errors } = await freshRequest(server.port, POST_TWEET, { text }, token);
    if (!data) throw new Error(`postTweet failed: ${JSON.stringify(errors)}`);
    return data.postTweet.id;
  };
  await untilLive(feed, () => post(fan.token, 'probe'));

  // Posts on new connections alternate between the workers; the subscriber's socket is on one of them.
  const posted: string[] = [];
  for (let index = 0; index < 6; index++) posted.push(await post(author.token, `tweet ${index}`));
  const received = await untilId(feed, required(posted.at(-1), 'the last tweet posted'));
  expect(received.map((event) => event.data?.homeTimeline.id)).toEqual(posted);
  expect(servingPids(server, 'PostTweet')).toEqual(new Set([first, second]));

  // A worker killed outright is replaced, and the port keeps answering meanwhile.
  process.kill(required(first, 'the first worker'), 'SIGKILL');
  await eventually(
    async () => workerPids(server),
    (pids) => pids.length === 3,
    { what: 'a replacement worker' },
  );
  const replacement = required(workerPids(server)[2], 'the replacement worker');
  const after = await freshRequest(server.port, 'query { __typename }', {});
  expect(after.data).toEqual({ __typename: 'Query' });

  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect([second, replacement].filter((pid) => pid !== undefined && alive(pid))).toEqual([]);
});
