/**
 * Home timelines
 *
 * Keeps every cached home timeline equal to its definition (the user's own tweets and those of
 * everyone they follow, newest first) as tweets, follows and deletions happen, and reads pages of
 * it. Neo4j is the truth; feeds (Redis or memory) are a cache that can always be rebuilt from it.
 *
 * - Fan-out on write: a new tweet goes into its author's and its followers' home feeds, off the
 *   request path, after Neo4j committed it (and marked it FanOutPending, so a crash before the
 *   fan-out finishes is redone by `settlePending` after restart).
 * - Celebrities (more than `celebrityThreshold` followers) are not fanned out: their tweets go to
 *   their own recent feed, which followers' reads merge in. A home feed's metadata lists the
 *   celebrities its user follows.
 * - Crossing the threshold either way invalidates the followers' feeds (they are rebuilt on their
 *   next read), through the same kind of Neo4j outbox (CelebrityChangePending).
 */
import type { Logger } from '../../logger';
import type { FeedItem, FeedKey, FeedPage, FeedStore, FeedStoreHealth } from '../../store/feeds/feed-store';
import type { IdPosition } from '../../store/page-request';
import type { Stores } from '../../store/stores';
import type { TweetRecord } from '../../store/records';
import type { PostedTweet } from '../../store/tweet-store';
import type { FollowChange } from '../../store/user-store';

export interface TimelineSettings {
  /** Items kept per cached feed (TIMELINE_LENGTH). */
  capacity: number;
  /** Authors with more followers than this are merged at read time (CELEBRITY_THRESHOLD). */
  celebrityThreshold: number;
}

/** Followers read from Neo4j and pushed at a time in a fan-out: the first push starts after one batch. */
const FAN_OUT_BATCH = 500;

/** How many outbox entries one settling pass reads at a time, and fans out at once. */
const SETTLE_BATCH = 100;
const SETTLE_CONCURRENCY = 10;

/** What live feeds need to hear of timeline changes (see src/domain/live/). */
export interface TimelineObserver {
  /** A tweet's fan-out started (once per fan-out, before any `tweetFannedOut`). */
  fanOutStarted(tweet: TweetRecord): void;
  /** A tweet was fanned out to these users' home timelines (once per batch; the author's in the first). */
  tweetFannedOut(tweet: TweetRecord, homeUserIds: readonly string[]): void;
  /** Which celebrities these users follow may have changed (a follow, an unfollow, a threshold crossing). */
  celebritiesChanged(userIds: readonly string[]): void;
}

const NO_OBSERVER: TimelineObserver = { fanOutStarted: () => {}, tweetFannedOut: () => {}, celebritiesChanged: () => {} };

export class HomeTimelines {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly stores: Stores,
    private readonly feeds: FeedStore,
    readonly settings: TimelineSettings,
    private readonly logger: Logger,
    private readonly observer: TimelineObserver = NO_OBSERVER,
  ) {}

  isCelebrity(followerCount: number): boolean {
    return followerCount > this.settings.celebrityThreshold;
  }

  /** Starts the fan-out of a committed tweet without waiting for it. */
  tweetPosted(posted: PostedTweet): void {
    this.inBackground(this.fanOut(posted), { tweetId: posted.tweet.id }, 'Fan-out failed; the outbox will retry it');
  }

  /**
   * Pushes a tweet to its author's feeds and, unless the author is a celebrity, to every
   * follower's home feed: followers are read in batches, each pushed as soon as it arrives while
   * the next is read. The outbox entry is completed only once every push has landed.
   */
  async fanOut({ tweet, authorFollowerCount }: PostedTweet): Promise<void> {
    const item = itemOf(tweet);
    this.observer.fanOutStarted(tweet);
    const pushes: Promise<void>[] = [];
    const push = (followers: string[]) => {
      const author = pushes.length === 0 ? [tweet.authorId] : [];
      this.observer.tweetFannedOut(tweet, [...author, ...followers]);
      const pushed = this.feeds.push([...author.flatMap((id) => [home(id), recent(id)]), ...followers.map(home)], item);
      // Handled now, not when awaited below: a push may fail while later batches are still read.
      pushed.catch(() => {});
      pushes.push(pushed);
    };
    try {
      if (!this.isCelebrity(authorFollowerCount)) {
        for await (const followers of this.stores.users.followerIdBatches(tweet.authorId, FAN_OUT_BATCH)) push(followers);
      }
      if (pushes.length === 0) push([]);
    } finally {
      await Promise.allSettled(pushes);
    }
    await Promise.all(pushes);
    await this.stores.tweets.completeFanOut(tweet.id);
  }

  /** A follow was committed: merge the followee into the follower's timeline, and settle a crossing. */
  async followed(followerId: string, change: FollowChange): Promise<void> {
    const followee = change.node;
    if (this.isCelebrity(followee.followerCount)) {
      await this.feeds.followed(followerId, followee.id, true);
      this.observer.celebritiesChanged([followerId]);
    } else {
      await this.feeds.followed(followerId, followee.id, false);
      const [entries] = await this.stores.tweets.authorTweetsPages([{ ownerId: followee.id, limit: this.settings.capacity }]);
      await this.feeds.merge(home(followerId), entries.map((entry) => itemOf(entry.tweet)));
    }
    if (change.celebrityChangePending) await this.settleCelebrityChange(followee.id);
  }

  /** An unfollow was committed: take the followee out of the follower's timeline, and settle a crossing. */
  async unfollowed(followerId: string, change: FollowChange): Promise<void> {
    await this.feeds.unfollowed(followerId, change.node.id);
    if (this.isCelebrity(change.node.followerCount + 1)) this.observer.celebritiesChanged([followerId]);
    if (change.celebrityChangePending) await this.settleCelebrityChange(change.node.id);
  }

  /** Deleted tweets are also filtered out at read time; this frees their place in the author's feeds. */
  async tweetDeleted(tweetId: string, authorId: string): Promise<void> {
    await this.feeds.remove([home(authorId), recent(authorId)], tweetId, authorId);
  }

  /**
   * Up to `limit` home timeline items before `after`, newest first, from the cache (rebuilt from
   * Neo4j when missing); where the cache ends (feeds are capped), the rest comes from Neo4j. A warm
   * page is one call to the feed store.
   */
  async page(viewerId: string, limit: number, after?: IdPosition): Promise<FeedItem[]> {
    let read = await this.feeds.readHome(viewerId, limit, after?.id);
    if (read === null && (await this.rebuildHome(viewerId))) read = await this.feeds.readHome(viewerId, limit, after?.id);
    // The rebuild lost a race (or was undone at once): Neo4j answers this page.
    if (read === null) return this.pageFromGraph(viewerId, limit, after);

    const pages = [...read.pages, ...(await Promise.all(read.unready.map((authorId) => this.readRecent(authorId, limit, after?.id))))];
    let horizon: string | undefined;
    for (const page of pages) {
      const truncatedAt = this.truncation(page, limit, after?.id);
      if (truncatedAt !== undefined && (horizon === undefined || truncatedAt > horizon)) horizon = truncatedAt;
    }
    const items = mergeNewestFirst(pages.map((page) => page.items), limit, horizon);
    if (items.length === limit || horizon === undefined) return items;
    // A capped feed ran out: older items may be missing from the cache, so Neo4j answers the rest.
    const last = items.at(-1)?.tweetId ?? after?.id;
    const rest = await this.pageFromGraph(viewerId, limit - items.length, last === undefined ? undefined : { id: last });
    return [...items, ...rest];
  }

  /** Redoes what a crash may have left undone: fan-outs and celebrity changes older than `olderThanMs`. */
  async settlePending(olderThanMs: number): Promise<number> {
    let settled = 0;
    for (;;) {
      const pending = await this.stores.tweets.pendingFanOuts(Date.now() - olderThanMs, SETTLE_BATCH);
      // A few at a time: after a crash under load, thousands may wait, and each is mostly waiting on I/O.
      for (let start = 0; start < pending.length; start += SETTLE_CONCURRENCY) {
        await Promise.all(pending.slice(start, start + SETTLE_CONCURRENCY).map((posted) => this.fanOut(posted)));
      }
      settled += pending.length;
      if (pending.length < SETTLE_BATCH) break;
    }
    for (;;) {
      const users = await this.stores.users.pendingCelebrityChanges(SETTLE_BATCH);
      for (const userId of users) await this.settleCelebrityChange(userId);
      settled += users.length;
      if (users.length < SETTLE_BATCH) break;
    }
    return settled;
  }

  /**
   * Settles everything pending now, then every `intervalMs` what has been pending for longer than
   * that (younger entries are most likely still being fanned out by the instance that made them).
   * Returns a function that stops it.
   */
  startSettling(intervalMs: number): () => void {
    let settling = false;
    const settle = (olderThanMs: number) => {
      if (settling) return; // one pass at a time; a busy server still gets its turn
      settling = true;
      const pass = this.settlePending(olderThanMs).finally(() => (settling = false));
      this.inBackground(pass, {}, 'Settling the timeline outbox failed; it will be retried');
    };
    settle(0);
    const timer = setInterval(() => settle(intervalMs), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  health(): Promise<FeedStoreHealth> {
    return this.feeds.health();
  }

  /** Waits for background fan-outs (graceful shutdown, tests). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async settleCelebrityChange(userId: string): Promise<void> {
    const followers = await this.stores.users.followerIds(userId);
    await this.feeds.invalidate([...followers.map(home), recent(userId)]);
    this.observer.celebritiesChanged(followers);
    await this.stores.users.completeCelebrityChange(userId);
    this.logger.info({ userId, followers: followers.length }, 'Celebrity threshold crossed; follower timelines invalidated');
  }

  /** Rebuilds a viewer's home feed from Neo4j; false if the rebuild lost a race. */
  private async rebuildHome(viewerId: string): Promise<boolean> {
    const feed = home(viewerId);
    const token = await this.feeds.beginBuild(feed);
    const [entries, celebrities] = await Promise.all([
      this.stores.tweets.homeTimelinePage(viewerId, this.settings.capacity),
      this.stores.users.followedCelebrityIds(viewerId, this.settings.celebrityThreshold),
    ]);
    return this.feeds.completeBuild(feed, token, entries.map((entry) => itemOf(entry.tweet)), celebrities);
  }

  /** Rebuilds a celebrity's missing recent feed, then reads it. */
  private async readRecent(authorId: string, limit: number, beforeId?: string): Promise<FeedPage> {
    const feed = recent(authorId);
    await this.buildRecent(feed);
    return { feed, items: await this.feeds.read(feed, limit, beforeId), size: await this.feeds.size(feed) };
  }

  /** Where a capped feed's cache ends, if this page reached it: everything older may be missing. */
  private truncation(page: FeedPage, limit: number, beforeId?: string): string | undefined {
    if (page.items.length === limit || page.size < this.settings.capacity) return undefined;
    // Everything older than the last item (or than the cursor, when none came back) is beyond the cache.
    return page.items.at(-1)?.tweetId ?? beforeId ?? '';
  }

  private async buildRecent(feed: FeedKey): Promise<void> {
    const token = await this.feeds.beginBuild(feed);
    const [entries] = await this.stores.tweets.authorTweetsPages([{ ownerId: feed.id, limit: this.settings.capacity }]);
    await this.feeds.completeBuild(feed, token, entries.map((entry) => itemOf(entry.tweet)), []);
  }

  private async pageFromGraph(viewerId: string, limit: number, after?: IdPosition): Promise<FeedItem[]> {
    if (limit <= 0) return [];
    const entries = await this.stores.tweets.homeTimelinePage(viewerId, limit, after);
    return entries.map((entry) => itemOf(entry.tweet));
  }

  private inBackground(work: Promise<unknown>, context: object, failure: string): void {
    const tracked = work.catch((error: unknown) => this.logger.error({ ...context, err: error }, failure));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}

function home(userId: string): FeedKey {
  return { kind: 'home', id: userId };
}

function recent(authorId: string): FeedKey {
  return { kind: 'recent', id: authorId };
}

function itemOf(tweet: { id: string; authorId: string }): FeedItem {
  return { tweetId: tweet.id, authorId: tweet.authorId };
}

/**
 * Merges lists that are each newest first (and each without duplicates) into up to `limit` items
 * newer than `horizon`, newest first, without duplicates. The hot path of every page, so it merges
 * rather than sorts.
 */
function mergeNewestFirst(lists: readonly FeedItem[][], limit: number, horizon?: string): FeedItem[] {
  const isNewer = (item: FeedItem) => horizon === undefined || item.tweetId > horizon;
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length <= 1) {
    const only = nonEmpty[0] ?? [];
    const end = only.findIndex((item, index) => index >= limit || !isNewer(item));
    return end < 0 ? only : only.slice(0, end);
  }
  const heads = nonEmpty.map(() => 0);
  const merged: FeedItem[] = [];
  while (merged.length < limit) {
    let newest = -1;
    for (let list = 0; list < nonEmpty.length; list++) {
      const item = nonEmpty[list][heads[list]];
      if (item !== undefined && (newest < 0 || item.tweetId > nonEmpty[newest][heads[newest]].tweetId)) newest = list;
    }
    if (newest < 0) break;
    const item = nonEmpty[newest][heads[newest]++];
    if (!isNewer(item)) break;
    if (merged.at(-1)?.tweetId !== item.tweetId) merged.push(item);
  }
  return merged;
}
