/**
 * Live feeds over the in-process bus: what a subscription hears of the events the timelines report.
 */
import { LiveFeeds, type LiveTweet } from '../../../src/domain/live/live-feeds';
import { CelebrityPolicy } from '../../../src/domain/timelines/celebrity-policy';
import type { EventStream } from '../../../src/domain/live/event-stream';
import { newId, timeOfId } from '../../../src/ids';
import { createLogger } from '../../../src/logger';
import { MemoryRecordCache } from '../../../src/store/cache/memory-record-cache';
import { MemoryEventBus } from '../../../src/store/events/memory-event-bus';
import type { Graph } from '../../../src/store/graph';
import type { Tweet } from '../../../src/domain/tweets/tweet';
import { createStores } from '../../../src/store/stores';
import { connectTestGraph } from '../../support/test-graph';

let graph: Graph;
let live: LiveFeeds;
beforeAll(() => {
  graph = connectTestGraph();
  const logger = createLogger('silent');
  live = new LiveFeeds(
    new MemoryEventBus(logger),
    createStores(graph, new MemoryRecordCache(60)).users,
    { celebrities: new CelebrityPolicy(10), queueLimit: 10 },
    logger,
  );
});
afterAll(() => graph.close());

function tweetBy(authorId: string): Tweet {
  const id = newId();
  return { id, text: 'hello', createdAt: new Date(timeOfId(id)), authorId, favoriteCount: 0, version: 0 };
}

/** Everything the stream has received once the bus has delivered what was published. */
async function received(stream: EventStream<LiveTweet>): Promise<string[]> {
  await new Promise((resolve) => setImmediate(resolve));
  const ids: string[] = [];
  stream.end();
  for await (const tweet of stream) ids.push(tweet.id);
  return ids;
}

it("gives an author's subscribers each tweet once, however many batches its fan-out has and if it is redone", async () => {
  const authorId = newId();
  const stream = await live.authorTweets(authorId);
  const tweet = tweetBy(authorId);
  for (let run = 0; run < 2; run++) {
    live.fanOutStarted(tweet);
    live.tweetFannedOut(tweet, [authorId, newId()]);
    live.tweetFannedOut(tweet, [newId(), newId()]);
  }
  const other = tweetBy(authorId);
  live.fanOutStarted(other);
  expect(await received(stream)).toEqual([tweet.id, other.id]);
});

it("delivers to a user's home subscription the tweets fanned out to that user only", async () => {
  const [userId, otherId] = [newId(), newId()];
  const stream = await live.homeTimeline(userId);
  const mine = tweetBy(newId());
  const theirs = tweetBy(newId());
  live.fanOutStarted(mine);
  live.tweetFannedOut(mine, [mine.authorId, userId]);
  live.fanOutStarted(theirs);
  live.tweetFannedOut(theirs, [theirs.authorId, otherId]);
  expect(await received(stream)).toEqual([mine.id]);
});

it('marks the deletion of a tweet and then ends its updates', async () => {
  const tweet = tweetBy(newId());
  const stream = await live.tweetUpdates(tweet.id);
  live.tweetChanged({ ...tweet, favoriteCount: 1, version: 1 });
  live.tweetChanged(tweet, true);
  await new Promise((resolve) => setImmediate(resolve));
  const events: LiveTweet[] = [];
  for await (const event of stream) events.push(event);
  expect(events.map((event) => [event.favoriteCount, event.deleted ?? false])).toEqual([
    [1, false],
    [0, true],
  ]);
});
