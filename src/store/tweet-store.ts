/**
 * Tweet store
 *
 * Tweets, their POSTED and FAVORITED relationships, and the read-time home timeline in Neo4j.
 */
import { UniquenessViolation } from '../domain/conflicts';
import { newestIdFirst } from '../ids';
import type { IdPosition, PageRequest, TimePosition } from '../domain/page-request';
import type { RelationshipChange } from '../domain/relationship-change';
import type { TimelineTweets } from '../domain/timelines/ports';
import type { NewTweet, TweetRepository } from '../domain/tweets/ports';
import { reviveTweet, type PostedTweet, type Tweet, type TweetEntry } from '../domain/tweets/tweet';
import type { Graph } from './graph';
import { runPagedQuery } from './paged-query';
import { compareTimePositions, idBound, timeBound } from './page-request';
import type { RecordCache } from './cache/record-cache';
import { readThrough } from './cache/read-through';
import { toTweet, toUser, type NodeProperties } from './records';

/** A page entry with whether the viewer it was read for (if any) has favorited the tweet. */
export interface ViewedTweetEntry<Position> extends TweetEntry<Position> {
  viewerHasFavorited: boolean;
}

/** A page of an author's tweets as a viewer sees it: each with their favorite, and whether they follow the author. */
export interface ViewedAuthorPage {
  ownerId: string;
  entries: ViewedTweetEntry<IdPosition>[];
  viewerFollowsOwner: boolean;
}

type TweetRow = { tweet: NodeProperties };
/** An author with no tweet in the page answers one row with a null tweet. */
type AuthorPageRow = { key: number; tweet: NodeProperties | null; viewerHasFavorited: boolean; viewerFollowsOwner: boolean };
type PostedRow = TweetRow & { authorFollowerCount: number; author: NodeProperties };

export class TweetStore implements TweetRepository, TimelineTweets {
  constructor(
    private readonly graph: Graph,
    private readonly cache: RecordCache,
  ) {}

  /**
   * Creates the tweet, marked as waiting for its fan-out, and answers the author's follower count
   * at that moment (which decides the fan-out); `undefined` when the author does not exist. Where the
   * tweet is already stored (a retried create whose first commit went through, or a client's
   * repeated `clientKey`), answers that one, `repeated`, instead of failing on its constraint.
   */
  async create(tweet: NewTweet): Promise<PostedTweet | undefined> {
    const parameters = { ...tweet, clientKey: tweet.clientKey ?? null };
    let posted: PostedTweet;
    try {
      const [row] = await this.graph.write<PostedRow>('create-tweet', parameters);
      if (!row) return undefined;
      posted = toPosted(row);
    } catch (error) {
      if (!(error instanceof UniquenessViolation)) throw error;
      const [row] = await this.graph.read<PostedRow & { fanOutPending: boolean }>('posted-tweet', parameters);
      if (!row) throw error;
      posted = { ...toPosted(row), repeated: { fanOutPending: row.fanOutPending } };
    }
    await Promise.all([this.cache.putMany('tweet', [posted.tweet]), this.cache.putMany('user', [posted.author])]);
    return posted;
  }

  /** Tweets made before `before` (ms) whose fan-out was never confirmed, oldest first. */
  async pendingFanOuts(before: number, limit: number): Promise<PostedTweet[]> {
    const rows = await this.graph.read<PostedRow>('pending-fan-outs', { before, limit });
    return rows.map(toPosted);
  }

  async pendingFanOutCount(): Promise<number> {
    const [row] = await this.graph.read<{ pending: number }>('count-pending-fan-outs');
    return row?.pending ?? 0;
  }

  async completeFanOut(tweetId: string): Promise<void> {
    await this.graph.write('complete-fan-out', { tweetId });
  }

  /** Tweets in the order of `ids`, `undefined` where none exists; from the cache where it has them. */
  findByIds(ids: readonly string[]): Promise<(Tweet | undefined)[]> {
    return readThrough(this.cache, 'tweet', ids, reviveTweet, async (missing) => {
      const rows = await this.graph.read<TweetRow>('tweets-by-ids', { ids: missing });
      return rows.map((row) => toTweet(row.tweet));
    });
  }

  /** Deletes the tweet if `authorId` posted it; false when there was no such tweet. */
  async delete(tweetId: string, authorId: string): Promise<boolean> {
    const [row] = await this.graph.write<{ deleted: number; author: NodeProperties }>('delete-tweet', { tweetId, authorId });
    if (!row || row.deleted === 0) return false;
    await Promise.all([this.cache.tombstone('tweet', tweetId), this.cache.putMany('user', [toUser(row.author)])]);
    return true;
  }

  favorite(userId: string, tweetId: string, at: number): Promise<RelationshipChange<Tweet> | undefined> {
    return this.changeFavorite('favorite-tweet', userId, tweetId, at);
  }

  unfavorite(userId: string, tweetId: string): Promise<RelationshipChange<Tweet> | undefined> {
    return this.changeFavorite('unfavorite-tweet', userId, tweetId, 0);
  }

  /** Owners are authors: their tweets, newest first. */
  async authorTweetsPages(requests: readonly PageRequest<IdPosition>[]): Promise<TweetEntry<IdPosition>[][]> {
    return (await this.viewedAuthorTweetsPages(requests, null)).map((page) => page.entries);
  }

  /** `authorTweetsPages` as `viewerId` (null when signed out) sees them: with their favorites, and whether they follow each author. */
  async viewedAuthorTweetsPages(requests: readonly PageRequest<IdPosition>[], viewerId: string | null): Promise<ViewedAuthorPage[]> {
    const pages = await runPagedQuery<IdPosition, AuthorPageRow>(
      this.graph,
      'author-tweets-pages',
      requests,
      (request) => ({ beforeId: idBound(request.after) }),
      { viewerId },
    );
    return requests.map(({ ownerId }, index) => {
      const rows = pages[index] ?? [];
      return {
        ownerId,
        entries: rows.flatMap(({ tweet, viewerHasFavorited }) => (tweet ? [{ ...toIdEntry({ tweet }), viewerHasFavorited }] : [])).sort(newestEntryFirst),
        viewerFollowsOwner: rows[0]?.viewerFollowsOwner ?? false,
      };
    });
  }

  /** Owners are users: the tweets they favorited, most recently favorited first. */
  async favoritesPages(requests: readonly PageRequest<TimePosition>[]): Promise<TweetEntry<TimePosition>[][]> {
    const pages = await runPagedQuery<TimePosition, TweetRow & { key: number; at: number }>(this.graph, 'favorites-pages', requests, (request) =>
      timeBound(request.after),
    );
    return pages.map((rows) =>
      rows
        .map((row) => ({ tweet: toTweet(row.tweet), position: { at: row.at, id: row.tweet.id as string } }))
        .sort((a, b) => compareTimePositions(b.position, a.position)),
    );
  }

  /** The viewer's and their followees' tweets, newest first, computed from the graph. */
  async homeTimelinePage(viewerId: string, limit: number, after?: IdPosition): Promise<TweetEntry<IdPosition>[]> {
    const rows = await this.graph.read<TweetRow>('home-timeline-page', { viewerId, limit, beforeId: idBound(after) });
    return rows.map(toIdEntry).sort(newestEntryFirst);
  }

  private async changeFavorite(statement: string, userId: string, tweetId: string, at: number) {
    const [row] = await this.graph.write<TweetRow & { changed: boolean }>(statement, { userId, tweetId, at });
    if (!row) return undefined;
    const tweet = toTweet(row.tweet);
    await this.cache.putMany('tweet', [tweet]);
    return { node: tweet, changed: row.changed };
  }
}

function toPosted(row: PostedRow): PostedTweet {
  return { tweet: toTweet(row.tweet), authorFollowerCount: row.authorFollowerCount, author: toUser(row.author) };
}

function toIdEntry(row: TweetRow): TweetEntry<IdPosition> {
  return { tweet: toTweet(row.tweet), position: { id: row.tweet.id as string } };
}

function newestEntryFirst(a: TweetEntry<IdPosition>, b: TweetEntry<IdPosition>): number {
  return newestIdFirst(a.position.id, b.position.id);
}
