/**
 * Live feeds through the real graphql-ws client against a running server, with the in-process
 * event bus and with Redis.
 */
import WebSocket from 'ws';

import { connectDisposedAfterEach, liveClient, bearer, handshake, untilId, untilLive, type LiveSubscription } from '../support/live-client';
import { eventually } from '../support/eventually';
import { TEST_REDIS_URL } from '../support/test-redis';
import { operation, startTestServer, type TestServer } from '../support/test-server';
import { follow, postTweet, signUp, signUpMany, type SignedUpUser } from '../support/users';
import { required } from '../support/required';
import { TweetService } from '../../src/domain/tweets/tweet-service';
import { issueToken } from '../../src/domain/accounts/tokens';
import { newId } from '../../src/ids';
import { freePort } from '../../src/store/local-neo4j/local-neo4j';

interface HomeEvent {
  homeTimeline: { id: string; text: string; deleted: boolean; author: { id: string; handle: string } };
}

const HOME = operation<HomeEvent>('subscription { homeTimeline { id text deleted author { id handle } } }');
const POSTED = operation<{ tweetPosted: { id: string; text: string } }>('subscription Posted($authorId: ID!) { tweetPosted(authorId: $authorId) { id text } }');
const UPDATED = operation<{ tweetUpdated: { id: string; favoriteCount: number; viewerHasFavorited: boolean; deleted: boolean } }>(
  'subscription Updated($id: ID!) { tweetUpdated(id: $id) { id favoriteCount viewerHasFavorited deleted } }',
);

const connect = connectDisposedAfterEach();

/** Subscribes to the user's home timeline and waits until it is live: the user's own tweets arrive. */
async function liveHome(server: TestServer, user: SignedUpUser): Promise<LiveSubscription<HomeEvent>> {
  const subscription = connect(server, bearer(user.token)).subscribe(HOME);
  await untilLive(subscription, () => postTweet(server, user, 'probe'));
  return subscription;
}

/**
 * Proves that nothing else is on its way to a home feed: waits for background fan-outs, then the
 * user posts a marker, which arrives after anything published before it. Returns every event up to
 * and including the marker's, so a test asserts the whole sequence.
 */
async function textsUntilMarker(server: TestServer, user: SignedUpUser, feed: LiveSubscription<HomeEvent>): Promise<(string | undefined)[]> {
  await server.timelines.drain();
  const marker = await postTweet(server, user, 'marker');
  return (await untilId(feed, marker)).map((result) => result.data?.homeTimeline.text);
}

async function unfollow(server: TestServer, follower: SignedUpUser, followee: SignedUpUser): Promise<void> {
  const response = await server.request('mutation U($id: ID!) { unfollow(userId: $id) { id } }', { id: followee.id }, follower.token);
  expect(response.errors).toBeUndefined();
}

describe.each([
  ['in-process', {}],
  ['Redis', { REDIS_URL: TEST_REDIS_URL }],
] as const)('live feeds with the %s event bus', (_name, environment) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ...environment, LIVE_MAX_SUBSCRIPTIONS: '3' });
  });
  afterAll(() => server.stop());

  it("delivers a followee's new tweet to a follower's homeTimeline within a second, and not to a non-follower", async () => {
    const [author, follower, stranger] = await signUpMany(server, 3, 'live');
    await follow(server, follower, author);
    const [followerFeed, strangerFeed] = await Promise.all([liveHome(server, follower), liveHome(server, stranger)]);

    const tweetId = await postTweet(server, author, 'Hello, live world');
    const event = await followerFeed.next(1_000);
    expect(event.data?.homeTimeline).toEqual({ id: tweetId, text: 'Hello, live world', deleted: false, author: { id: author.id, handle: author.handle } });

    expect(await textsUntilMarker(server, stranger, strangerFeed)).toEqual(['marker']);
  });

  it('delivers a tweet to many subscribers without reading its author for any of them: the event carries the record', async () => {
    const [author, ...followers] = await signUpMany(server, 11, 'carry');
    for (const follower of followers) await follow(server, follower, author);
    const feeds = await Promise.all(followers.map((follower) => liveHome(server, follower)));
    await server.timelines.drain();
    // Every user read, from the record cache or Neo4j, goes through findByIds (a loader's miss).
    const userReads = jest.spyOn(server.stores.users, 'findByIds');
    // Each execution of the selection resolves `author` once.
    const executions = jest.spyOn(TweetService.prototype, 'author');
    try {
      const tweetId = await postTweet(server, author, 'one read for all');
      const events = await Promise.all(feeds.map((feed) => feed.until((result) => result.data?.homeTimeline.id === tweetId)));
      for (const event of events) expect(event.data?.homeTimeline.author).toEqual({ id: author.id, handle: author.handle });
      // One read, the post's own (its token's version is checked): none per subscriber.
      expect(userReads.mock.calls.flatMap(([ids]) => ids)).toEqual([author.id]);
      // The selection has no per-viewer field: executed once for all ten subscribers.
      expect(executions).toHaveBeenCalledTimes(1);
    } finally {
      userReads.mockRestore();
      executions.mockRestore();
    }
  });

  it("answers each subscriber's per-viewer fields for themselves when an event reaches several", async () => {
    const [author, fan, stranger] = await signUpMany(server, 3, 'own');
    const tweetId = await postTweet(server, author, 'favorite me, or not');
    const fanUpdates = connect(server, bearer(fan.token)).subscribe(UPDATED, { id: tweetId });
    const strangerUpdates = connect(server, bearer(stranger.token)).subscribe(UPDATED, { id: tweetId });
    const favorite = (user: SignedUpUser, mutation: 'favorite' | 'unfavorite') =>
      server.request(`mutation F($id: ID!) { ${mutation}(tweetId: $id) { favoriteCount } }`, { id: tweetId }, user.token);
    // Live once both have seen one of the author's probes (counts 1 and 0 only).
    for (let attempt = 0; fanUpdates.results.length === 0 || strangerUpdates.results.length === 0; attempt++) {
      if (attempt === 40) throw new Error('The subscriptions never went live.');
      await favorite(author, 'favorite');
      await favorite(author, 'unfavorite');
      await Promise.all([fanUpdates.next(250).catch(() => undefined), strangerUpdates.next(250).catch(() => undefined)]);
    }

    await favorite(author, 'favorite');
    await favorite(fan, 'favorite'); // the only event with a count of 2
    await server.request('mutation D($id: ID!) { deleteTweet(id: $id) }', { id: tweetId }, author.token);
    await Promise.all([fanUpdates.done, strangerUpdates.done]);
    const countOfTwo = (updates: typeof fanUpdates) =>
      updates.results.map((result) => required(result.data, 'an update').tweetUpdated).filter((event) => event.favoriteCount === 2 && !event.deleted);
    // The same event and the same selection: the fan's copy says favorited, the stranger's does not.
    expect(countOfTwo(fanUpdates)).toEqual([{ id: tweetId, favoriteCount: 2, viewerHasFavorited: true, deleted: false }]);
    expect(countOfTwo(strangerUpdates)).toEqual([{ id: tweetId, favoriteCount: 2, viewerHasFavorited: false, deleted: false }]);
  });

  it('stops delivering after an unfollow', async () => {
    const [author, follower] = await signUpMany(server, 2, 'unf');
    await follow(server, follower, author);
    const feed = await liveHome(server, follower);
    await postTweet(server, author, 'before');
    expect((await feed.next()).data?.homeTimeline.text).toBe('before');

    await unfollow(server, follower, author);
    await postTweet(server, author, 'after');
    expect(await textsUntilMarker(server, follower, feed)).toEqual(['marker']);
  });

  it('refuses homeTimeline without a token as UNAUTHENTICATED, while tweetPosted is open to anyone', async () => {
    const author = await signUp(server);
    const anonymous = connect(server);
    const home = anonymous.subscribe(HOME);
    await home.done;
    expect(home.results[0]?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const posted = anonymous.subscribe(POSTED, { authorId: author.id });
    await untilLive(posted, (attempt) => postTweet(server, author, `probe ${attempt}`));
    const tweetId = await postTweet(server, author, 'for the profile page');
    const event = await posted.until((result) => result.data?.tweetPosted.text === 'for the profile page');
    expect(event.data?.tweetPosted.id).toBe(tweetId);
  });

  it('answers tweetPosted for an unknown author with NOT_FOUND', async () => {
    const subscription = connect(server).subscribe(POSTED, { authorId: '0190a7e0-0000-7000-8000-000000000000' });
    await subscription.done;
    expect(subscription.results[0]?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('reports favorite counts and viewerHasFavorited as they change, then the deletion, then completes', async () => {
    const [author, fan] = await signUpMany(server, 2, 'fav');
    const tweetId = await postTweet(server, author, 'favorite me');
    const updates = connect(server, bearer(fan.token)).subscribe(UPDATED, { id: tweetId });
    const favorite = (user: SignedUpUser, mutation: 'favorite' | 'unfavorite') =>
      server.request(`mutation F($id: ID!) { ${mutation}(tweetId: $id) { favoriteCount } }`, { id: tweetId }, user.token);

    // Live once one of the author's probes arrives: each favorites then unfavorites, so the count
    // is back to 0 when the probing ends, and every probe event comes before the fan's.
    for (let attempt = 0; updates.results.length === 0; attempt++) {
      if (attempt === 40) throw new Error('The subscription never went live.');
      await favorite(author, 'favorite');
      await favorite(author, 'unfavorite');
      await updates.next(250).catch(() => undefined);
    }

    await favorite(fan, 'favorite');
    await favorite(fan, 'favorite'); // changes nothing: no event
    await favorite(fan, 'unfavorite');
    const deleted = await server.request('mutation D($id: ID!) { deleteTweet(id: $id) }', { id: tweetId }, author.token);
    expect(deleted.data).toEqual({ deleteTweet: true });
    await updates.done;
    const events = updates.results.map((result) => required(result.data, 'the data of an update').tweetUpdated);
    const fansFirst = events.findIndex((event) => event.viewerHasFavorited);
    // Before the fan's: the author's probes only, in favorite-unfavorite pairs (the first may be missed).
    for (const probe of events.slice(0, fansFirst))
      expect(probe).toEqual({ id: tweetId, favoriteCount: expect.any(Number), viewerHasFavorited: false, deleted: false });
    expect(events.slice(fansFirst)).toEqual([
      { id: tweetId, favoriteCount: 1, viewerHasFavorited: true, deleted: false },
      { id: tweetId, favoriteCount: 0, viewerHasFavorited: false, deleted: false },
      { id: tweetId, favoriteCount: 0, viewerHasFavorited: false, deleted: true },
    ]);
  });

  it('closes the socket with 4403 Forbidden for a bad token', async () => {
    for (const authorization of ['Bearer not-a-token', 'Basic abc', 42]) {
      const client = connect(server, { authorization });
      const subscription = client.subscribe('subscription { tweetPosted(authorId: "x") { id } }');
      await expect(subscription.done).rejects.toMatchObject({ code: 4403 });
      expect(await client.closed).toBe(4403);
    }
  });

  it('caps the operations one connection may run at once', async () => {
    const user = await signUp(server);
    const client = connect(server, bearer(user.token));
    const open = [client.subscribe(HOME), client.subscribe(HOME), client.subscribe(HOME)] as const;
    const refused = client.subscribe(HOME);
    await expect(refused.done).rejects.toEqual([expect.objectContaining({ extensions: { code: 'LIMIT_EXCEEDED' } })]);
    // The three open ones still work.
    for (const subscription of open) await untilLive(subscription, () => postTweet(server, user, 'probe'));
    // Ending one frees its place (once the server has handled the `complete`).
    open[0].unsubscribe();
    await eventually(
      async () => {
        const replacement = client.subscribe(HOME);
        const refused = await Promise.race([
          replacement.done.then(
            () => false,
            () => true,
          ),
          postTweet(server, user, 'again')
            .then(() => replacement.next(2_000))
            .then(
              () => false,
              () => true,
            ),
        ]);
        if (refused) replacement.unsubscribe();
        return !refused;
      },
      (live) => live,
      { what: 'a place freed by the ended subscription' },
    );
  });
});

describe('live feeds and celebrities', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Two followers make a celebrity: no fan-out, followers listen on the author's channel.
    server = await startTestServer({ CELEBRITY_THRESHOLD: '2' });
  });
  afterAll(() => server.stop());

  it("delivers a celebrity's tweets to followers, follows and unfollows included while subscribed", async () => {
    const [celebrity, fan, late, ...others] = await signUpMany(server, 5, 'cel');
    await follow(server, fan, celebrity);
    for (const other of others) await follow(server, other, celebrity);
    const fanFeed = await liveHome(server, fan);
    const lateFeed = await liveHome(server, late);

    const first = await postTweet(server, celebrity, 'from the top');
    expect((await fanFeed.next()).data?.homeTimeline.id).toBe(first);

    // A follow while subscribed starts delivery (once the subscription has re-read whom it follows).
    await follow(server, late, celebrity);
    await untilLive(lateFeed, (attempt) => postTweet(server, celebrity, `hello newcomer ${attempt}`));
    const second = await postTweet(server, celebrity, 'hello again');
    expect((await lateFeed.next()).data?.homeTimeline.id).toBe(second);
    expect((await untilId(fanFeed, second)).map((event) => event.data?.homeTimeline.text)).toEqual(expect.arrayContaining(['hello again']));

    // An unfollow stops it: probed until a celebrity tweet no longer comes before the fan's marker.
    await unfollow(server, fan, celebrity);
    await eventually(
      async () => {
        await postTweet(server, celebrity, 'still there?');
        return textsUntilMarker(server, fan, fanFeed);
      },
      (texts) => texts.length === 1,
      { what: 'the unfollow to reach the subscription' },
    );
    const third = await postTweet(server, celebrity, 'bye');
    expect((await untilId(lateFeed, third)).at(-1)?.data?.homeTimeline.text).toBe('bye');
    expect(await textsUntilMarker(server, fan, fanFeed)).toEqual(['marker']);
  });

  it('keeps delivering when an author crosses the threshold while a follower is subscribed', async () => {
    const [author, fan, second, third] = await signUpMany(server, 4, 'crs');
    await follow(server, fan, author);
    const feed = await liveHome(server, fan);
    const before = await postTweet(server, author, 'fanned out');
    expect((await feed.next()).data?.homeTimeline.id).toBe(before);

    await follow(server, second, author);
    await follow(server, third, author); // three followers: now a celebrity
    await server.timelines.drain();
    // Delivered again once the subscription has re-read whom it follows, through the author's channel now.
    await untilLive(feed, (attempt) => postTweet(server, author, `merged at read time ${attempt}`));
    const after = await postTweet(server, author, 'merged at read time');
    expect((await feed.next()).data?.homeTimeline.id).toBe(after);
  });
});

describe('token expiry', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ JWT_TTL_SECONDS: '3' });
  });
  afterAll(() => server.stop());

  it("ends the viewer's subscriptions by closing the socket with 4403 when the token expires", async () => {
    const user = await signUp(server);
    const expiresAtMs = JSON.parse(Buffer.from(required(user.token.split('.')[1], 'the claims of the token'), 'base64url').toString()).exp * 1000;
    const client = connect(server, bearer(user.token));
    const feed = client.subscribe(HOME);
    // However long a loaded machine takes to set this up, the socket closes with 4403, and not
    // before the token expires (a whole second early at most: `exp` is in whole seconds).
    expect(await client.closed).toBe(4403);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAtMs - 1_000);
    await expect(feed.done).rejects.toMatchObject({ code: 4403 });
  });
});

describe('connection upkeep', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LIVE_KEEPALIVE_MS: '200' });
  });
  afterAll(() => server.stop());

  /** A raw graphql-transport-ws connection, acknowledged; `autoPong: false` plays a client that died. */
  async function rawConnection(autoPong: boolean): Promise<{ socket: WebSocket; closed: Promise<number> }> {
    const socket = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { autoPong });
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    const ack = await new Promise<string>((resolve) => socket.once('message', (data) => resolve((data as Buffer).toString())));
    expect(JSON.parse(ack)).toEqual({ type: 'connection_ack' });
    return { socket, closed };
  }

  it('drops a client that stops answering pings, and keeps one that answers', async () => {
    const dead = await rawConnection(false);
    const alive = await rawConnection(true);
    expect(await dead.closed).toBe(1006); // terminated, no closing handshake
    // Three more pings answered: the living client outlasts the interval that dropped the dead one.
    await new Promise<void>((resolve) => {
      let pings = 0;
      alive.socket.on('ping', () => ++pings === 3 && resolve());
    });
    expect(alive.socket.readyState).toBe(WebSocket.OPEN);
    alive.socket.close();
  });
});

it('closes subscription sockets with 1001 Going Away when the server stops', async () => {
  const server = await startTestServer();
  const user = await signUp(server);
  const client = liveClient(server.url, bearer(user.token));
  const feed = client.subscribe(HOME);
  await untilLive(feed, () => postTweet(server, user, 'before the shutdown'));
  await server.stop();
  expect(await client.closed).toBe(1001);
  await client.dispose();
});

describe('sessions on open sockets', () => {
  const LOG_OUT_EVERYWHERE = operation<{ logOutEverywhere: boolean }>('mutation { logOutEverywhere }');
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => server.stop());

  it('checks the session as each operation starts: a log-out everywhere whose notice never came closes the socket with 4403 at the next subscribe', async () => {
    // The event bus cannot listen for the end of sessions: no notice reaches this socket.
    jest.spyOn(server.live, 'sessionEnds').mockRejectedValue(new Error('The event bus is away.'));
    const user = await signUp(server);
    const client = connect(server, bearer(user.token));
    await untilLive(client.subscribe(HOME), () => postTweet(server, user, 'probe'));
    expect((await server.request(LOG_OUT_EVERYWHERE, {}, user.token)).data).toEqual({ logOutEverywhere: true });

    const refused = client.subscribe(POSTED, { authorId: user.id });
    await expect(refused.done).rejects.toMatchObject({ code: 4403 });
    expect(await client.closed).toBe(4403);
  });

  it('retries listening for the end of sessions when it failed, and then closes the socket at a log-out everywhere', async () => {
    const listen = server.live.sessionEnds.bind(server.live);
    let listening = () => {};
    const retried = new Promise<void>((resolve) => (listening = resolve));
    jest
      .spyOn(server.live, 'sessionEnds')
      .mockRejectedValueOnce(new Error('The event bus is away.'))
      .mockImplementation(async (userId, onEnded) => {
        const unsubscribe = await listen(userId, onEnded);
        listening();
        return unsubscribe;
      });
    const user = await signUp(server);
    const client = connect(server, bearer(user.token));
    await untilLive(client.subscribe(HOME), () => postTweet(server, user, 'probe'));
    await retried;

    expect((await server.request(LOG_OUT_EVERYWHERE, {}, user.token)).data).toEqual({ logOutEverywhere: true });
    expect(await client.closed).toBe(4403);
  });
});

describe('a session that cannot be checked (Neo4j unreachable)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A port nothing listens on: every read of a token version not cached fails.
    const closed = await freePort();
    server = await startTestServer({ NEO4J_URI: `bolt://127.0.0.1:${closed}`, NEO4J_CONNECTION_TIMEOUT_MS: '500', NEO4J_RETRY_MS: '0' });
  });
  afterAll(() => server.stop());

  it('closes with 1013 Try Again Later, not 4403: the session is not known to be over', async () => {
    const token = issueToken(newId(), { secret: server.config.jwtSecret, ttlSeconds: 3_600 });
    expect(await handshake(server.url, { payload: bearer(token) })).toEqual({
      outcome: 'closed',
      code: 1013,
      reason: 'The session could not be checked; try again later.',
    });
  });

  it('still closes a forged token with 4403, and serves a signed-out client', async () => {
    expect(await handshake(server.url, { payload: bearer('not-a-token') })).toMatchObject({ outcome: 'closed', code: 4403 });
    const signedOut = await handshake(server.url);
    expect(signedOut.outcome).toBe('acknowledged');
    if (signedOut.outcome === 'acknowledged') signedOut.socket.close();
  });
});
