/**
 * The live service's handling of events, against fakes of its ports: each event a subscription
 * hands on starts the subscription's reads afresh, with the author record it carries taken as
 * read, and ending the subscription ends its stream. Starts nothing.
 */
import { EventStream } from '../../../src/domain/live/event-stream';
import type { LiveTweet } from '../../../src/domain/live/ports';
import { LiveService } from '../../../src/domain/live/live-service';
import type { LiveStreams } from '../../../src/domain/live/ports';
import { WatchedIds } from '../../../src/domain/live/watched-ids';
import { newId } from '../../../src/ids';
import { tweetBy, userWith } from '../../support/domain-fakes';

it('starts each event afresh, taking the author record the event carries as read, and ends the stream with the subscription', async () => {
  const [viewerId, authorId, otherAuthorId] = [newId(), newId(), newId()];
  const stream = new EventStream<LiveTweet>(10);
  const live: LiveStreams = { homeTimeline: async () => stream, authorTweets: async () => stream, tweetUpdates: async () => stream };
  /** The ids of the users each event started with, in order. */
  const started: string[][] = [];
  const service = new LiveService(
    { viewer: { signedIn: true, userId: viewerId }, live, events: { startEvent: (users) => started.push(users.map((user) => user.id)) } },
    { byId: async () => null },
    { byId: async () => null },
  );
  const events = await service.homeTimeline();

  stream.push({ ...tweetBy(authorId), author: userWith(authorId) });
  // A tweet's change carries no author: its event starts with nothing read.
  stream.push(tweetBy(otherAuthorId));
  expect(started).toEqual([]);
  await events.next();
  expect(started).toEqual([[authorId]]);
  await events.next();
  expect(started).toEqual([[authorId], []]);

  await events.return?.();
  expect(stream.isClosed).toBe(true);
});

describe('ids', () => {
  const opened: string[] = [];
  const open = async (id: string) => {
    opened.push(id);
    return new EventStream<LiveTweet>(10);
  };
  const live: LiveStreams = { homeTimeline: open, authorTweets: open, tweetUpdates: open };
  const service = (watched?: WatchedIds) =>
    new LiveService(
      { viewer: { signedIn: true, userId: newId() }, live, events: { startEvent: () => {} }, watched },
      { byId: async (id) => userWith(id) },
      { byId: async (id) => tweetBy(newId(), { id }) },
    );
  afterEach(() => (opened.length = 0));

  it.each([
    ['tweetUpdated', 'id', (live: LiveService, id: string) => live.tweetUpdated(id), 'id must be a tweet id'],
    ['tweetPosted', 'authorId', (live: LiveService, id: string) => live.tweetPosted(id), 'authorId must be a user id'],
    ['tweetsUpdated', 'ids', (live: LiveService, id: string) => live.tweetsUpdated([newId(), id]), 'ids must hold tweet ids'],
  ])('%s refuses what is not an id with BAD_USER_INPUT naming %s, and opens nothing', async (_name, field, subscribe, start) => {
    for (const junk of ['x', 'x'.repeat(400), '0190A7E0-0000-7000-8000-000000000000', `${newId()} `, '']) {
      const refused = subscribe(service(), junk);
      await expect(refused).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field });
      await expect(refused).rejects.toThrow(start);
    }
    expect(opened).toEqual([]);
  });

  it('names the refused value in its message, cut short', async () => {
    const long = `${'x'.repeat(40)}${'y'.repeat(360)}`;
    await expect(service().tweetUpdated(long)).rejects.toThrow(
      `id must be a tweet id (a UUID such as 0190a7e0-0000-7000-8000-000000000000), not "${'x'.repeat(40)}…".`,
    );
    await expect(service().tweetsUpdated([newId(), 'nope'])).rejects.toThrow(
      'ids must hold tweet ids (UUIDs such as 0190a7e0-0000-7000-8000-000000000000); "nope" is not one.',
    );
  });

  it("counts every stream against the connection's watched ids until it closes, and refuses what would pass the limit", async () => {
    const watched = new WatchedIds(5);
    const first = await service(watched).tweetsUpdated([newId(), newId(), newId()]);
    const second = await service(watched).tweetUpdated(newId());
    expect(watched.count).toBe(4);
    await expect(service(watched).tweetsUpdated([newId(), newId()])).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: 'A connection may watch at most 5 ids at once (it watches 4, and this subscription asks for 2 more); complete a subscription first.',
    });
    expect(opened).toHaveLength(4);
    await first.return?.();
    expect(watched.count).toBe(1);
    const third = await service(watched).tweetsUpdated([newId(), newId(), newId(), newId()]);
    expect(watched.count).toBe(5);
    await Promise.all([second.return?.(), third.return?.()]);
    expect(watched.count).toBe(0);
  });
});
