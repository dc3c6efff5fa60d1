/**
 * Feed reconciler
 *
 * Keeps cached home feeds equal to their definition when the graph changes under them: a follow
 * merges the followee's tweets in, an unfollow has the feed rebuilt without them, a deletion frees
 * the tweet's place, and a celebrity threshold crossing invalidates every follower's feed (rebuilt
 * on its next read), settled through the CelebrityChangePending outbox so a crash cannot leave it
 * half done.
 *
 * While the feed store cannot be reached, a change is left out of the feeds and the write it
 * follows still succeeds: the store comes back empty of what it held (a new cache epoch) and every
 * feed is rebuilt from Neo4j, which has the change. A celebrity crossing stays in the outbox.
 */
import type { Logger } from '../../logger';
import type { FollowChange } from '../users/ports';
import type { CelebrityPolicy } from './celebrity-policy';
import { FeedStoreUnavailable, type FeedStore } from './feed-store';
import type { TimelineGraph } from './ports';
import { feedItemOf, homeFeed, recentFeed } from './timeline-feeds';
import type { ChangeObserver } from '../change-observer';

export class FeedReconciler {
  constructor(
    private readonly stores: TimelineGraph,
    private readonly feeds: FeedStore,
    private readonly celebrities: CelebrityPolicy,
    private readonly capacity: number,
    private readonly observer: ChangeObserver,
    private readonly logger: Logger,
  ) {}

  /** A follow was committed: merge the followee into the follower's feed, and settle a crossing. */
  followed(followerId: string, change: FollowChange): Promise<void> {
    return this.unlessUnavailable(() => this.mergeFollowee(followerId, change));
  }

  private async mergeFollowee(followerId: string, change: FollowChange): Promise<void> {
    const followee = change.node;
    if (this.celebrities.isCelebrity(followee.followerCount)) {
      await this.feeds.followed(followerId, followee.id, true);
      this.observer.celebritiesChanged([followerId]);
    } else {
      await this.feeds.followed(followerId, followee.id, false);
      const [entries = []] = await this.stores.tweets.authorTweetsPages([{ ownerId: followee.id, limit: this.capacity }]);
      await this.feeds.merge(
        homeFeed(followerId),
        entries.map((entry) => feedItemOf(entry.tweet)),
      );
    }
    if (change.celebrityChangePending) await this.settleCelebrityChange(followee.id);
  }

  /** An unfollow was committed: the follower's feed is rebuilt without the followee (see FeedStore.unfollowed), and a crossing settled. */
  unfollowed(followerId: string, change: FollowChange): Promise<void> {
    return this.unlessUnavailable(async () => {
      await this.feeds.unfollowed(followerId, change.node.id);
      if (this.celebrities.wasCelebrityBeforeUnfollow(change.node.followerCount)) this.observer.celebritiesChanged([followerId]);
      if (change.celebrityChangePending) await this.settleCelebrityChange(change.node.id);
    });
  }

  /** Deleted tweets are also filtered out at read time; this frees their place in the author's feeds. */
  tweetDeleted(tweetId: string, authorId: string): Promise<void> {
    return this.unlessUnavailable(() => this.feeds.remove([homeFeed(authorId), recentFeed(authorId)], tweetId));
  }

  /** Forgets a user's cached home feed (found to differ from its definition): rebuilt on its next read. */
  async forgetHome(userId: string): Promise<void> {
    await this.feeds.invalidate([homeFeed(userId)]);
  }

  /** A user crossed the celebrity threshold: every follower's feed is rebuilt on its next read. */
  async settleCelebrityChange(userId: string): Promise<void> {
    const followerIds = await this.stores.users.followerIds(userId);
    await this.feeds.invalidate([...followerIds.map(homeFeed), recentFeed(userId)]);
    this.observer.celebritiesChanged(followerIds);
    await this.stores.users.completeCelebrityChange(userId);
    this.logger.info({ userId, followers: followerIds.length }, 'Celebrity threshold crossed; follower timelines invalidated');
  }

  /** Runs a feed change; an unreachable feed store is skipped (see the header), anything else thrown. */
  private async unlessUnavailable(change: () => Promise<void>): Promise<void> {
    try {
      await change();
    } catch (error) {
      if (error instanceof FeedStoreUnavailable) this.logger.debug({ err: error }, 'Feed store unreachable; the change is left to the rebuild');
      else throw error;
    }
  }
}
