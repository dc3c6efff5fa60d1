/**
 * Invariant store
 *
 * The reads and repairs `npm run check` needs: whole-graph scans in id order, a page at a time, of
 * what must always hold (every count equals its relationships, every tweet has the one author its
 * authorId names), and repairs that write through to the record cache like every other write.
 */
import type { RecordCache } from './cache/record-cache';
import type { Graph } from './graph';
import type { InvariantRepository, StaleOutbox, TweetRow, UserCountsRow } from '../domain/maintenance/ports';
import { toTweet, toUser, type NodeProperties } from './records';

export class InvariantStore implements InvariantRepository {
  constructor(
    private readonly graph: Graph,
    private readonly cache: RecordCache,
  ) {}

  /** The next `limit` users after `afterId` ('' for the first page), with their stored and counted counts. */
  userCounts(afterId: string, limit: number): Promise<UserCountsRow[]> {
    return this.graph.read<UserCountsRow>('check-user-counts', { afterId, limit });
  }

  /** The next `limit` tweets after `afterId`, with their favorite counts and authors. */
  tweets(afterId: string, limit: number): Promise<TweetRow[]> {
    return this.graph.read<TweetRow>('check-tweets', { afterId, limit });
  }

  async staleOutbox(before: number): Promise<StaleOutbox> {
    const [row] = await this.graph.read<StaleOutbox>('check-stale-outbox', { before });
    return row ?? { fanOuts: 0, celebrityChanges: 0 };
  }

  async repairUserCounts(ids: readonly string[]): Promise<void> {
    const rows = await this.graph.write<{ user: NodeProperties }>('repair-user-counts', { ids });
    await this.cache.putMany(
      'user',
      rows.map((row) => toUser(row.user)),
    );
  }

  async repairTweetCounts(ids: readonly string[]): Promise<void> {
    const rows = await this.graph.write<{ tweet: NodeProperties }>('repair-tweet-counts', { ids });
    await this.cache.putMany(
      'tweet',
      rows.map((row) => toTweet(row.tweet)),
    );
  }

  /** Up to `limit` user ids from `fromId` on, in id order. */
  async sampleUserIds(fromId: string, limit: number): Promise<string[]> {
    return (await this.graph.read<{ id: string }>('sample-user-ids', { fromId, limit })).map((row) => row.id);
  }
}
