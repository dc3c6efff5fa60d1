import { operation, startTestServer, type TestServer } from '../support/test-server';
import { errorCodes, follow, signUp, signUpMany, uniqueHandle } from '../support/users';

interface Profile {
  id: string;
  handle: string;
  displayName: string;
  bio: string;
  followerCount: number;
  followingCount: number;
  tweetCount: number;
  viewerFollows: boolean;
}
type Followed = Pick<Profile, 'id' | 'followerCount' | 'viewerFollows'>;
interface Page<Node> {
  edges: { cursor?: string; node: Node }[];
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
}

const PROFILE = operation<{ user: Profile | null }>(`query Profile($handle: String!) {
  user(handle: $handle) { id handle displayName bio followerCount followingCount tweetCount viewerFollows }
}`);
const FOLLOW = operation<{ follow: Followed }>('mutation Follow($id: ID!) { follow(userId: $id) { id followerCount viewerFollows } }');
const UNFOLLOW = operation<{ unfollow: Followed }>('mutation Unfollow($id: ID!) { unfollow(userId: $id) { id followerCount viewerFollows } }');
const UPDATE = operation<{ updateProfile: Pick<Profile, 'displayName' | 'bio'> }>(
  'mutation Update($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName bio } }',
);

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

async function profile(handle: string, token?: string): Promise<Profile | null> {
  return (await server.data(PROFILE, { handle }, token)).user;
}

describe('user and me', () => {
  it('finds a user by handle in any case and answers null for unknown or malformed handles', async () => {
    const user = await signUp(server);
    expect((await profile(user.handle.toUpperCase()))?.id).toBe(user.id);
    expect(await profile('nobody_here_x')).toBeNull();
    expect(await profile('not a handle!')).toBeNull();
  });

  it('finds a handle signed up after a lookup found nobody, and shows its changes at once', async () => {
    const handle = uniqueHandle('late');
    expect(await profile(handle)).toBeNull(); // nobody is cached as nobody
    const user = await signUp(server, handle);
    const fan = await signUp(server);
    expect(await profile(handle)).toMatchObject({ id: user.id, followerCount: 0 });
    await server.data(UPDATE, { input: { displayName: 'Late Comer' } }, user.token);
    await follow(server, fan, user);
    expect(await profile(handle.toUpperCase(), fan.token)).toMatchObject({ id: user.id, displayName: 'Late Comer', followerCount: 1, viewerFollows: true });
  });
});

describe('updateProfile', () => {
  it('changes the given fields and keeps the others', async () => {
    const user = await signUp(server);
    const first = await server.data(UPDATE, { input: { displayName: ' Grace ', bio: 'Compilers.' } }, user.token);
    expect(first.updateProfile).toEqual({ displayName: 'Grace', bio: 'Compilers.' });
    const second = await server.data(UPDATE, { input: { bio: '' } }, user.token);
    expect(second.updateProfile).toEqual({ displayName: 'Grace', bio: '' });
  });

  it('rejects a bio over 160 characters and a display name over 50, writing nothing', async () => {
    const user = await signUp(server);
    const bio = await server.request(UPDATE, { input: { displayName: 'Kept out', bio: 'b'.repeat(161) } }, user.token);
    expect(errorCodes(bio)).toEqual(['BAD_USER_INPUT']);
    expect(bio.errors?.[0]?.extensions?.field).toBe('bio');
    const name = await server.request(UPDATE, { input: { displayName: 'n'.repeat(51) } }, user.token);
    expect(name.errors?.[0]?.extensions?.field).toBe('displayName');
    expect(await profile(user.handle)).toMatchObject({ displayName: user.handle, bio: '' });
  });

  it('rejects a display name with no visible character or an unbalanced bidi control, writing nothing', async () => {
    const user = await signUp(server);
    for (const [displayName, message] of [
      ['\u202e', 'displayName must have at least one visible character.'],
      ['\u200b\u2060', 'displayName must have at least one visible character.'],
      ['Support\u202e', 'displayName opens a right-to-left override (U+202E) and does not close it.'],
    ]) {
      const response = await server.request(UPDATE, { input: { displayName, bio: 'Kept out' } }, user.token);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]).toMatchObject({ message, extensions: { field: 'displayName' } });
    }
    expect(await profile(user.handle)).toMatchObject({ displayName: user.handle, bio: '' });
  });

  it('keeps a display name with ZWJ in an emoji, ZWNJ in Persian and a balanced isolate as written', async () => {
    const user = await signUp(server);
    const displayName = 'می\u200cخواهم 👩\u200d💻 \u2067مريم\u2069';
    expect((await server.data(UPDATE, { input: { displayName } }, user.token)).updateProfile.displayName).toBe(displayName);
    expect((await profile(user.handle))?.displayName).toBe(displayName);
  });

  it('accepts exactly 160 code points of emoji in a bio', async () => {
    const user = await signUp(server);
    const response = await server.request(UPDATE, { input: { bio: '🐦'.repeat(160) } }, user.token);
    expect(response.errors).toBeUndefined();
  });

  it('requires signing in', async () => {
    expect(errorCodes(await server.request(UPDATE, { input: { bio: 'x' } }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('follow and unfollow', () => {
  it('follows once however often asked, and unfollow undoes it', async () => {
    const [alice, bob] = await signUpMany(server, 2);
    const once = await server.data(FOLLOW, { id: bob.id }, alice.token);
    expect(once.follow).toEqual({ id: bob.id, followerCount: 1, viewerFollows: true });
    const twice = await server.data(FOLLOW, { id: bob.id }, alice.token);
    expect(twice.follow).toEqual({ id: bob.id, followerCount: 1, viewerFollows: true });
    expect(await profile(alice.handle, alice.token)).toMatchObject({ followingCount: 1, followerCount: 0 });
    expect(await profile(bob.handle, alice.token)).toMatchObject({ followerCount: 1, viewerFollows: true });
    expect(await profile(bob.handle)).toMatchObject({ viewerFollows: false });

    const unfollowed = await server.data(UNFOLLOW, { id: bob.id }, alice.token);
    expect(unfollowed.unfollow).toEqual({ id: bob.id, followerCount: 0, viewerFollows: false });
    const again = await server.data(UNFOLLOW, { id: bob.id }, alice.token);
    expect(again.unfollow).toEqual({ id: bob.id, followerCount: 0, viewerFollows: false });
    expect(await profile(alice.handle)).toMatchObject({ followingCount: 0 });
  });

  it('rejects following or unfollowing yourself and writes nothing', async () => {
    const alice = await signUp(server);
    const response = await server.request(FOLLOW, { id: alice.id }, alice.token);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]).toMatchObject({ message: 'You cannot follow yourself.', extensions: { field: 'userId' } });
    const unfollow = await server.request(UNFOLLOW, { id: alice.id }, alice.token);
    expect(unfollow.errors?.[0]).toMatchObject({ message: 'You cannot unfollow yourself.', extensions: { code: 'BAD_USER_INPUT', field: 'userId' } });
    expect(await profile(alice.handle)).toMatchObject({ followerCount: 0, followingCount: 0 });
  });

  it('answers NOT_FOUND for an unknown user and UNAUTHENTICATED when signed out', async () => {
    const alice = await signUp(server);
    expect(errorCodes(await server.request(FOLLOW, { id: '0190d0a4-0000-7000-8000-000000000000' }, alice.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await server.request(UNFOLLOW, { id: 'garbage' }, alice.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await server.request(FOLLOW, { id: alice.id }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('followers and following', () => {
  const LISTS = operation<{
    user: { followers: Page<{ handle: string }>; following: Page<{ handle: string }> } | null;
  }>(`query Lists($handle: String!, $first: Int, $after: String) {
    user(handle: $handle) {
      followers(first: $first, after: $after) { edges { cursor node { handle } } pageInfo { hasNextPage endCursor } }
      following(first: $first) { edges { node { handle } } }
    }
  }`);

  it('lists followers most recent first, page by page, and who each user follows', async () => {
    const [star, ...fans] = await signUpMany(server, 6, 'fan');
    for (const fan of fans) await follow(server, fan, star);

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const followers: Page<{ handle: string }> | undefined = (await server.data(LISTS, { handle: star.handle, first: 2, after })).user?.followers;
      seen.push(...(followers?.edges.map((edge) => edge.node.handle) ?? []));
      after = followers?.pageInfo?.hasNextPage ? followers.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual(fans.map((fan) => fan.handle).reverse());

    const fanLists = (await server.data(LISTS, { handle: fans[0].handle, first: 10 })).user;
    expect(fanLists?.following.edges).toEqual([{ node: { handle: star.handle } }]);
    expect(fanLists?.followers.edges).toEqual([]);
  });
});
