import { operation, startTestServer, type TestServer } from '../support/test-server';
import { errorCodes, postTweet, signUp, signUpMany } from '../support/users';

interface FavoriteState {
  id: string;
  favoriteCount: number;
  viewerHasFavorited: boolean;
}
type Edges<Node> = { edges: { node: Node }[] };

const POST = operation<{ postTweet: FavoriteState & { text: string; createdAt: string; author: { id: string; tweetCount: number } } }>(
  'mutation Post($text: String!) { postTweet(text: $text) { id text createdAt favoriteCount viewerHasFavorited author { id tweetCount } } }',
);
const TWEET = operation<{ tweet: (FavoriteState & { text: string; author: { handle: string } }) | null }>(
  'query Tweet($id: ID!) { tweet(id: $id) { id text favoriteCount viewerHasFavorited author { handle } } }',
);
const DELETE = operation<{ deleteTweet: boolean }>('mutation Delete($id: ID!) { deleteTweet(id: $id) }');
const FAVORITE = operation<{ favorite: FavoriteState }>('mutation Favorite($id: ID!) { favorite(tweetId: $id) { id favoriteCount viewerHasFavorited } }');
const UNFAVORITE = operation<{ unfavorite: FavoriteState }>(
  'mutation Unfavorite($id: ID!) { unfavorite(tweetId: $id) { id favoriteCount viewerHasFavorited } }',
);
const TWEET_COUNT = operation<{ user: { tweetCount: number } | null }>('query Count($handle: String!) { user(handle: $handle) { tweetCount } }');
const FAVORITES = operation<{ user: { favorites: Edges<{ id: string }> & { pageInfo?: { hasNextPage: boolean } } } | null }>(
  'query F($h: String!, $first: Int) { user(handle: $h) { favorites(first: $first) { edges { node { id } } pageInfo { hasNextPage } } } }',
);
const FAVORITED_BY = operation<{ tweet: { favoritedBy: Edges<{ handle: string }> } | null }>(
  'query T($id: ID!) { tweet(id: $id) { favoritedBy { edges { node { handle } } } } }',
);

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

async function tweetCount(handle: string): Promise<number> {
  return (await server.data(TWEET_COUNT, { handle })).user?.tweetCount ?? 0;
}

describe('postTweet', () => {
  it('stores NFC-normalized, trimmed text and counts the tweet on its author', async () => {
    const alice = await signUp(server);
    const before = Date.now();
    const tweet = (await server.data(POST, { text: '  Cafe\u0301 ☕  ' }, alice.token)).postTweet;
    expect(tweet).toMatchObject({ text: 'Café ☕', favoriteCount: 0, viewerHasFavorited: false, author: { id: alice.id, tweetCount: 1 } });
    expect(Date.parse(tweet.createdAt)).toBeGreaterThanOrEqual(before - 5);
    expect((await server.data(TWEET, { id: tweet.id })).tweet).toMatchObject({ text: 'Café ☕', author: { handle: alice.handle } });
  });

  it('accepts 280 code points (emoji count as one) and rejects 281', async () => {
    const alice = await signUp(server);
    expect((await server.request(POST, { text: '🐦'.repeat(280) }, alice.token)).errors).toBeUndefined();
    const tooLong = await server.request(POST, { text: 'a'.repeat(281) }, alice.token);
    expect(errorCodes(tooLong)).toEqual(['BAD_USER_INPUT']);
    expect(tooLong.errors?.[0]).toMatchObject({ message: 'text must be at most 280 characters (it has 281).', extensions: { field: 'text' } });
    expect(await tweetCount(alice.handle)).toBe(1);
  });

  it.each(['', '   ', '\n\t \u00a0'])('rejects empty or whitespace-only text %j and writes nothing', async (text) => {
    const alice = await signUp(server);
    const response = await server.request(POST, { text }, alice.token);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.field).toBe('text');
    expect(await tweetCount(alice.handle)).toBe(0);
  });

  it.each(['\u200b', '\u2060\ufeff', '\u202e\u202c', '\u2067\u2069', '\u200e\u200f'])(
    'rejects text with no visible character %j and writes nothing',
    async (text) => {
      const alice = await signUp(server);
      const response = await server.request(POST, { text }, alice.token);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]).toMatchObject({ message: 'text must have at least one visible character.', extensions: { field: 'text' } });
      expect(await tweetCount(alice.handle)).toBe(0);
    },
  );

  it.each([
    ['invoice\u202eexe.pdf', 'text opens a right-to-left override (U+202E) and does not close it.'],
    ['\u2067שלום', 'text opens a right-to-left isolate (U+2067) and does not close it.'],
    ['done\u202c', 'text has a pop directional formatting (U+202C) that closes nothing.'],
  ])('rejects an unbalanced bidi control in %j, naming it, and writes nothing', async (text, message) => {
    const alice = await signUp(server);
    const response = await server.request(POST, { text }, alice.token);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]).toMatchObject({ message, extensions: { field: 'text' } });
    expect(await tweetCount(alice.handle)).toBe(0);
  });

  it('keeps what real writing needs as written: ZWJ in emoji, ZWNJ in Persian, LRM and RLM, variation selectors, balanced isolates', async () => {
    const alice = await signUp(server);
    const text = '👩\u200d💻 می\u200cخواهم \u2764\ufe0f שלום\u200e 123\u200f He said \u2067שלום\u2069';
    const tweet = (await server.data(POST, { text }, alice.token)).postTweet;
    expect(tweet.text).toBe(text);
    expect((await server.data(TWEET, { id: tweet.id })).tweet?.text).toBe(text);
  });

  it('requires signing in', async () => {
    expect(errorCodes(await server.request(POST, { text: 'hello' }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('tweet', () => {
  it('answers null for an unknown or malformed id', async () => {
    expect((await server.data(TWEET, { id: '0190d0a4-0000-7000-8000-000000000000' })).tweet).toBeNull();
    expect((await server.data(TWEET, { id: 'nope' })).tweet).toBeNull();
  });
});

describe('deleteTweet', () => {
  it('deletes your own tweet, its favorites, and the count', async () => {
    const [alice, bob] = await signUpMany(server, 2);
    const id = await postTweet(server, alice, 'short-lived');
    await server.request(FAVORITE, { id }, bob.token);
    expect(await tweetCount(alice.handle)).toBe(1);

    expect((await server.data(DELETE, { id }, alice.token)).deleteTweet).toBe(true);
    expect((await server.data(TWEET, { id })).tweet).toBeNull();
    expect(await tweetCount(alice.handle)).toBe(0);
    expect((await server.data(FAVORITES, { h: bob.handle })).user?.favorites.edges).toEqual([]);
    expect(errorCodes(await server.request(DELETE, { id }, alice.token))).toEqual(['NOT_FOUND']);
  });

  it("forbids deleting someone else's tweet and keeps it", async () => {
    const [alice, mallory] = await signUpMany(server, 2);
    const id = await postTweet(server, alice, 'mine');
    const response = await server.request(DELETE, { id }, mallory.token);
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.errors?.[0]?.message).toBe('You can only delete your own tweets.');
    expect((await server.data(TWEET, { id })).tweet?.id).toBe(id);
  });

  it('requires signing in', async () => {
    const alice = await signUp(server);
    const id = await postTweet(server, alice, 'still here');
    expect(errorCodes(await server.request(DELETE, { id }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('favorite and unfavorite', () => {
  it('counts a favorite once however often asked, and unfavorite undoes it', async () => {
    const [alice, bob, carol] = await signUpMany(server, 3);
    const id = await postTweet(server, alice, 'likeable');
    expect((await server.data(FAVORITE, { id }, bob.token)).favorite).toEqual({ id, favoriteCount: 1, viewerHasFavorited: true });
    expect((await server.data(FAVORITE, { id }, bob.token)).favorite).toEqual({ id, favoriteCount: 1, viewerHasFavorited: true });
    expect((await server.data(FAVORITE, { id }, carol.token)).favorite.favoriteCount).toBe(2);
    expect((await server.data(TWEET, { id }, carol.token)).tweet).toMatchObject({ favoriteCount: 2, viewerHasFavorited: true });
    expect((await server.data(TWEET, { id }, alice.token)).tweet).toMatchObject({ viewerHasFavorited: false });

    expect((await server.data(UNFAVORITE, { id }, bob.token)).unfavorite).toEqual({ id, favoriteCount: 1, viewerHasFavorited: false });
    expect((await server.data(UNFAVORITE, { id }, bob.token)).unfavorite).toEqual({ id, favoriteCount: 1, viewerHasFavorited: false });
  });

  it('lists who favorited a tweet and what a user favorited, most recent first', async () => {
    const [alice, bob, carol] = await signUpMany(server, 3);
    const first = await postTweet(server, alice, 'first');
    const second = await postTweet(server, alice, 'second');
    await server.request(FAVORITE, { id: second }, bob.token);
    await server.request(FAVORITE, { id: first }, bob.token);
    await server.request(FAVORITE, { id: first }, carol.token);

    const favoritedBy = (await server.data(FAVORITED_BY, { id: first })).tweet?.favoritedBy;
    expect(favoritedBy?.edges.map((edge) => edge.node.handle)).toEqual([carol.handle, bob.handle]);
    const favorites = (await server.data(FAVORITES, { h: bob.handle, first: 1 })).user?.favorites;
    expect(favorites).toEqual({ edges: [{ node: { id: first } }], pageInfo: { hasNextPage: true } });
  });

  it('answers NOT_FOUND for an unknown tweet and UNAUTHENTICATED when signed out', async () => {
    const alice = await signUp(server);
    const id = await postTweet(server, alice, 'x');
    expect(errorCodes(await server.request(FAVORITE, { id: '0190d0a4-0000-7000-8000-000000000000' }, alice.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await server.request(UNFAVORITE, { id: 'bad' }, alice.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await server.request(FAVORITE, { id }))).toEqual(['UNAUTHENTICATED']);
  });
});
