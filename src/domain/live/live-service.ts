/**
 * Live service
 *
 * What a client may subscribe to: its own home timeline (signed in), and any author's new tweets
 * or any tweet's changes (open to anyone, for profile pages and tweet views). Each event starts
 * the subscription's reads afresh, with the author record it carries already read: a tweet sent to
 * thousands of subscribers is not read again for each of them.
 */
import { badUserInput, notFound } from '../errors';
import type { TweetService } from '../tweets/tweet-service';
import type { UserService } from '../users/user-service';
import { requireSignedIn } from '../viewer';
import type { LiveTweet } from './live-feeds';
import type { EventReads, LiveScope } from './ports';
import { mergeStreams } from './merged-streams';

/** Tweets one `tweetsUpdated` subscription may watch: a page or two of a timeline. */
export const MAX_WATCHED_TWEETS = 200;

export class LiveService {
  constructor(
    private readonly scope: LiveScope,
    private readonly users: Pick<UserService, 'byId'>,
    private readonly tweets: Pick<TweetService, 'byId'>,
  ) {}

  async homeTimeline(): Promise<AsyncIterableIterator<LiveTweet>> {
    const viewerId = requireSignedIn(this.scope.viewer, 'follow your home timeline live');
    return eachEventRead(await this.scope.live.homeTimeline(viewerId), this.scope.events);
  }

  async tweetPosted(authorId: string): Promise<AsyncIterableIterator<LiveTweet>> {
    if (!(await this.users.byId(authorId))) throw notFound(`No user has the id "${authorId}".`);
    return eachEventRead(await this.scope.live.authorTweets(authorId), this.scope.events);
  }

  async tweetUpdated(tweetId: string): Promise<AsyncIterableIterator<LiveTweet>> {
    if (!(await this.tweets.byId(tweetId))) throw notFound(`No tweet has the id "${tweetId}".`);
    return eachEventRead(await this.scope.live.tweetUpdates(tweetId), this.scope.events);
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
    return eachEventRead(mergeStreams(sources), this.scope.events);
  }
}

/**
 * The events of `source`, each starting the subscription's reads afresh as it is handed on.
 * GraphQL executes an event's selection as soon as it has it, and asks for the next one only
 * after, so the reads of one event never meet another's.
 */
function eachEventRead(source: AsyncIterableIterator<LiveTweet>, reads: EventReads): AsyncIterableIterator<LiveTweet> {
  const events: AsyncIterableIterator<LiveTweet> = {
    async next() {
      const result = await source.next();
      if (!result.done) reads.startEvent(result.value.author ? [result.value.author] : []);
      return result;
    },
    return: (value?: unknown) => source.return?.(value) ?? Promise.resolve({ value: undefined, done: true }),
    throw: (error?: unknown) => source.throw?.(error) ?? Promise.reject(error instanceof Error ? error : new Error(String(error))),
    [Symbol.asyncIterator]: () => events,
  };
  return events;
}
