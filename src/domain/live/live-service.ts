/**
 * Live service
 *
 * What a client may subscribe to: its own home timeline (signed in), and any author's new tweets
 * or any tweet's changes (open to anyone, for profile pages and tweet views). Each event starts
 * the subscription's reads afresh, with the author record it carries already read: a tweet sent to
 * thousands of subscribers is not read again for each of them. Ids that are not ids are refused
 * (live-ids.ts); over WebSocket, every stream a subscription opens counts against its connection's
 * watched ids (watched-ids.ts) until it closes.
 */
import { badUserInput, notFound } from '../errors';
import type { TweetService } from '../tweets/tweet-service';
import type { UserService } from '../users/user-service';
import { requireSignedIn } from '../viewer';
import type { EventStream } from './event-stream';
import { requireId, requireIds } from './live-ids';
import type { EventReads, LiveScope, LiveTweet } from './ports';
import { mergeStreams } from './merged-streams';
import type { WatchedIds } from './watched-ids';

/** Tweets one `tweetsUpdated` subscription may watch: a page or two of a timeline. */
export const MAX_WATCHED_TWEETS = 200;

export class LiveService {
  constructor(
    private readonly scope: LiveScope,
    private readonly users: Pick<UserService, 'byId'>,
    private readonly tweets: Pick<TweetService, 'byId'>,
  ) {}

  /** The same service, counting the streams it opens against a connection's `watched` ids. */
  watching(watched: WatchedIds): LiveService {
    return new LiveService({ ...this.scope, watched }, this.users, this.tweets);
  }

  async homeTimeline(): Promise<AsyncIterableIterator<LiveTweet>> {
    const viewerId = requireSignedIn(this.scope.viewer, 'follow your home timeline live');
    return eachEventRead(await this.openOne(viewerId, (id) => this.scope.live.homeTimeline(id)), this.scope.events);
  }

  async tweetPosted(authorId: string): Promise<AsyncIterableIterator<LiveTweet>> {
    requireId('authorId', authorId, 'user');
    if (!(await this.users.byId(authorId))) throw notFound(`No user has the id "${authorId}".`);
    return eachEventRead(await this.openOne(authorId, (id) => this.scope.live.authorTweets(id)), this.scope.events);
  }

  async tweetUpdated(tweetId: string): Promise<AsyncIterableIterator<LiveTweet>> {
    requireId('id', tweetId, 'tweet');
    if (!(await this.tweets.byId(tweetId))) throw notFound(`No tweet has the id "${tweetId}".`);
    return eachEventRead(await this.openOne(tweetId, (id) => this.scope.live.tweetUpdates(id)), this.scope.events);
  }

  /**
   * Changes of every tweet in `tweetIds` (those on a client's screen): favorite counts, and
   * deletions, which end that tweet's part. Ids of tweets that do not exist (any more) just
   * never change, so a page holding a deleted tweet can still subscribe.
   */
  async tweetsUpdated(tweetIds: readonly string[]): Promise<AsyncIterableIterator<LiveTweet>> {
    const ids = [...new Set(tweetIds)];
    if (ids.length > MAX_WATCHED_TWEETS) throw badUserInput('ids', `ids may name at most ${MAX_WATCHED_TWEETS} tweets (it has ${ids.length}).`);
    requireIds('ids', ids, 'tweet');
    return eachEventRead(mergeStreams(await this.open(ids, (id) => this.scope.live.tweetUpdates(id))), this.scope.events);
  }

  /**
   * A stream for each id, all or none, each counted among the connection's watched ids until it
   * closes: taken before any opens (so a refused subscription opens nothing), and given back for
   * those that did not open.
   */
  private async open(ids: readonly string[], openOne: (id: string) => Promise<EventStream<LiveTweet>>): Promise<EventStream<LiveTweet>[]> {
    const { watched } = this.scope;
    watched?.take(ids.length);
    const opened = await Promise.allSettled(ids.map(openOne));
    const streams = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    if (watched) {
      watched.give(ids.length - streams.length);
      for (const stream of streams) stream.onClose(() => watched.give());
    }
    const failed = opened.find((result) => result.status === 'rejected');
    if (failed) {
      await Promise.all(streams.map((stream) => stream.return()));
      throw failed.reason;
    }
    return streams;
  }

  private async openOne(id: string, openOne: (id: string) => Promise<EventStream<LiveTweet>>): Promise<EventStream<LiveTweet>> {
    const [stream] = await this.open([id], openOne);
    if (!stream) throw new TypeError(`One stream was opened for the id ${id}: expected it, got none.`);
    return stream;
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
