/**
 * Context
 *
 * Builds what one GraphQL operation works with: the viewer (read from its token by the transport),
 * fresh DataLoaders, and the domain services bound to both. Subscriptions live long, so their
 * loaders do not cache: every event reads current counts.
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
import { createLoaders } from './store/loaders';
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
  { subscription = false, client = {} }: { subscription?: boolean; client?: Client } = {},
): GraphQLContext {
  const { stores, timelines, live, rateLimits } = dependencies;
  const scope = { viewer, loaders: createLoaders(stores, viewerId(viewer), { cache: !subscription }), stores, timelines, changes: live, live, rateLimits };
  const users = new UserService(scope);
  const tweets = new TweetService(scope, users);
  return {
    accounts: dependencies.accounts.forRequest(viewer, client),
    users,
    tweets,
    timelines: new TimelineService(scope),
    live: new LiveService(scope, users, tweets),
    requestLog,
    rateLimits: new RequestRateLimits(rateLimits, viewer, client),
  };
}
