import type { AccountService } from '../domain/accounts/account-service';
import type { RequestRateLimits } from '../domain/limits/rate-limits';
import type { LiveService } from '../domain/live/live-service';
import type { TimelineService } from '../domain/timelines/timeline-service';
import type { TweetService } from '../domain/tweets/tweet-service';
import type { UserService } from '../domain/users/user-service';

/** What every resolver receives: the operation's domain services (see src/context.ts). */
export interface GraphQLContext {
  accounts: AccountService;
  users: UserService;
  tweets: TweetService;
  timelines: TimelineService;
  live: LiveService;
  /** What the request's log line reports; the operation name is filled in once it is known. */
  requestLog: RequestLog;
  /** Checked before an operation runs (signed-out reads are counted per address). */
  rateLimits: RequestRateLimits;
}

export interface RequestLog {
  /** The HTTP request's id (src/request-id.ts); absent on WebSocket operations. */
  requestId?: string;
  operationName?: string;
}
