/**
 * Every mutation that needs a signed-in user, and the signed-in query and subscription, walked
 * with no token, an expired token, a forged token and another user's token: each answers the
 * right code and writes nothing. The list of mutations comes from the schema, so a new one must
 * be added here.
 */
import jwt from 'jsonwebtoken';

import { issueToken } from '../../src/domain/accounts/tokens';
import { buildGraphQLSchema } from '../../src/graphql/schema';
import { bearer, liveClient } from '../support/live-client';
import { operation, startTestServer, type TestServer } from '../support/test-server';
import { follow, PASSWORD, signUp, type SignedUpUser } from '../support/users';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

/** Open to anyone: they create the session the others need. */
const PUBLIC_MUTATIONS = ['signUp', 'logIn'];

interface World {
  owner: SignedUpUser;
  other: SignedUpUser;
  tweetId: string;
  favoritedTweetId: string;
}

/** Each signed-in mutation with arguments aimed at `owner`'s things. */
const MUTATIONS: Record<string, (world: World) => { query: string; variables: Record<string, unknown> }> = {
  changePassword: () => ({
    query: 'mutation M($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token } }',
    variables: { c: PASSWORD, n: 'another passphrase' },
  }),
  logOutEverywhere: () => ({ query: 'mutation { logOutEverywhere }', variables: {} }),
  postTweet: () => ({ query: 'mutation M($t: String!) { postTweet(text: $t) { id } }', variables: { t: 'not mine to post' } }),
  deleteTweet: ({ tweetId }) => ({ query: 'mutation M($id: ID!) { deleteTweet(id: $id) }', variables: { id: tweetId } }),
  favorite: ({ tweetId }) => ({ query: 'mutation M($id: ID!) { favorite(tweetId: $id) { id } }', variables: { id: tweetId } }),
  unfavorite: ({ favoritedTweetId }) => ({ query: 'mutation M($id: ID!) { unfavorite(tweetId: $id) { id } }', variables: { id: favoritedTweetId } }),
  updateProfile: () => ({
    query: 'mutation M($input: UpdateProfileInput!) { updateProfile(input: $input) { bio } }',
    variables: { input: { bio: 'defaced' } },
  }),
  follow: ({ owner }) => ({ query: 'mutation M($id: ID!) { follow(userId: $id) { id } }', variables: { id: owner.id } }),
  unfollow: ({ other }) => ({ query: 'mutation M($id: ID!) { unfollow(userId: $id) { id } }', variables: { id: other.id } }),
};

const STATE = operation<{
  user: { bio: string; tweetCount: number; followerCount: number; followingCount: number; favorites: { edges: { node: { id: string } }[] } } | null;
  tweet: { id: string; favoriteCount: number } | null;
}>(`query State($handle: String!, $tweet: ID!) {
  user(handle: $handle) { bio tweetCount followerCount followingCount favorites { edges { node { id } } } }
  tweet(id: $tweet) { id favoriteCount }
}`);
const POST_OWN = operation<{ postTweet: { id: string } }>('mutation { postTweet(text: "the owner\'s") { id } }');
const POST_LIKED = operation<{ postTweet: { id: string } }>('mutation { postTweet(text: "liked") { id } }');
const ME = operation<{ me: { id: string } | null }>('{ me { id } }');

/** Everything the walk could have changed about the owner and their tweet. */
async function state(world: World) {
  const response = await server.request(STATE, { handle: world.owner.handle, tweet: world.tweetId });
  return response.data;
}

async function freshWorld(): Promise<World> {
  const [owner, other] = [await signUp(server), await signUp(server)];
  const tweetId = (await server.data(POST_OWN, {}, owner.token)).postTweet.id;
  const favoritedTweetId = (await server.data(POST_LIKED, {}, other.token)).postTweet.id;
  await server.request('mutation M($id: ID!) { favorite(tweetId: $id) { id } }', { id: favoritedTweetId }, owner.token);
  await follow(server, owner, other);
  return { owner, other, tweetId, favoritedTweetId };
}

const BAD_TOKENS: [string, (world: World) => string, number, string][] = [
  ['no token', () => '', 200, 'UNAUTHENTICATED'],
  [
    'an expired token',
    ({ owner }) => jwt.sign({}, server.config.jwtSecret, { algorithm: 'HS256', subject: owner.id, issuer: 'chirp', expiresIn: -10 }),
    401,
    'UNAUTHENTICATED',
  ],
  ['a forged token', ({ owner }) => issueToken(owner.id, { secret: 'a-forger-s-key-a-forger-s-key-a-forger', ttlSeconds: 60 }), 401, 'UNAUTHENTICATED'],
];

it('covers every mutation of the schema', () => {
  const mutations = Object.keys(buildGraphQLSchema().getMutationType()?.getFields() ?? {});
  expect(mutations.filter((name) => !PUBLIC_MUTATIONS.includes(name)).sort()).toEqual(Object.keys(MUTATIONS).sort());
});

describe.each(BAD_TOKENS)('with %s', (_name, tokenFor, status, code) => {
  it.each(Object.entries(MUTATIONS))('refuses %s and writes nothing', async (_mutation, mutation) => {
    const world = await freshWorld();
    const before = await state(world);
    const { query, variables } = mutation(world);
    const response = await server.request(query, variables, tokenFor(world) || undefined);
    expect({ status: response.status, codes: response.errors?.map((error) => error.extensions?.code) }).toEqual({ status, codes: [code] });
    expect(await state(world)).toEqual(before);
  });

  it('refuses the home timeline query', async () => {
    const world = await freshWorld();
    const response = await server.request('{ homeTimeline { edges { node { id } } } }', {}, tokenFor(world) || undefined);
    expect({ status: response.status, codes: response.errors?.map((error) => error.extensions?.code) }).toEqual({ status, codes: [code] });
  });

  it('refuses the homeTimeline subscription', async () => {
    const world = await freshWorld();
    const token = tokenFor(world);
    const client = liveClient(server.url, token ? bearer(token) : undefined);
    try {
      const subscription = client.subscribe('subscription { homeTimeline { id } }');
      if (token) {
        expect(await client.closed).toBe(4403);
      } else {
        await subscription.done;
        expect(subscription.results.map((result) => result.errors?.map((error) => error.extensions?.code))).toEqual([['UNAUTHENTICATED']]);
      }
    } finally {
      await client.dispose();
    }
  });
});

describe("with another user's token", () => {
  it('refuses to delete the owner’s tweet with FORBIDDEN and writes nothing', async () => {
    const world = await freshWorld();
    const before = await state(world);
    const response = await server.request('mutation M($id: ID!) { deleteTweet(id: $id) }', { id: world.tweetId }, world.other.token);
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await state(world)).toEqual(before);
  });

  it('acts as that other user, never as the owner, for every other mutation', async () => {
    for (const [name, mutation] of Object.entries(MUTATIONS).filter(([other]) => other !== 'deleteTweet')) {
      const world = await freshWorld();
      const before = await state(world);
      const { query, variables } = mutation(world);
      await server.request(query, variables, world.other.token);
      const after = await state(world);
      // The owner's profile, tweets, follows and favorites are the owner's alone; only what the
      // other user did to them (a follow, a favorite) shows on their counts.
      expect({
        name,
        bio: after?.user?.bio,
        tweetCount: after?.user?.tweetCount,
        followingCount: after?.user?.followingCount,
        favorites: after?.user?.favorites,
      }).toEqual({
        name,
        bio: before?.user?.bio,
        tweetCount: before?.user?.tweetCount,
        followingCount: before?.user?.followingCount,
        favorites: before?.user?.favorites,
      });
      expect((await server.request(ME, {}, world.owner.token)).data).toEqual({ me: { id: world.owner.id } });
    }
  });
});
