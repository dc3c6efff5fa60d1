/**
 * The domain services as one signed-in user's request would have them, for tests that drive the
 * domain without HTTP. Fresh per call: per-request loaders must not carry state between steps.
 */
import type { HomeTimelines } from '../../src/domain/timelines/home-timelines';
import { TimelineService } from '../../src/domain/timelines/timeline-service';
import { TweetService } from '../../src/domain/tweets/tweet-service';
import { UserService } from '../../src/domain/users/user-service';
import { createLoaders } from '../../src/store/loaders';
import type { Stores } from '../../src/store/stores';

export function servicesFor(userId: string, stores: Stores, timelines: HomeTimelines) {
  const scope = { viewer: { signedIn: true as const, userId }, loaders: createLoaders(stores, userId), stores, timelines };
  const users = new UserService(scope);
  return { users, tweets: new TweetService(scope, users), timelines: new TimelineService(scope) };
}
