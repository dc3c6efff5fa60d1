/**
 * Writes whose answer is lost: the connection to Neo4j is cut after a create commits and before its
 * answer arrives, so the driver sends it again. A post still answers its one tweet and a sign-up its
 * one account, never an internal error or "handle taken". And a client that retries a post with the
 * same clientMutationId gets the first tweet back, posted once.
 */
import { startCuttingProxy, type CuttingProxy } from '../support/cutting-proxy';
import { operation, startTestServer, type TestServer } from '../support/test-server';
import { errorCodes, PASSWORD, signUp, uniqueHandle } from '../support/users';
import { required } from '../support/required';

const POST = operation<{ postTweet: { id: string; text: string } }>(
  'mutation Post($text: String!, $key: String) { postTweet(text: $text, clientMutationId: $key) { id text } }',
);
const SIGN_UP = operation<{ signUp: { token: string; user: { id: string; handle: string } } }>(
  'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id handle } } }',
);
const PROFILE = operation<{ user: { tweetCount: number; tweets: { edges: { node: { id: string } }[] } } | null }>(
  'query Profile($handle: String!) { user(handle: $handle) { tweetCount tweets(first: 10) { edges { node { id } } } } }',
);

let proxy: CuttingProxy;
let server: TestServer;
beforeAll(async () => {
  proxy = await startCuttingProxy(required(process.env.NEO4J_URI, 'NEO4J_URI'));
  server = await startTestServer({ NEO4J_URI: proxy.uri });
});
afterAll(async () => {
  await server.stop();
  await proxy.close();
});

it('answers the tweet a post stored when the answer to its commit was lost', async () => {
  const author = await signUp(server);
  const cut = proxy.cutAfterCommitOf('CREATE (author)-[:POSTED]->(tweet:Tweet');
  const response = await server.request(POST, { text: 'posted once' }, author.token);
  await cut;
  expect(response.errors).toBeUndefined();
  const profile = await server.data(PROFILE, { handle: author.handle });
  expect(profile.user?.tweetCount).toBe(1);
  expect(profile.user?.tweets.edges.map((edge) => edge.node.id)).toEqual([response.data?.postTweet.id]);
});

it('answers the account a sign-up made when the answer to its commit was lost', async () => {
  const handle = uniqueHandle();
  const cut = proxy.cutAfterCommitOf('CREATE (user:User {');
  const response = await server.request(SIGN_UP, { input: { handle, password: PASSWORD } });
  await cut;
  expect(response.errors).toBeUndefined();
  expect(response.data?.signUp.user.handle).toBe(handle);
  const again = await server.request(SIGN_UP, { input: { handle, password: PASSWORD } });
  expect(errorCodes(again)).toEqual(['BAD_USER_INPUT']);
});

it('posts once for one clientMutationId, however often the client sends it', async () => {
  const [author, other] = [await signUp(server), await signUp(server)];
  const key = `post-${Date.now()}`;
  const answers = await Promise.all([1, 2, 3].map(() => server.data(POST, { text: 'retried by the client', key }, author.token)));
  expect(new Set(answers.map((answer) => answer.postTweet.id)).size).toBe(1);
  expect((await server.data(PROFILE, { handle: author.handle })).user?.tweetCount).toBe(1);
  // The key is the author's own: another author's post with it is another tweet.
  const others = await server.data(POST, { text: 'mine', key }, other.token);
  expect(others.postTweet.id).not.toBe(answers[0]?.postTweet.id);
  const refused = await server.request(POST, { text: 'bad key', key: 'has spaces in it' }, author.token);
  expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
  expect((await server.data(PROFILE, { handle: author.handle })).user?.tweetCount).toBe(1);
});
