import { operation, SHARED_STORE_MODES, startTestServer, type TestServer } from '../support/test-server';
import { errorCodes, follow, postTweet, signUpMany } from '../support/users';

interface HomeTimeline {
  edges: { cursor: string; node: { id: string; text: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const HOME = operation<{ homeTimeline: HomeTimeline }>(
  'query Home($first: Int, $after: String) { homeTimeline(first: $first, after: $after) { edges { cursor node { id text } } pageInfo { hasNextPage endCursor } } }',
);
const DELETE = operation<{ deleteTweet: boolean }>('mutation D($id: ID!) { deleteTweet(id: $id) }');
const UNFOLLOW = operation<{ unfollow: { id: string } }>('mutation U($id: ID!) { unfollow(userId: $id) { id } }');

describe.each(SHARED_STORE_MODES)('home timeline cached %s', (_name, environment) => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer(environment)));
  afterAll(() => server.stop());

  async function homeTexts(token: string, first = 100): Promise<string[]> {
    await server.timelines.drain();
    const { homeTimeline } = await server.data(HOME, { first }, token);
    return homeTimeline.edges.map((edge) => edge.node.text);
  }

  it("shows your own tweets and your followees' tweets, newest first, and no one else's", async () => {
    const [me, followee, stranger] = await signUpMany(server, 3, 'home');
    await follow(server, me, followee);
    await postTweet(server, me, 'mine 1');
    await postTweet(server, followee, 'theirs 1');
    await postTweet(server, stranger, 'stranger 1');
    await postTweet(server, followee, 'theirs 2');
    await postTweet(server, me, 'mine 2');
    expect(await homeTexts(me.token)).toEqual(['mine 2', 'theirs 2', 'theirs 1', 'mine 1']);
    expect(await homeTexts(stranger.token)).toEqual(['stranger 1']);
  });

  it('follows, unfollows and deletes change the timeline at once', async () => {
    const [me, other] = await signUpMany(server, 2, 'chg');
    await postTweet(server, other, 'kept');
    await postTweet(server, other, 'deleted');
    expect(await homeTexts(me.token)).toEqual([]);

    await follow(server, me, other);
    expect(await homeTexts(me.token)).toEqual(['deleted', 'kept']);

    await server.timelines.drain();
    const { homeTimeline } = await server.data(HOME, {}, me.token);
    await server.data(DELETE, { id: homeTimeline.edges[0]?.node.id }, other.token);
    expect(await homeTexts(me.token)).toEqual(['kept']);

    await server.data(UNFOLLOW, { id: other.id }, me.token);
    expect(await homeTexts(me.token)).toEqual([]);
  });

  it('pages without repeats or gaps while new tweets arrive', async () => {
    const [me, followee] = await signUpMany(server, 2, 'pg');
    await follow(server, me, followee);
    for (let index = 0; index < 9; index++) await postTweet(server, index % 2 ? me : followee, `old ${index}`);

    const seen: string[] = [];
    let after: string | null = null;
    let index = 0;
    do {
      await server.timelines.drain();
      const { homeTimeline }: { homeTimeline: HomeTimeline } = await server.data(HOME, { first: 4, after }, me.token);
      seen.push(...homeTimeline.edges.map((edge) => edge.node.text));
      after = homeTimeline.pageInfo.hasNextPage ? homeTimeline.pageInfo.endCursor : null;
      await postTweet(server, followee, `new ${index++}`);
    } while (after);
    expect(seen).toEqual(Array.from({ length: 9 }, (_, i) => `old ${8 - i}`));
  });

  it('requires signing in', async () => {
    const response = await server.request(HOME);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.errors?.[0]?.message).toBe('You must be signed in to read your home timeline.');
  });

  it('reads tweets through the author index in order, never by scanning or sorting all tweets', async () => {
    for (const statement of ['home-timeline-page', 'author-tweets-pages']) {
      const plan = (await server.graph.explain(statement, { viewerId: 'x', limit: 21, beforeId: '~', requests: [] }))
        .map((operator) => operator.replace(/@neo4j/g, ''))
        .filter((operator) => !operator.startsWith('Projection'));
      const seek = plan.findIndex((operator) => /^NodeIndexSeek\S* RANGE INDEX tweet:Tweet\(authorId, id\)/.test(operator));
      expect(seek).toBeGreaterThan(0);
      // The index provides the order: each author's seek stops at the limit, with no sort of its tweets.
      expect(plan[seek - 1]).toMatch(/^Limit /);
      expect(plan.join('\n')).not.toMatch(/NodeByLabelScan|AllNodesScan|UNIQUE tweet:Tweet\(id\)/);
    }
  });
});
