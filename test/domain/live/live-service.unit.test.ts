/**
 * The live service's handling of events, against fakes of its ports: each event a subscription
 * hands on starts the subscription's reads afresh, with the author record it carries taken as
 * read, and ending the subscription ends its stream. Starts nothing.
 */
import { EventStream } from '../../../src/domain/live/event-stream';
import type { LiveTweet } from '../../../src/domain/live/live-feeds';
import { LiveService } from '../../../src/domain/live/live-service';
import type { LiveStreams } from '../../../src/domain/live/ports';
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
