/**
 * Live service
 *
 * What a client may subscribe to: its own home timeline (signed in), and any author's new tweets
 * or any tweet's changes (open to anyone, for profile pages and tweet views).
 */
import { badUserInput, notFound } from '../errors';
import type { TweetService } from '../tweets/tweet-service';
import type { UserService } from '../users/user-service';
import { requireSignedIn } from '../viewer';
import type { EventStream } from './event-stream';
import type { LiveTweet } from './live-feeds';
import type { LiveScope } from './ports';
import { mergeStreams } from './merged-streams';

/** Tweets one `tweetsUpdated` subscription may watch: a page or two of a timeline. */
export const MAX_WATCHED_TWEETS = 200;

export class LiveService {
  constructor(
    private readonly scope: LiveScope,
    private readonly users: Pick<UserService, 'byId'>,
    private readonly tweets: Pick<TweetService, 'byId'>,
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

  /**
   * Changes of every tweet in `tweetIds` (those on a client's screen): favorite counts, and
   * deletions, which end that tweet's part. Ids of tweets that do not exist (any more) just
   * never change, so a page holding a deleted tweet can still subscribe.
   */
  async tweetsUpdated(tweetIds: readonly string[]): Promise<AsyncIterableIterator<LiveTweet>> {
    const ids = [...new Set(tweetIds)];
    if (ids.length > MAX_WATCHED_TWEETS) throw badUserInput('ids', `ids may name at most ${MAX_WATCHED_TWEETS} tweets (it has ${ids.length}).`);
    const opened = await Promise.allSettled(ids.map((id) => this.scope.live.tweetUpdates(id)));
    const sources = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = opened.find((result) => result.status === 'rejected');
    if (failed) {
      await Promise.all(sources.map((source) => source.return()));
      throw failed.reason;
    }
    return mergeStreams(sources);
  }
}
