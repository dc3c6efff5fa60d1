/**
 * Live feed routing, against fakes of its two ports (the event bus, and which celebrities a user
 * follows): which channel each report goes to, what each subscription hears, and which channels a
 * home subscription listens on as the celebrities it follows change. Starts nothing.
 */
import type { EventStream } from '../../../src/domain/live/event-stream';
import { LiveFeeds } from '../../../src/domain/live/live-feeds';
import type { LiveTweet } from '../../../src/domain/live/ports';
import type { CelebrityFollows } from '../../../src/domain/live/ports';
import { CelebrityPolicy } from '../../../src/domain/timelines/celebrity-policy';
import { newId } from '../../../src/ids';
import { createLogger } from '../../../src/logger';
import { FakeEventBus, postedBy, tweetBy } from '../../support/domain-fakes';
import { eventually } from '../../support/eventually';

const celebrities = new CelebrityPolicy(10);
let bus: FakeEventBus;
/** The celebrities each user follows, as the graph would answer. */
let followed: Map<string, string[]>;
let asked: { userId: string; minFollowers: number }[];
let live: LiveFeeds;

beforeEach(() => {
  bus = new FakeEventBus();
  followed = new Map();
  asked = [];
  const follows: CelebrityFollows = {
    followedCelebrityIds: async (userId, minFollowers) => {
      asked.push({ userId, minFollowers });
      return followed.get(userId) ?? [];
    },
  };
  live = new LiveFeeds(bus, follows, { celebrities, queueLimit: 10 }, createLogger('silent'));
});

/** Everything the stream has received so far (the fake bus delivers in the publisher's call). */
async function received(stream: EventStream<LiveTweet>): Promise<string[]> {
  const ids: string[] = [];
  stream.end();
  for await (const tweet of stream) ids.push(tweet.id);
  return ids;
}

function channelsOf(published: FakeEventBus['published']): string[] {
  return published.map(({ channel }) => `${channel.kind}:${channel.id}`);
}

it("routes a fan-out to its author's channel once and to the home channel of each recipient, nowhere else", () => {
  const [authorId, followerId] = [newId(), newId()];
  const posted = postedBy(authorId);
  const { tweet } = posted;
  live.fanOutStarted(posted);
  live.tweetFannedOut(posted, [authorId, followerId]);
  live.tweetChanged(tweet);
  live.celebritiesChanged([followerId]);
  expect(channelsOf(bus.published)).toEqual([`author:${authorId}`, `home:${authorId}`, `home:${followerId}`, `tweet:${tweet.id}`, `home:${followerId}`]);
});

it('publishes nothing for a fan-out batch without recipients', () => {
  live.tweetFannedOut(postedBy(newId()), []);
  live.celebritiesChanged([]);
  expect(bus.published).toEqual([]);
});

it("gives an author's subscribers each tweet once, however many batches its fan-out has and if it is redone", async () => {
  const authorId = newId();
  const stream = await live.authorTweets(authorId);
  const posted = postedBy(authorId);
  for (let run = 0; run < 2; run++) {
    live.fanOutStarted(posted);
    live.tweetFannedOut(posted, [authorId, newId()]);
    live.tweetFannedOut(posted, [newId(), newId()]);
  }
  const other = postedBy(authorId);
  live.fanOutStarted(other);
  expect(await received(stream)).toEqual([posted.tweet.id, other.tweet.id]);
});

it("delivers to a user's home subscription the tweets fanned out to that user only", async () => {
  const [userId, otherId] = [newId(), newId()];
  const stream = await live.homeTimeline(userId);
  const mine = postedBy(newId());
  const theirs = postedBy(newId());
  live.fanOutStarted(mine);
  live.tweetFannedOut(mine, [mine.tweet.authorId, userId]);
  live.fanOutStarted(theirs);
  live.tweetFannedOut(theirs, [theirs.tweet.authorId, otherId]);
  expect(await received(stream)).toEqual([mine.tweet.id]);
});

it("hears a followed celebrity's tweets on the celebrity's channel, and a tweet that also arrives home once", async () => {
  const [userId, celebrityId] = [newId(), newId()];
  followed.set(userId, [celebrityId]);
  const stream = await live.homeTimeline(userId);
  expect(asked).toEqual([{ userId, minFollowers: celebrities.minFollowers }]);
  expect(bus.listenedChannels()).toEqual([`author:${celebrityId}`, `home:${userId}`].sort());
  const posted = postedBy(celebrityId);
  live.fanOutStarted(posted);
  // Fanned out after all (it crossed back under the threshold meanwhile): home and author channel both carry it.
  live.tweetFannedOut(posted, [celebrityId, userId]);
  expect(await received(stream)).toEqual([posted.tweet.id]);
});

it('follows the celebrities a user follows now when told they changed, and lets go of the others', async () => {
  const [userId, before, after] = [newId(), newId(), newId()];
  followed.set(userId, [before]);
  const stream = await live.homeTimeline(userId);
  followed.set(userId, [after]);
  live.celebritiesChanged([userId]);
  await eventually(
    async () => bus.listenedChannels(),
    (channels) => channels.includes(`author:${after}`) && !channels.includes(`author:${before}`),
    { what: 'the subscription to move from the old celebrity to the new', timeoutMs: 5_000 },
  );
  const old = postedBy(before);
  const fresh = postedBy(after);
  live.fanOutStarted(old);
  live.fanOutStarted(fresh);
  expect(await received(stream)).toEqual([fresh.tweet.id]);
});

it('stops listening on every channel when a home subscription ends', async () => {
  const [userId, celebrityId] = [newId(), newId()];
  followed.set(userId, [celebrityId]);
  const stream = await live.homeTimeline(userId);
  await stream.return();
  await eventually(
    async () => bus.listenedChannels(),
    (channels) => channels.length === 0,
    { what: 'no listener left', timeoutMs: 5_000 },
  );
});

it('marks the deletion of a tweet and then ends its updates', async () => {
  const tweet = tweetBy(newId());
  const stream = await live.tweetUpdates(tweet.id);
  live.tweetChanged({ ...tweet, favoriteCount: 1, version: 1 });
  live.tweetChanged(tweet, true);
  const events: LiveTweet[] = [];
  for await (const event of stream) events.push(event);
  expect(events.map((event) => [event.favoriteCount, event.deleted ?? false])).toEqual([
    [1, false],
    [0, true],
  ]);
  expect(bus.listenerCount({ kind: 'tweet', id: tweet.id })).toBe(0);
});

it("carries a new tweet's author record with it, and revives the dates both carried as text", async () => {
  const authorId = newId();
  const stream = await live.authorTweets(authorId);
  const posted = postedBy(authorId);
  live.fanOutStarted(posted);
  stream.end();
  const events: LiveTweet[] = [];
  for await (const event of stream) events.push(event);
  expect(events).toEqual([{ ...posted.tweet, author: posted.author }]);
  expect(events[0]?.createdAt).toBeInstanceOf(Date);
  expect(events[0]?.author?.createdAt).toBeInstanceOf(Date);
});
