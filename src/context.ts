/**
 * Context
 *
 * Builds what one GraphQL operation works with: the viewer (read from its token by the transport),
 * fresh DataLoaders, and the domain services, each given the viewer and only the ports it uses,
 * here implemented by the stores. Subscriptions live long, so their loaders are emptied as each
 * event starts: every event reads current counts.
 */
import type { AccountService } from './domain/accounts/account-service';
import type { TokenSettings } from './domain/accounts/tokens';
import type { LiveFeeds } from './domain/live/live-feeds';
import { LiveService } from './domain/live/live-service';
import { RequestRateLimits, type Client, type RateLimits } from './domain/limits/rate-limits';
import type { HomeTimelines } from './domain/timelines/home-timelines';
import { TimelineService } from './domain/timelines/timeline-service';
import { TweetService } from './domain/tweets/tweet-service';
import { UserService } from './domain/users/user-service';
import { viewerId, type Viewer } from './domain/viewer';
import type { GraphQLContext, RequestLog } from './graphql/context.type';
import { createLoaders, startEvent } from './store/loaders';
import { mostFollowedUsers } from './store/most-followed-users';
import type { Stores } from './store/stores';

export interface ContextDependencies {
  stores: Stores;
  tokens: TokenSettings;
  accounts: AccountService;
  timelines: HomeTimelines;
  live: LiveFeeds;
  rateLimits: RateLimits;
}

export function createContext(
  dependencies: ContextDependencies,
  viewer: Viewer,
  requestLog: RequestLog,
  { client = {} }: { client?: Client } = {},
): GraphQLContext {
  const { stores, timelines, live, rateLimits } = dependencies;
  // One set of loaders per operation, shared by its services: a user one service loaded is cached for the others.
  const loaders = createLoaders(stores, viewerId(viewer));
  const users = new UserService({ viewer, loaders, users: stores.users, timelines, mostFollowed: mostFollowedUsers(stores.graph), rateLimits });
  const tweets = new TweetService({ viewer, loaders, tweets: stores.tweets, timelines, changes: live, rateLimits }, users);
  return {
    accounts: dependencies.accounts.forRequest(viewer, client),
    users,
    tweets,
    timelines: new TimelineService({ viewer, loaders, timelines }),
    live: new LiveService({ viewer, live, events: { startEvent: (carried) => startEvent(loaders, carried) } }, users, tweets),
    requestLog,
    rateLimits: new RequestRateLimits(rateLimits, viewer, client),
  };
}
