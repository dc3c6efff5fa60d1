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
import { mostFollowedUsers } from '../../src/store/most-followed-users';
import type { Stores } from '../../src/store/stores';

export function servicesFor(userId: string, stores: Stores, timelines: HomeTimelines, live?: LiveFeeds) {
  live ??= new LiveFeeds(
    new MemoryEventBus(createLogger('silent')),
    stores.users,
    { celebrities: timelines.celebrities, queueLimit: 100 },
    createLogger('silent'),
  );
  const viewer = { signedIn: true as const, userId };
  const loaders = createLoaders(stores, userId);
  const users = new UserService({ viewer, loaders, users: stores.users, timelines, mostFollowed: mostFollowedUsers(stores.graph) });
  return {
    users,
    tweets: new TweetService({ viewer, loaders, tweets: stores.tweets, timelines, changes: live }, users),
    timelines: new TimelineService({ viewer, loaders, timelines }),
  };
}
