/**
 * Small fakes of the domain's narrow ports, for unit tests of domain rules that need no database
 * (`*.unit.test.ts`, which start nothing): loaders over a Map, an event bus that delivers in the
 * publisher's call and says who listens, and an observer that records what was reported.
 */
import type { ChangeObserver } from '../../src/domain/change-observer';
import type { EventBus, Listener, LiveChannel, Unsubscribe } from '../../src/domain/live/event-bus';
import type { Loader } from '../../src/domain/loader';
import type { PostedTweet, Tweet } from '../../src/domain/tweets/tweet';
import type { User } from '../../src/domain/users/user';
import { newId, timeOfId } from '../../src/ids';

/** A loader that reads a Map: absent keys load as `undefined`. */
export function loaderOf<Value>(values: Map<string, Value>): Loader<string, Value | undefined> {
  return {
    load: async (key) => values.get(key),
    loadMany: async (keys) => keys.map((key) => values.get(key)),
  };
}

/** A loader that answers every key with the same value (`viewerFollows` when nobody follows anybody). */
export function constantLoader<Value>(value: Value): Loader<string, Value> {
  return { load: async () => value, loadMany: async (keys) => keys.map(() => value) };
}

export class FakeEventBus implements EventBus {
  /** Every message published, with the channel it went to, in order. */
  readonly published: { channel: LiveChannel; message: string }[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();

  async publish(channels: readonly LiveChannel[], message: string): Promise<void> {
    for (const channel of channels) {
      this.published.push({ channel, message });
      for (const listener of [...(this.listeners.get(nameOf(channel)) ?? [])]) listener(message);
    }
  }

  async subscribe(channel: LiveChannel, listener: Listener): Promise<Unsubscribe> {
    const name = nameOf(channel);
    const listeners = this.listeners.get(name) ?? new Set<Listener>();
    this.listeners.set(name, listeners.add(listener));
    return async () => void listeners.delete(listener);
  }

  /** How many listeners a channel has now. */
  listenerCount(channel: LiveChannel): number {
    return this.listeners.get(nameOf(channel))?.size ?? 0;
  }

  /** The channels that have listeners now, as `kind:id`, sorted. */
  listenedChannels(): string[] {
    return [...this.listeners]
      .filter(([, listeners]) => listeners.size > 0)
      .map(([name]) => name)
      .sort();
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

function nameOf(channel: LiveChannel): string {
  return `${channel.kind}:${channel.id}`;
}

/** Records every report, as `[what, tweet id]` (and `deleted` for a deletion; a user id and token version for ended sessions). */
export class RecordingObserver implements ChangeObserver {
  readonly reports: string[][] = [];

  fanOutStarted({ tweet }: PostedTweet): void {
    this.reports.push(['fanOutStarted', tweet.id]);
  }

  tweetFannedOut({ tweet }: PostedTweet, homeUserIds: readonly string[]): void {
    this.reports.push(['tweetFannedOut', tweet.id, ...homeUserIds]);
  }

  celebritiesChanged(userIds: readonly string[]): void {
    this.reports.push(['celebritiesChanged', ...userIds]);
  }

  tweetChanged(tweet: Tweet, deleted = false): void {
    this.reports.push(deleted ? ['tweetChanged', tweet.id, 'deleted'] : ['tweetChanged', tweet.id]);
  }

  sessionsEnded(userId: string, tokenVersion: number): void {
    this.reports.push(['sessionsEnded', userId, String(tokenVersion)]);
  }
}

/** A tweet as the store would hand it out, posted now. */
export function tweetBy(authorId: string, changes: Partial<Tweet> = {}): Tweet {
  const id = newId();
  return { id, text: 'hello', createdAt: new Date(timeOfId(id)), authorId, favoriteCount: 0, version: 0, ...changes };
}

/** A user as the store would hand it out, signed up a minute ago. */
export function userWith(id: string, changes: Partial<User> = {}): User {
  return {
    id,
    handle: `user_${id.slice(-8)}`,
    displayName: 'A user',
    bio: '',
    createdAt: new Date(Date.now() - 60_000),
    followerCount: 0,
    followingCount: 0,
    tweetCount: 1,
    version: 1,
    ...changes,
  };
}

/** A tweet just posted, as the store answers the post: with its author's record. */
export function postedBy(authorId: string): PostedTweet {
  return { tweet: tweetBy(authorId), authorFollowerCount: 0, author: userWith(authorId) };
}
