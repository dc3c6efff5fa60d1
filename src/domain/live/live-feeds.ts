/**
 * Live feeds
 *
 * New tweets and tweet changes pushed to subscribed clients as they happen. Events are routed, not
 * broadcast: a fanned-out tweet is published to the home channel of each user whose timeline it
 * enters (the fan-out already knows them) and to its author's channel, so delivering it costs in
 * proportion to its recipients, not to every open subscription. A celebrity's tweets are not fanned
 * out; a follower's home subscription listens on the channels of the celebrities it follows, and
 * re-reads that list when told it changed.
 *
 * Channels: a user's `home` (tweets entering that home timeline; "celebrities changed" notices),
 * an `author`'s (every tweet of that author), a `tweet`'s (favorite counts, deletion), a user's
 * `sessions` (the token version below which that user's connections must close).
 *
 * A new tweet's event carries its author's record as the post left it, so that the subscribers'
 * selections (`author { handle }`) read nothing: each subscription primes its loaders with it.
 */
import type { Logger } from '../../logger';
import { reviveTweet, type PostedTweet, type Tweet } from '../tweets/tweet';
import { reviveUser, type User } from '../users/user';
import type { CelebrityPolicy } from '../timelines/celebrity-policy';
import type { ChangeObserver } from '../change-observer';
import type { EventBus, LiveChannel, Unsubscribe } from './event-bus';
import { EventStream } from './event-stream';
import type { CelebrityFollows, LiveStreams, LiveTweet } from './ports';

export interface LiveSettings {
  /** Celebrities are followed through their own channel: their tweets are not fanned out. */
  celebrities: CelebrityPolicy;
  /** Events a subscription may have waiting before it is ended as too slow. */
  queueLimit: number;
}

type LiveMessage = { kind: 'tweet'; tweet: LiveTweet } | { kind: 'celebrities-changed' } | { kind: 'sessions-ended'; tokenVersion: number };
/** What a message holds in JSON: a new tweet's author beside the tweet, so that reviving keeps each record's own fields. */
type SentMessage = Exclude<LiveMessage, { kind: 'tweet' }> | { kind: 'tweet'; tweet: Tweet & { deleted?: boolean }; author?: User };

/** Tweet ids a home subscription remembers, so one that arrives twice (home and author channel) shows once. */
const REMEMBERED_IDS = 256;

export class LiveFeeds implements ChangeObserver, LiveStreams {
  /** The last message parsed: a tweet reaches its recipients' listeners one after another, so it is parsed once. */
  private lastParsed: { text: string; message: LiveMessage } | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly follows: CelebrityFollows,
    private readonly settings: LiveSettings,
    private readonly logger: Logger,
  ) {}

  fanOutStarted({ tweet, author }: PostedTweet): void {
    this.publish([authorChannel(tweet.authorId)], { kind: 'tweet', tweet, author });
  }

  tweetFannedOut({ tweet, author }: PostedTweet, homeUserIds: readonly string[]): void {
    this.publish(homeUserIds.map(homeChannel), { kind: 'tweet', tweet, author });
  }

  celebritiesChanged(userIds: readonly string[]): void {
    this.publish(userIds.map(homeChannel), { kind: 'celebrities-changed' });
  }

  /** A tweet's favorite count changed, or it was deleted. */
  tweetChanged(tweet: Tweet, deleted = false): void {
    this.publish([tweetChannel(tweet.id)], { kind: 'tweet', tweet: deleted ? { ...tweet, deleted } : tweet });
  }

  sessionsEnded(userId: string, tokenVersion: number): void {
    this.publish([sessionsChannel(userId)], { kind: 'sessions-ended', tokenVersion });
  }

  /**
   * Calls `onEnded` with the new token version each time the user's older sessions end, on any
   * instance, until the returned function is called: a connection closes itself when its token is
   * older.
   */
  sessionEnds(userId: string, onEnded: (tokenVersion: number) => void): Promise<Unsubscribe> {
    return this.bus.subscribe(sessionsChannel(userId), (text) => {
      const message = this.parse(text);
      if (message.kind === 'sessions-ended') onEnded(message.tokenVersion);
    });
  }

  /** Every tweet that enters the user's home timeline from now on: fanned out to it, or posted by a celebrity it follows. */
  async homeTimeline(userId: string): Promise<EventStream<LiveTweet>> {
    const stream = new EventStream<LiveTweet>(this.settings.queueLimit);
    const seen = new RecentIds(REMEMBERED_IDS);
    const deliver = (tweet: LiveTweet) => {
      if (seen.add(tweet.id)) stream.push(tweet);
    };
    const celebrities = new Map<string, Unsubscribe>();
    let refreshing = Promise.resolve();
    // Serialized, so two notices in a row cannot subscribe the same celebrity twice.
    const refreshCelebrities = () => {
      refreshing = refreshing
        .then(() => this.followCelebrities(userId, celebrities, stream, deliver))
        .catch((error: unknown) => stream.fail(error instanceof Error ? error : new Error(String(error))));
      return refreshing;
    };
    await this.listen(stream, homeChannel(userId), (message) => {
      if (message.kind === 'tweet') deliver(message.tweet);
      else void refreshCelebrities();
    });
    stream.onClose(() => Promise.all([...celebrities.values()].map((unsubscribe) => unsubscribe())));
    await refreshCelebrities();
    return stream;
  }

  /** The author's new tweets from now on (once each, though a fan-out redone after a crash publishes again). */
  async authorTweets(authorId: string): Promise<EventStream<LiveTweet>> {
    const stream = new EventStream<LiveTweet>(this.settings.queueLimit);
    const seen = new RecentIds(REMEMBERED_IDS);
    await this.listen(stream, authorChannel(authorId), (message) => {
      if (message.kind === 'tweet' && seen.add(message.tweet.id)) stream.push(message.tweet);
    });
    return stream;
  }

  /** The tweet each time its favorite count changes; once more, marked deleted, when it is deleted, and then the stream ends. */
  async tweetUpdates(tweetId: string): Promise<EventStream<LiveTweet>> {
    const stream = new EventStream<LiveTweet>(this.settings.queueLimit);
    await this.listen(stream, tweetChannel(tweetId), (message) => {
      if (message.kind !== 'tweet') return;
      stream.push(message.tweet);
      if (message.tweet.deleted) stream.end();
    });
    return stream;
  }

  /** Subscribes the stream to a channel until it closes. */
  private async listen(stream: EventStream<LiveTweet>, channel: LiveChannel, onMessage: (message: LiveMessage) => void): Promise<void> {
    const unsubscribe = await this.bus.subscribe(channel, (text) => onMessage(this.parse(text)));
    stream.onClose(unsubscribe);
  }

  /** Brings the stream's celebrity channels in line with whom the user follows now. */
  private async followCelebrities(
    userId: string,
    subscribed: Map<string, Unsubscribe>,
    stream: EventStream<LiveTweet>,
    deliver: (tweet: LiveTweet) => void,
  ): Promise<void> {
    // A call, not the property: the stream may close during any await below.
    const closed = () => stream.isClosed;
    if (closed()) return;
    try {
      const now = new Set(await this.follows.followedCelebrityIds(userId, this.settings.celebrities.minFollowers));
      for (const [authorId, unsubscribe] of subscribed) {
        if (now.has(authorId)) continue;
        subscribed.delete(authorId);
        await unsubscribe();
      }
      for (const authorId of now) {
        if (subscribed.has(authorId) || closed()) continue;
        subscribed.set(
          authorId,
          await this.bus.subscribe(authorChannel(authorId), (text) => {
            const message = this.parse(text);
            if (message.kind === 'tweet') deliver(message.tweet);
          }),
        );
      }
    } finally {
      // Closed meanwhile: the stream's cleanup ran before these subscriptions were all made.
      if (closed()) await Promise.all([...subscribed.values()].map((unsubscribe) => unsubscribe()));
    }
  }

  private parse(text: string): LiveMessage {
    if (this.lastParsed?.text !== text) {
      const sent = JSON.parse(text) as SentMessage;
      // reviveTweet keeps a record's fields only: the deletion mark and the author are carried over by hand.
      const message: LiveMessage =
        sent.kind === 'tweet'
          ? {
              kind: 'tweet',
              tweet: {
                ...reviveTweet(sent.tweet),
                ...(sent.tweet.deleted ? { deleted: true } : {}),
                ...(sent.author ? { author: reviveUser(sent.author) } : {}),
              },
            }
          : sent;
      this.lastParsed = { text, message };
    }
    return this.lastParsed.message;
  }

  private publish(channels: LiveChannel[], message: SentMessage): void {
    if (channels.length === 0) return;
    this.bus
      .publish(channels, JSON.stringify(message))
      .catch((error: unknown) => this.logger.warn({ err: error, channels: channels.length }, 'Publishing a live event failed'));
  }
}

function homeChannel(userId: string): LiveChannel {
  return { kind: 'home', id: userId };
}

function authorChannel(authorId: string): LiveChannel {
  return { kind: 'author', id: authorId };
}

function sessionsChannel(userId: string): LiveChannel {
  return { kind: 'sessions', id: userId };
}

function tweetChannel(tweetId: string): LiveChannel {
  return { kind: 'tweet', id: tweetId };
}

/** The last `capacity` ids added. */
class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Adds an id; false if it was already there. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    const oldest = this.ids.values().next();
    if (this.ids.size > this.capacity && !oldest.done) this.ids.delete(oldest.value);
    return true;
  }
}
