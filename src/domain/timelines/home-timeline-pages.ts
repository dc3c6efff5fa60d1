/**
 * Home timeline pages
 *
 * Reads a page of a home timeline: the viewer's cached home feed merged with the recent feeds of
 * the celebrities they follow, rebuilt from Neo4j when missing; where a capped feed ends before the
 * page does, Neo4j answers the rest. A warm page is one call to the feed store. While the feed store
 * cannot be reached, Neo4j computes the whole page at read time.
 */
import type { HomePageSource, Metrics } from '../metrics';
import type { IdPosition } from '../page-request';
import type { CelebrityPolicy } from './celebrity-policy';
import { FeedStoreUnavailable, type FeedItem, type FeedKey, type FeedPage, type FeedStore } from './feed-store';
import { mergeNewestFirst } from './merge-newest-first';
import type { TimelineGraph } from './ports';
import { feedItemOf, homeFeed, recentFeed } from './timeline-feeds';

export class HomeTimelinePages {
  constructor(
    private readonly stores: TimelineGraph,
    private readonly feeds: FeedStore,
    private readonly celebrities: CelebrityPolicy,
    private readonly capacity: number,
    private readonly metrics: Metrics,
  ) {}

  /** Up to `limit` home timeline items before `after`, newest first. */
  async page(viewerId: string, limit: number, after?: IdPosition): Promise<FeedItem[]> {
    let served: { items: FeedItem[]; source: HomePageSource };
    try {
      served = await this.cachedPage(viewerId, limit, after);
    } catch (error) {
      if (!(error instanceof FeedStoreUnavailable)) throw error;
      served = { items: await this.pageFromGraph(viewerId, limit, after), source: 'graph' };
    }
    this.metrics.homePageServed(served.source);
    return served.items;
  }

  private async cachedPage(viewerId: string, limit: number, after?: IdPosition): Promise<{ items: FeedItem[]; source: HomePageSource }> {
    let read = await this.feeds.readHome(viewerId, limit, after?.id);
    const source = read === null ? 'rebuilt' : 'hit';
    if (read === null && (await this.rebuildHome(viewerId))) read = await this.feeds.readHome(viewerId, limit, after?.id);
    // The rebuild lost a race (or was undone at once): Neo4j answers this page.
    if (read === null) return { items: await this.pageFromGraph(viewerId, limit, after), source: 'graph' };

    const pages = [...read.pages, ...(await Promise.all(read.unready.map((authorId) => this.readRecent(authorId, limit, after?.id))))];
    // Where a feed's cache ended within this page, items older than its last one may be missing
    // from the cache: the merge stops at the newest such point, and Neo4j answers past it.
    let reachedCacheEnd = false;
    let horizon: string | undefined;
    for (const page of pages) {
      if (!this.reachesCacheEnd(page, limit)) continue;
      reachedCacheEnd = true;
      const end = page.items.at(-1)?.tweetId ?? after?.id;
      if (end !== undefined && (horizon === undefined || end > horizon)) horizon = end;
    }
    const items = mergeNewestFirst(
      pages.map((page) => page.items),
      limit,
      horizon,
    );
    if (items.length === limit || !reachedCacheEnd) return { items, source };
    const last = items.at(-1)?.tweetId ?? after?.id;
    const rest = await this.pageFromGraph(viewerId, limit - items.length, last === undefined ? undefined : { id: last });
    return { items: [...items, ...rest], source };
  }

  /** A page came back short from a feed that is full: older items may have been trimmed from it. */
  private reachesCacheEnd(page: FeedPage, limit: number): boolean {
    return page.items.length < limit && page.size >= this.capacity;
  }

  /** Rebuilds a viewer's home feed from Neo4j; false if the rebuild lost a race. */
  private async rebuildHome(viewerId: string): Promise<boolean> {
    const feed = homeFeed(viewerId);
    const token = await this.feeds.beginBuild(feed);
    const [entries, celebrityIds] = await Promise.all([
      this.stores.tweets.homeTimelinePage(viewerId, this.capacity),
      this.stores.users.followedCelebrityIds(viewerId, this.celebrities.minFollowers),
    ]);
    const built = await this.feeds.completeBuild(
      feed,
      token,
      entries.map((entry) => feedItemOf(entry.tweet)),
      celebrityIds,
    );
    if (built) this.metrics.feedRebuilt('home');
    return built;
  }

  /** Rebuilds a celebrity's missing recent feed, then reads it. */
  private async readRecent(authorId: string, limit: number, beforeId?: string): Promise<FeedPage> {
    const feed = recentFeed(authorId);
    await this.buildRecent(feed);
    return { feed, items: await this.feeds.read(feed, limit, beforeId), size: await this.feeds.size(feed) };
  }

  private async buildRecent(feed: FeedKey): Promise<void> {
    const token = await this.feeds.beginBuild(feed);
    const [entries = []] = await this.stores.tweets.authorTweetsPages([{ ownerId: feed.id, limit: this.capacity }]);
    const built = await this.feeds.completeBuild(
      feed,
      token,
      entries.map((entry) => feedItemOf(entry.tweet)),
      [],
    );
    if (built) this.metrics.feedRebuilt('recent');
  }

  private async pageFromGraph(viewerId: string, limit: number, after?: IdPosition): Promise<FeedItem[]> {
    if (limit <= 0) return [];
    const entries = await this.stores.tweets.homeTimelinePage(viewerId, limit, after);
    return entries.map((entry) => feedItemOf(entry.tweet));
  }
}
