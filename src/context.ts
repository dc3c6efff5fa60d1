/**
 * Context
 *
 * Builds what one GraphQL request works with: the viewer read from its token, fresh DataLoaders,
 * and the domain services bound to both.
 */
import type { AccountService } from './domain/accounts/account-service';
import { viewerFromAuthorization, type TokenSettings } from './domain/accounts/tokens';
import type { HomeTimelines } from './domain/timelines/home-timelines';
import { TimelineService } from './domain/timelines/timeline-service';
import { TweetService } from './domain/tweets/tweet-service';
import { UserService } from './domain/users/user-service';
import { viewerId } from './domain/viewer';
import type { GraphQLContext, RequestLog } from './graphql/context.type';
import { createLoaders } from './store/loaders';
import type { Stores } from './store/stores';

export interface ContextDependencies {
  stores: Stores;
  tokens: TokenSettings;
  accounts: AccountService;
  timelines: HomeTimelines;
}

export function createContext(dependencies: ContextDependencies, authorization: string | undefined, requestLog: RequestLog): GraphQLContext {
  const viewer = viewerFromAuthorization(authorization, dependencies.tokens);
  const scope = { viewer, loaders: createLoaders(dependencies.stores, viewerId(viewer)), stores: dependencies.stores, timelines: dependencies.timelines };
  const users = new UserService(scope);
  return {
    accounts: dependencies.accounts,
    users,
    tweets: new TweetService(scope, users),
    timelines: new TimelineService(scope),
    requestLog,
  };
}
