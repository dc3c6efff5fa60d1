import type { TweetRecord } from '../../store/records';

/** What live feeds hear of timeline changes (see src/domain/live/). */
export interface TimelineObserver {
  /** A tweet's fan-out started (once per fan-out, before any `tweetFannedOut`). */
  fanOutStarted(tweet: TweetRecord): void;
  /** A tweet was fanned out to these users' home timelines (once per batch; the author's in the first). */
  tweetFannedOut(tweet: TweetRecord, homeUserIds: readonly string[]): void;
  /** Which celebrities these users follow may have changed (a follow, an unfollow, a threshold crossing). */
  celebritiesChanged(userIds: readonly string[]): void;
}

export const NO_OBSERVER: TimelineObserver = { fanOutStarted: () => {}, tweetFannedOut: () => {}, celebritiesChanged: () => {} };
