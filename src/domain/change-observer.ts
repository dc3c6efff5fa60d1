/**
 * Change observer
 *
 * The one route by which the domain reports what changed to whoever tells clients about it (the
 * live feeds, src/domain/live/): the timelines report fan-outs and celebrity changes as they
 * settle them, the tweet service reports favorites and deletions, the account service sessions
 * ended (so that every instance closes that user's older subscription sockets). Reports never wait and never
 * fail the write that made them: the graph already holds the truth.
 */
import type { PostedTweet, Tweet } from './tweets/tweet';

export interface ChangeObserver {
  /** A tweet's fan-out started (once per fan-out, before any `tweetFannedOut`). */
  fanOutStarted(posted: PostedTweet): void;
  /** A tweet was fanned out to these users' home timelines (once per batch; the author's in the first). */
  tweetFannedOut(posted: PostedTweet, homeUserIds: readonly string[]): void;
  /** Which celebrities these users follow may have changed (a follow, an unfollow, a threshold crossing). */
  celebritiesChanged(userIds: readonly string[]): void;
  /** A tweet's favorite count changed, or (`deleted`) the tweet was deleted. */
  tweetChanged(tweet: Tweet, deleted?: boolean): void;
  /** Tokens of this user older than `tokenVersion` no longer work (a password change, a log-out everywhere). */
  sessionsEnded(userId: string, tokenVersion: number): void;
}

/** For timelines and services that no one listens to (benchmarks, domain tests). */
export const NO_CHANGE_OBSERVER: ChangeObserver = {
  fanOutStarted: () => {},
  tweetFannedOut: () => {},
  celebritiesChanged: () => {},
  tweetChanged: () => {},
  sessionsEnded: () => {},
};
