/**
 * Live service
 *
 * What a client may subscribe to: its own home timeline (signed in), and any author's new tweets
 * or any tweet's changes (open to anyone, for profile pages and tweet views).
 */
import { notFound } from '../errors';
import type { RequestScope } from '../request-scope';
import type { TweetService } from '../tweets/tweet-service';
import type { UserService } from '../users/user-service';
import { requireSignedIn } from '../viewer';
import type { EventStream } from './event-stream';
import type { LiveTweet } from './live-feeds';

export class LiveService {
  constructor(
    private readonly scope: RequestScope,
    private readonly users: UserService,
    private readonly tweets: TweetService,
  ) {}

  homeTimeline(): Promise<EventStream<LiveTweet>> {
    const viewerId = requireSignedIn(this.scope.viewer, 'follow your home timeline live');
    return this.scope.live.homeTimeline(viewerId);
  }

  async tweetPosted(authorId: string): Promise<EventStream<LiveTweet>> {
    if (!(await this.users.byId(authorId))) throw notFound(`No user has the id "${authorId}".`);
    return this.scope.live.authorTweets(authorId);
  }

  async tweetUpdated(tweetId: string): Promise<EventStream<LiveTweet>> {
    if (!(await this.tweets.byId(tweetId))) throw notFound(`No tweet has the id "${tweetId}".`);
    return this.scope.live.tweetUpdates(tweetId);
  }
}
