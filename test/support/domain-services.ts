/**
 * The domain services as one signed-in user's request would have them, for tests that drive the
 * domain without HTTP. Fresh per call: per-request loaders must not carry state between steps.
 * Live events go to an in-process bus nobody listens on, unless `live` is given.
 */
import { LiveFeeds } from '../../src/domain/live/live-feeds';
import type { HomeTimelines } from '../../src/domain/timelines/home-timelines';
import { TimelineService } from '../../src/domain/timelines/timeline-service';
import { TweetService } from '../../src/domain/tweets/tweet-service';
import { UserService } from '../../src/domain/users/user-service';
import { createLogger } from '../../src/logger';
import { MemoryEventBus } from '../../src/store/events/memory-event-bus';
import { createLoaders } from '../../src/store/loaders';
import type { Stores } from '../../src/store/stores';

export function servicesFor(userId: string, stores: Stores, timelines: HomeTimelines, live?: LiveFeeds) {
  live ??= new LiveFeeds(new MemoryEventBus(createLogger('silent')), stores, { celebrities: timelines.celebrities, queueLimit: 100 }, createLogger('silent'));
  const scope = { viewer: { signedIn: true as const, userId }, loaders: createLoaders(stores, userId), stores, timelines, changes: live, live };
  const users = new UserService(scope);
  return { users, tweets: new TweetService(scope, users), timelines: new TimelineService(scope) };
}
