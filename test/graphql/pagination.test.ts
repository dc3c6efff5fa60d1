import { MAX_PAGE_SIZE } from '../../src/domain/pagination';
import { operation, startTestServer, type TestServer } from '../support/test-server';
import { errorCodes, postTweet, signUp } from '../support/users';

interface TweetPage {
  edges: { cursor: string; node: { text: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const TWEETS = operation<{ user: { tweets: TweetPage } | null }>(`query Tweets($handle: String!, $first: Int, $after: String) {
  user(handle: $handle) { tweets(first: $first, after: $after) { edges { cursor node { text } } pageInfo { hasNextPage endCursor } } }
}`);

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

async function page(handle: string, first: number | null, after: string | null = null): Promise<TweetPage> {
  const { user } = await server.data(TWEETS, { handle, first, after });
  if (!user) throw new Error(`No user ${handle}.`);
  return user.tweets;
}

it('pages through a profile newest first without repeats or gaps while new tweets arrive', async () => {
  const author = await signUp(server);
  for (let index = 0; index < 10; index++) await postTweet(server, author, `old ${index}`);

  const seen: string[] = [];
  let after: string | null = null;
  for (let round = 0; ; round++) {
    const tweets = await page(author.handle, 3, after);
    seen.push(...tweets.edges.map((edge) => edge.node.text));
    expect(tweets.pageInfo.endCursor).toBe(tweets.edges.at(-1)?.cursor ?? null);
    if (!tweets.pageInfo.hasNextPage) break;
    after = tweets.pageInfo.endCursor;
    await postTweet(server, author, `new ${round}`);
  }
  expect(seen).toEqual(Array.from({ length: 10 }, (_, index) => `old ${9 - index}`));
  expect((await page(author.handle, 3)).edges[0]?.node.text).toBe('new 2');
});

it('defaults to 20, caps first at 100 and allows 0', async () => {
  const author = await signUp(server);
  await Promise.all(Array.from({ length: MAX_PAGE_SIZE + 5 }, (_, index) => postTweet(server, author, `t${index}`)));
  expect((await page(author.handle, null)).edges).toHaveLength(20);
  const capped = await page(author.handle, 1000);
  expect(capped.edges).toHaveLength(MAX_PAGE_SIZE);
  expect(capped.pageInfo.hasNextPage).toBe(true);
  expect(await page(author.handle, 0)).toEqual({ edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
});

it('ends with hasNextPage false and a null cursor on an empty list', async () => {
  const author = await signUp(server);
  expect(await page(author.handle, 5)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
});

it.each([
  ['garbage', 'not-a-cursor'],
  ['a cursor of another list', Buffer.from(JSON.stringify(['t', 1, '01900000-0000-7000-8000-000000000000'])).toString('base64url')],
  ['an injection attempt', Buffer.from(JSON.stringify(['i', "x' OR 1=1 //"])).toString('base64url')],
])('rejects %s as after, naming the field', async (_name, after) => {
  const author = await signUp(server);
  const response = await server.request(TWEETS, { handle: author.handle, first: 5, after });
  expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  expect(response.errors?.[0]).toMatchObject({ message: 'after is not a cursor from this list.', extensions: { field: 'after' } });
});

it('rejects a negative first', async () => {
  const author = await signUp(server);
  const response = await server.request(TWEETS, { handle: author.handle, first: -1 });
  expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  expect(response.errors?.[0]?.extensions?.field).toBe('first');
});
