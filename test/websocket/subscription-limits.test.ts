/**
 * What one client may hold of the subscriptions server, against a running server through real
 * WebSockets: connections per user and per address, ids that must be ids, ids watched per
 * connection, and events a second per connection.
 */
import { newId } from '../../src/ids';
import { eventually } from '../support/eventually';
import { bearer, connectDisposedAfterEach, handshake, untilLive } from '../support/live-client';
import { operation, startTestServer, type TestServer } from '../support/test-server';
import { postTweet, signUpMany } from '../support/users';

const HOME = operation<{ homeTimeline: { id: string } }>('subscription { homeTimeline { id } }');
const TWEETS_UPDATED = operation<{ tweetsUpdated: { id: string } }>('subscription U($ids: [ID!]!) { tweetsUpdated(ids: $ids) { id } }');
const TWEET_UPDATED = operation<{ tweetUpdated: { id: string } }>('subscription U($id: ID!) { tweetUpdated(id: $id) { id } }');
const TWEET_POSTED = operation<{ tweetPosted: { id: string } }>('subscription P($authorId: ID!) { tweetPosted(authorId: $authorId) { id } }');

const connect = connectDisposedAfterEach();

/** The promise's outcome if it settles within `ms`, else 'pending': for what the old code never did. */
function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | { error: unknown } | 'pending'> {
  return Promise.race([
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms).unref()),
  ]);
}

describe('connections', () => {
  let server: TestServer;
  const open: WebSocketLike[] = [];
  type WebSocketLike = { close(): void };
  beforeAll(async () => {
    server = await startTestServer({ LIVE_MAX_SOCKETS_PER_ADDRESS: '4', LIVE_MAX_SOCKETS_PER_USER: '2' });
  });
  afterAll(async () => {
    for (const socket of open.splice(0)) socket.close();
    await server.stop();
  });

  /** How a handshake went; an acknowledged socket stays open (and counted) until the end. */
  async function attempt(payload?: Record<string, unknown>): Promise<string> {
    const answer = await handshake(server.url, { payload });
    if (answer.outcome === 'acknowledged') open.push(answer.socket);
    return answer.outcome === 'refused'
      ? `refused ${answer.status}: ${answer.body}`
      : answer.outcome === 'closed'
        ? `closed ${answer.code}: ${answer.reason}`
        : answer.outcome;
  }

  it('caps the connections of one user (1013, retryable) and of one address (429 at the upgrade), counted on this instance', async () => {
    const [user, other] = await signUpMany(server, 2, 'cap');
    expect(await attempt(bearer(user.token))).toBe('acknowledged');
    expect(await attempt(bearer(user.token))).toBe('acknowledged');
    expect(await attempt(bearer(user.token))).toBe('closed 1013: Too many connections of this user; try again later.');
    // Another user, and a signed-out client, from the same address: four open.
    expect(await attempt(bearer(other.token))).toBe('acknowledged');
    expect(await attempt()).toBe('acknowledged');
    // The fifth is refused before the handshake (once the server has seen the user's third close).
    await eventually(
      () => attempt(),
      (outcome) => outcome === 'refused 429: At most 4 WebSocket connections may come from one address.',
      {
        what: 'the fifth connection of the address refused',
        timeoutMs: 10_000,
      },
    );
    // A closed one frees its place.
    open.shift()?.close();
    await eventually(
      () => attempt(bearer(user.token)),
      (outcome) => outcome === 'acknowledged',
      { what: 'a place freed', timeoutMs: 10_000 },
    );
  });
});

describe('subscriptions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LIVE_MAX_WATCHED_IDS: '5', LIVE_MAX_EVENTS_PER_SECOND: '5' });
  });
  afterAll(() => server.stop());

  it.each([
    ['tweetsUpdated with 200 ids of 400 characters', TWEETS_UPDATED, { ids: Array.from({ length: 200 }, (_, n) => String(n).padEnd(400, 'x')) }, 'ids'],
    ['tweetUpdated with a long id', TWEET_UPDATED, { id: 'x'.repeat(400) }, 'id'],
    ['tweetPosted with an upper-case id', TWEET_POSTED, { authorId: newId().toUpperCase() }, 'authorId'],
  ])('refuses %s with BAD_USER_INPUT naming the argument', async (_name, query, variables, field) => {
    const subscription = connect(server).subscribe(query, variables);
    await subscription.done;
    expect(subscription.results.map((result) => result.errors?.map((error) => error.extensions))).toEqual([[{ code: 'BAD_USER_INPUT', field }]]);
  });

  it('caps the ids one connection watches across its subscriptions with LIMIT_EXCEEDED', async () => {
    const client = connect(server);
    const [first, second] = [
      client.subscribe(TWEETS_UPDATED, { ids: [newId(), newId(), newId()] }),
      client.subscribe(TWEETS_UPDATED, { ids: [newId(), newId(), newId()] }),
    ];
    // Whichever the server took second is refused: 3 and 3 are more than 5.
    await Promise.race([first.done, second.done]);
    const refused = [first, second].filter((subscription) => subscription.results.length > 0);
    expect(refused.map((subscription) => subscription.results[0]?.errors)).toEqual([
      [
        expect.objectContaining({
          message: 'A connection may watch at most 5 ids at once (it watches 3, and this subscription asks for 3 more); complete a subscription first.',
          extensions: { code: 'LIMIT_EXCEEDED' },
        }),
      ],
    ]);
    // Another connection has its own.
    const elsewhere = connect(server).subscribe(TWEETS_UPDATED, { ids: [newId(), newId(), newId(), newId(), newId()] });
    expect(await within(elsewhere.done, 1_000)).toBe('pending');
  });

  it('ends a subscription past the events a second of its connection with LIMIT_EXCEEDED, and keeps the connection', async () => {
    const [user, quiet] = await signUpMany(server, 2, 'rate');
    const client = connect(server, bearer(user.token));
    // Open throughout, so that the client keeps its connection when the other subscription ends.
    const idle = client.subscribe(TWEET_POSTED, { authorId: quiet.id });
    const home = client.subscribe(HOME);
    await untilLive(home, () => postTweet(server, user, 'probe'));
    await Promise.all(Array.from({ length: 15 }, (_, n) => postTweet(server, user, `burst ${n}`)));
    const ended = await within(home.done, 10_000);
    expect(ended).toEqual({ error: [expect.objectContaining({ extensions: { code: 'LIMIT_EXCEEDED' } })] });
    expect(home.results.length).toBeLessThanOrEqual(5 + 3); // the probes' and a second's worth at most
    // The connection stays open: a new subscription on it goes live, once the burst's last deliveries
    // (which may still fill a second of the connection's events) have passed.
    await eventually(
      async () => {
        const again = client.subscribe(HOME);
        const live = await untilLive(again, () => postTweet(server, user, 'after the burst'), { attempts: 8 }).then(
          () => true,
          () => false,
        );
        again.unsubscribe();
        return live;
      },
      (live) => live,
      { what: 'a new subscription on the same connection live', timeoutMs: 20_000 },
    );
    expect(await within(client.closed, 0)).toBe('pending');
    expect(idle.results).toEqual([]);
  });
});
