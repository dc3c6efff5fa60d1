/**
 * Counts stay exact when the same change arrives many times at once.
 */
import { operation, startTestServer, type TestServer } from '../support/test-server';
import { postTweet, signUp, signUpMany } from '../support/users';

interface Counts {
  followerCount: number;
  followingCount: number;
  tweetCount: number;
}

const FAVORITE = operation<{ favorite: { id: string } }>('mutation Favorite($id: ID!) { favorite(tweetId: $id) { id } }');
const UNFAVORITE = operation<{ unfavorite: { id: string } }>('mutation U($id: ID!) { unfavorite(tweetId: $id) { id } }');
const FOLLOW = operation<{ follow: { id: string } }>('mutation Follow($id: ID!) { follow(userId: $id) { id } }');
const DELETE = operation<{ deleteTweet: boolean }>('mutation D($id: ID!) { deleteTweet(id: $id) }');
const FAVORITE_COUNT = operation<{ tweet: { favoriteCount: number } | null }>('query T($id: ID!) { tweet(id: $id) { favoriteCount } }');
const COUNTS = operation<{ user: Counts | null }>('query Counts($handle: String!) { user(handle: $handle) { followerCount followingCount tweetCount } }');

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

async function favoriteCount(id: string): Promise<number> {
  return (await server.data(FAVORITE_COUNT, { id })).tweet?.favoriteCount ?? 0;
}

async function counts(handle: string): Promise<Counts | null> {
  return (await server.data(COUNTS, { handle })).user;
}

it('counts 50 users favoriting one tweet at once as 50', async () => {
  const author = await signUp(server);
  const id = await postTweet(server, author, 'popular');
  const fans = await signUpMany(server, 50, 'fav');
  const responses = await Promise.all(fans.map((fan) => server.request(FAVORITE, { id }, fan.token)));
  expect(responses.filter((response) => response.errors)).toEqual([]);
  expect(await favoriteCount(id)).toBe(50);
});

it('counts one user favoriting a tweet 20 times at once as 1', async () => {
  const [author, fan] = await signUpMany(server, 2);
  const id = await postTweet(server, author, 'once');
  const responses = await Promise.all(Array.from({ length: 20 }, () => server.request(FAVORITE, { id }, fan.token)));
  expect(responses.filter((response) => response.errors)).toEqual([]);
  expect(await favoriteCount(id)).toBe(1);
});

it('counts one user following another 20 times at once as 1, and 30 followers at once as 30', async () => {
  const [star, fan] = await signUpMany(server, 2);
  await Promise.all(Array.from({ length: 20 }, () => server.request(FOLLOW, { id: star.id }, fan.token)));
  expect(await counts(star.handle)).toMatchObject({ followerCount: 1 });
  expect(await counts(fan.handle)).toMatchObject({ followingCount: 1 });

  const crowd = await signUpMany(server, 30, 'crd');
  const responses = await Promise.all(crowd.map((user) => server.request(FOLLOW, { id: star.id }, user.token)));
  expect(responses.filter((response) => response.errors)).toEqual([]);
  expect(await counts(star.handle)).toMatchObject({ followerCount: 31 });
});

it('keeps counts exact when two users follow each other at the same moment, many times', async () => {
  const [alice, bob] = await signUpMany(server, 2);
  const requests = Array.from({ length: 10 }, () => [
    server.request(FOLLOW, { id: bob.id }, alice.token),
    server.request(FOLLOW, { id: alice.id }, bob.token),
  ]).flat();
  const responses = await Promise.all(requests);
  expect(responses.filter((response) => response.errors)).toEqual([]);
  expect(await counts(alice.handle)).toMatchObject({ followerCount: 1, followingCount: 1 });
  expect(await counts(bob.handle)).toMatchObject({ followerCount: 1, followingCount: 1 });
});

it('drops the tweet count once when a tweet is deleted many times at once', async () => {
  const author = await signUp(server);
  await postTweet(server, author, 'stays');
  const id = await postTweet(server, author, 'goes');
  const responses = await Promise.all(Array.from({ length: 10 }, () => server.request(DELETE, { id }, author.token)));
  expect(responses.filter((response) => response.data?.deleteTweet === true)).toHaveLength(1);
  expect(responses.filter((response) => response.errors).map((response) => response.errors?.[0]?.extensions?.code)).toEqual(Array(9).fill('NOT_FOUND'));
  expect(await counts(author.handle)).toMatchObject({ tweetCount: 1 });
});

it('keeps the favorite count exact while favorites and unfavorites interleave', async () => {
  const author = await signUp(server);
  const id = await postTweet(server, author, 'contested');
  const fans = await signUpMany(server, 20, 'tog');
  await Promise.all(fans.map((fan) => server.request(FAVORITE, { id }, fan.token)));
  const toggles = fans.flatMap((fan, index): Promise<unknown>[] =>
    index % 2 === 0 ? [server.request(UNFAVORITE, { id }, fan.token)] : [server.request(FAVORITE, { id }, fan.token)],
  );
  await Promise.all(toggles);
  expect(await favoriteCount(id)).toBe(10);
});
