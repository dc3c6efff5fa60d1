/**
 * Fan-out
 *
 * Fan-out on write: a committed tweet goes into its author's home and recent feeds and, unless the
 * author is a celebrity, into every follower's home feed. It runs off the request path, after
 * Neo4j committed the tweet and marked it FanOutPending, so a crash before it finishes is redone
 * by the outbox settler after restart.
 */
import type { PostedTweet } from '../tweets/tweet';
import type { BackgroundTasks } from './background-tasks';
import type { CelebrityPolicy } from './celebrity-policy';
import type { FeedStore } from './feed-store';
import type { TimelineGraph } from './ports';
import { feedItemOf, homeFeed, recentFeed } from './timeline-feeds';
import type { ChangeObserver } from '../change-observer';
import type { Metrics } from '../metrics';

/** Followers read from Neo4j and pushed at a time: the first push starts after one batch. */
const FAN_OUT_BATCH = 500;

export class FanOut {
  constructor(
    private readonly stores: TimelineGraph,
    private readonly feeds: FeedStore,
    private readonly celebrities: CelebrityPolicy,
    private readonly tasks: BackgroundTasks,
    private readonly observer: ChangeObserver,
    private readonly metrics: Metrics,
  ) {}

  /** Starts the fan-out of a committed tweet without waiting for it. */
  startFanOut(posted: PostedTweet): void {
    this.tasks.run(this.fanOutTweet(posted), { tweetId: posted.tweet.id }, 'Fan-out failed; the outbox will retry it');
  }

  /**
   * Pushes the tweet to its feeds: followers are read in batches, each pushed as soon as it
   * arrives while the next is read. The outbox entry is completed only once every push landed.
   */
  async fanOutTweet(posted: PostedTweet): Promise<void> {
    const { tweet, authorFollowerCount } = posted;
    this.observer.fanOutStarted(posted);
    const pushes: Promise<void>[] = [];
    let pushFailure: { error: unknown } | undefined;
    const push = (followerIds: readonly string[]) => {
      const feeds = pushes.length === 0 ? [homeFeed(tweet.authorId), recentFeed(tweet.authorId)] : [];
      this.observer.tweetFannedOut(posted, pushes.length === 0 ? [tweet.authorId, ...followerIds] : followerIds);
      // Caught at once, not when awaited: a push may fail while later batches are still being read.
      pushes.push(
        this.feeds
          .push([...feeds, ...followerIds.map(homeFeed)], feedItemOf(tweet), tweet.authorId)
          .catch((error: unknown) => void (pushFailure ??= { error })),
      );
    };
    try {
      if (!this.celebrities.isCelebrity(authorFollowerCount)) {
        for await (const followerIds of this.stores.users.followerIdBatches(tweet.authorId, FAN_OUT_BATCH)) push(followerIds);
      }
      if (pushes.length === 0) push([]);
    } finally {
      // Even when reading followers failed: nothing of this fan-out may still run once it returns.
      await Promise.all(pushes);
    }
    if (pushFailure) throw pushFailure.error;
    // The tweet's createdAt is set just before its commit: the lag its followers saw it with.
    this.metrics.fanOutCompleted(Date.now() - tweet.createdAt.getTime());
    await this.stores.tweets.completeFanOut(tweet.id);
  }
}
