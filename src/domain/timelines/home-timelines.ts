/**
 * Home timelines
 *
 * Keeps every cached home timeline equal to its definition (the user's own tweets and those of
 * everyone they follow, newest first) as tweets, follows and deletions happen, and reads pages of
 * it. Neo4j is the truth; feeds (Redis or memory) are a cache that can always be rebuilt from it.
 * This class only wires the parts, each with one job:
 *
 * - `FanOut` (fan-out.ts): a new tweet into its followers' feeds, off the request path, redone
 *   from the FanOutPending outbox after a crash;
 * - `FeedReconciler` (feed-reconciler.ts): follows, unfollows, deletions and celebrity threshold
 *   crossings applied to the feeds;
 * - `HomeTimelinePages` (home-timeline-pages.ts): a page read from the feeds, Neo4j past their end;
 * - `OutboxSettler` (outbox-settler.ts): the outbox passes;
 * - `CelebrityPolicy` (celebrity-policy.ts): whose tweets are merged at read time instead.
 */
import type { Logger } from '../../logger';
import type { IdPosition } from '../page-request';
import type { PostedTweet } from '../tweets/tweet';
import { NO_CHANGE_OBSERVER, type ChangeObserver } from '../change-observer';
import { NO_METRICS, type Metrics } from '../metrics';
import { BackgroundTasks } from './background-tasks';
import { CelebrityPolicy } from './celebrity-policy';
import type { FeedItem, FeedStore, FeedStoreHealth } from './feed-store';
import { FanOut } from './fan-out';
import { FeedReconciler } from './feed-reconciler';
import { HomeTimelinePages } from './home-timeline-pages';
import { OutboxSettler } from './outbox-settler';
import type { CheckedTimelines } from '../maintenance/ports';
import type { TweetTimelines } from '../tweets/ports';
import type { FollowChange, FollowTimelines } from '../users/ports';
import type { HomePages, TimelineGraph } from './ports';

export interface TimelineSettings {
  /** Items kept per cached feed (TIMELINE_LENGTH). */
  capacity: number;
}

export class HomeTimelines implements FollowTimelines, TweetTimelines, HomePages, CheckedTimelines {
  private readonly tasks: BackgroundTasks;
  private readonly fanOut: FanOut;
  private readonly reconciler: FeedReconciler;
  private readonly pages: HomeTimelinePages;
  private readonly outbox: OutboxSettler;

  constructor(
    stores: TimelineGraph,
    private readonly feeds: FeedStore,
    readonly celebrities: CelebrityPolicy,
    settings: TimelineSettings,
    logger: Logger,
    observer: ChangeObserver = NO_CHANGE_OBSERVER,
    metrics: Metrics = NO_METRICS,
  ) {
    this.tasks = new BackgroundTasks(logger);
    this.fanOut = new FanOut(stores, feeds, celebrities, this.tasks, observer, metrics);
    this.reconciler = new FeedReconciler(stores, feeds, celebrities, settings.capacity, observer, logger);
    this.pages = new HomeTimelinePages(stores, feeds, celebrities, settings.capacity, metrics);
    this.outbox = new OutboxSettler(stores, this.fanOut, this.reconciler, this.tasks, metrics);
  }

  /** Starts the fan-out of a committed tweet without waiting for it. */
  startFanOut(posted: PostedTweet): void {
    this.fanOut.startFanOut(posted);
  }

  /** Fans a committed tweet out and waits for it (the outbox, benchmarks). */
  fanOutTweet(posted: PostedTweet): Promise<void> {
    return this.fanOut.fanOutTweet(posted);
  }

  followed(followerId: string, change: FollowChange): Promise<void> {
    return this.reconciler.followed(followerId, change);
  }

  unfollowed(followerId: string, change: FollowChange): Promise<void> {
    return this.reconciler.unfollowed(followerId, change);
  }

  tweetDeleted(tweetId: string, authorId: string): Promise<void> {
    return this.reconciler.tweetDeleted(tweetId, authorId);
  }

  forgetHome(userId: string): Promise<void> {
    return this.reconciler.forgetHome(userId);
  }

  /** Up to `limit` home timeline items before `after`, newest first. */
  page(viewerId: string, limit: number, after?: IdPosition): Promise<FeedItem[]> {
    return this.pages.page(viewerId, limit, after);
  }

  settlePending(olderThanMs: number): Promise<number> {
    return this.outbox.settlePending(olderThanMs);
  }

  startSettling(intervalMs: number): () => void {
    return this.outbox.startSettling(intervalMs);
  }

  health(): Promise<FeedStoreHealth> {
    return this.feeds.health();
  }

  /** Waits for background fan-outs and outbox passes (graceful shutdown, tests). */
  drain(): Promise<void> {
    return this.tasks.drain();
  }
}
