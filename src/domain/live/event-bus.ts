/**
 * Event bus
 *
 * Channels that carry messages to whoever listens on them right now, for live feeds. Two
 * implementations share this contract and one test suite: Redis pub/sub (every instance hears
 * every instance's messages) and process memory (one instance, no REDIS_URL). Delivery is at most
 * once and only to listeners present when the message is published: Neo4j and the cached
 * timelines hold the truth, this only tells connected clients sooner.
 */

export type Listener = (message: string) => void;

/**
 * What a channel carries: tweets entering a home timeline, an author's tweets, one tweet's changes,
 * a user's `sessions` ending (a password change or a log-out everywhere).
 */
export type LiveChannelKind = 'home' | 'author' | 'tweet' | 'sessions';

export interface LiveChannel {
  kind: LiveChannelKind;
  /** The user (home), author or tweet the channel is about. */
  id: string;
}

/** Stops a listener; resolves once the bus will no longer call it. */
export type Unsubscribe = () => Promise<void>;

export interface EventBus {
  /** Sends one message to every listener of each channel. */
  publish(channels: readonly LiveChannel[], message: string): Promise<void>;
  /** Listens on a channel; resolves once messages published from then on will reach the listener. */
  subscribe(channel: LiveChannel, listener: Listener): Promise<Unsubscribe>;
  close(): Promise<void>;
}
