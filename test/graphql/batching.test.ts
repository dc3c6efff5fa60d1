/**
 * A profile page costs a fixed number of Neo4j round trips, however many tweets it shows, and a
 * warm profile or home timeline page at most one.
 */
import { operation, SHARED_STORE_MODES, startTestServer, type TestServer, type Operation } from '../support/test-server';
import { required } from '../support/required';
import { postTweet, signUpMany } from '../support/users';

interface TimelineTweet {
  id: string;
  text: string;
  favoriteCount: number;
  viewerHasFavorited: boolean;
  author: { handle: string; tweetCount: number; followerCount: number; viewerFollows: boolean };
}
type Edges<Node> = { edges: { node: Node }[] };
type HomeTimeline = { homeTimeline: Edges<Partial<TimelineTweet>> };

const FOLLOW = operation<{ follow: { id: string } }>('mutation F($id: ID!) { follow(userId: $id) { id } }');
const UNFOLLOW = operation<{ unfollow: { id: string } }>('mutation U($id: ID!) { unfollow(userId: $id) { id } }');
const FAVORITE = operation<{ favorite: { id: string } }>('mutation F($id: ID!) { favorite(tweetId: $id) { id } }');
const ME = operation<{ me: { id: string } | null }>('{ me { id } }');
const PROFILE_PAGE = operation<{ user: { tweets: Edges<TimelineTweet> } }>(`query Profile($handle: String!, $first: Int!) {
  user(handle: $handle) {
    handle displayName followerCount viewerFollows
    tweets(first: $first) {
      edges { cursor node { id text createdAt favoriteCount viewerHasFavorited author { id handle displayName } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`);

describe.each(SHARED_STORE_MODES)('with the record cache %s', (_, environment) => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer(environment)));
  afterAll(() => server.stop());

  async function roundTrips<T>(query: Operation<T>, variables: Record<string, unknown>, token?: string): Promise<{ count: number; data: T }> {
    await server.timelines.drain(); // fan-outs of earlier posts run in the background
    const before = server.graph.roundTrips;
    const data = await server.data(query, variables, token);
    return { count: server.graph.roundTrips - before, data };
  }

  it("loads a warm profile page of 5, 20 or 100 tweets, with the viewer's flags, in one round trip", async () => {
    const [author, reader] = await signUpMany(server, 2);
    const ids: string[] = [];
    for (let index = 0; index < 101; index++) ids.push(await postTweet(server, author, `tweet ${index}`));
    await server.data(FAVORITE, { id: ids[99] }, reader.token);

    const counts: number[] = [];
    for (const first of [5, 20, 100]) {
      const { count, data } = await roundTrips(PROFILE_PAGE, { handle: author.handle, first }, reader.token);
      expect(data.user.tweets.edges).toHaveLength(first);
      expect(data.user.tweets.edges[0]?.node.text).toBe('tweet 100');
      // The page brings the viewer's favorites with it: only tweet 99 is one.
      expect(data.user.tweets.edges.filter((edge) => edge.node.viewerHasFavorited).map((edge) => edge.node.text)).toEqual(['tweet 99']);
      counts.push(count);
    }
    // The user by handle comes from the record cache (its handle's owner, then the user); the one
    // trip is the page, which brings the viewer's favorites of its tweets and their Follow button.
    expect(counts).toEqual([1, 1, 1]);
  });

  it('loads a cold profile page in two round trips, and a warm one in one with its Follow button, even with no tweets', async () => {
    const [author, reader, quiet] = await signUpMany(server, 3, 'cold');
    await postTweet(server, author, 'hello');
    await server.data(FOLLOW, { id: author.id }, reader.token);
    await server.data(FOLLOW, { id: quiet.id }, reader.token);

    const restarted = await startTestServer(environment); // its record cache is empty
    try {
      await restarted.data(ME, {}, reader.token); // the reader's token checked, and the reader cached
      const before = restarted.graph.roundTrips;
      const cold = await restarted.data(PROFILE_PAGE, { handle: author.handle, first: 20 }, reader.token);
      // The user by handle with the Follow button, then the page with the favorites.
      expect(restarted.graph.roundTrips - before).toBe(2);
      expect(cold.user).toMatchObject({ viewerFollows: true, tweets: { edges: [{ node: { text: 'hello', viewerHasFavorited: false } }] } });
    } finally {
      await restarted.stop();
    }

    // Warm, the one trip is the page, and an empty page still brings its Follow button.
    const followed = await roundTrips(PROFILE_PAGE, { handle: quiet.handle, first: 20 }, reader.token);
    expect(followed.count).toBe(1);
    expect(followed.data.user).toMatchObject({ viewerFollows: true, tweets: { edges: [] } });
    const notFollowed = await roundTrips(PROFILE_PAGE, { handle: author.handle, first: 20 }, quiet.token);
    expect(notFollowed.count).toBe(1);
    expect(notFollowed.data.user).toMatchObject({ viewerFollows: false, tweets: { edges: [{ node: { text: 'hello' } }] } });
  });

  it('batches authors and favorites across a timeline of many authors', async () => {
    const [reader, ...authors] = await signUpMany(server, 8, 'bat');
    for (const author of authors) {
      await server.data(FOLLOW, { id: author.id }, reader.token);
      await postTweet(server, author, `by ${author.handle}`);
    }
    const [last] = authors.slice(-1);
    await server.data(UNFOLLOW, { id: required(last, 'the last author').id }, reader.token);
    const favorited = await postTweet(server, reader, 'my own');
    await server.data(FAVORITE, { id: favorited }, reader.token);
    const query = operation<HomeTimeline>(
      '{ homeTimeline(first: 50) { edges { node { favoriteCount viewerHasFavorited author { handle viewerFollows } } } } }',
    );
    const cold = await roundTrips(query, {}, reader.token);
    expect(cold.data.homeTimeline.edges.map(({ node }) => [node.author?.handle, node.viewerHasFavorited, node.author?.viewerFollows])).toEqual([
      [reader.handle, true, false],
      ...authors
        .slice(0, -1)
        .map((author) => [author.handle, false, true])
        .reverse(),
    ]);
    // Warm: ids from the cached timeline, tweets and authors from the record cache; the one trip is
    // the viewer's own relations, the tweets' favorites and the authors' follows in one statement.
    const { count, data } = await roundTrips(query, {}, reader.token);
    expect(data).toEqual(cold.data);
    expect(count).toBe(1);
  });

  it('serves a warm home timeline page with authors and counts without Neo4j, and its counts follow writes', async () => {
    const [reader, author, fan] = await signUpMany(server, 3, 'warm');
    await server.data(FOLLOW, { id: author.id }, reader.token);
    const tweetId = await postTweet(server, author, 'count me');
    const query = operation<HomeTimeline>('{ homeTimeline { edges { node { id text favoriteCount author { handle tweetCount followerCount } } } } }');
    await roundTrips(query, {}, reader.token);

    const warm = await roundTrips(query, {}, reader.token);
    expect(warm.count).toBe(0);
    expect(warm.data.homeTimeline.edges).toEqual([
      { node: { id: tweetId, text: 'count me', favoriteCount: 0, author: { handle: author.handle, tweetCount: 1, followerCount: 1 } } },
    ]);

    await server.data(FAVORITE, { id: tweetId }, fan.token);
    await server.data(FOLLOW, { id: author.id }, fan.token);
    const afterWrites = await roundTrips(query, {}, reader.token);
    expect(afterWrites.count).toBe(0);
    expect(afterWrites.data.homeTimeline.edges[0]?.node).toMatchObject({ favoriteCount: 1, author: { followerCount: 2 } });
  });
});
