/**
 * Seed store
 *
 * Bulk loading of users, tweets, follows and favorites, in batches, for benchmarks, tests and
 * `npm run seed` on large graphs. It bypasses the rules and the timelines: load before anything is
 * cached. The `*Batch` methods load relationships without touching counts (the rows carry final
 * counts instead) and advance the store's seed run in the same transaction, so a load can resume.
 */
import type { Graph } from './graph';

const BATCH = 5_000;

export interface SeedUser {
  id: string;
  handle: string;
}

export interface SeedTweet {
  id: string;
  authorId: string;
  text: string;
  createdAt: number;
}

export interface SeedFollow {
  followerId: string;
  followeeId: string;
}

/** How far a seed run got, stored on its `SeedRun` node: phase name to the next user index. */
export type SeedProgress = Record<string, number>;

/** The shape of a seed run (what generated the data) and its progress. */
export type SeedRun = Record<string, string | number>;

export interface SeedUserRow extends SeedUser {
  displayName: string;
  createdAt: number;
  followerCount: number;
  followingCount: number;
  tweetCount: number;
}

export interface SeedAuthorTweets {
  authorId: string;
  tweets: { id: string; text: string; createdAt: number; favoriteCount: number }[];
}

export interface SeedFollowerRow {
  followerId: string;
  followeeIds: string[];
  ats: number[];
}

export interface SeedFavoriterRow {
  userId: string;
  tweetIds: string[];
  ats: number[];
}

export interface SeedTotals {
  users: number;
  tweets: number;
  follows: number;
  favorites: number;
  /** Users whose follower, following or tweet count differs from their relationships. */
  wrongUserCounts: number;
  /** Tweets whose favorite count differs from their FAVORITED relationships. */
  wrongTweetCounts: number;
}

export class SeedStore {
  constructor(private readonly graph: Graph) {}

  async users(users: readonly SeedUser[]): Promise<void> {
    for (let start = 0; start < users.length; start += BATCH) {
      await this.graph.write('seed-users', { users: users.slice(start, start + BATCH), createdAt: Date.now() });
    }
  }

  async follows(follows: readonly SeedFollow[]): Promise<void> {
    for (let start = 0; start < follows.length; start += BATCH) {
      await this.graph.write('seed-follows', { follows: follows.slice(start, start + BATCH), at: Date.now() });
    }
  }

  async tweets(tweets: readonly SeedTweet[]): Promise<void> {
    for (let start = 0; start < tweets.length; start += BATCH) {
      await this.graph.write('seed-tweets', { tweets: tweets.slice(start, start + BATCH) });
    }
  }

  /** The seed run recorded in this store, or null in a store no seed run has touched. */
  async run(): Promise<SeedRun | null> {
    const [row] = await this.graph.read<{ run: SeedRun | null }>('seed-run');
    return row?.run ?? null;
  }

  /** Whether the store holds no data (a seed run's own record aside). */
  async isEmpty(): Promise<boolean> {
    const [row] = await this.graph.read<{ empty: boolean }>('seed-store-empty');
    return row?.empty ?? true;
  }

  /** Records a new run's shape; returns the run actually stored (an earlier one if there was one). */
  async startRun(run: SeedRun): Promise<SeedRun> {
    const [row] = await this.graph.write<{ run: SeedRun }>('seed-run-start', { run });
    if (!row) throw new Error('seed-run-start returned no row.');
    return row.run;
  }

  async userBatch(users: readonly SeedUserRow[], passwordHash: string, progress: SeedProgress): Promise<void> {
    await this.graph.write('seed-user-batch', { users, passwordHash, progress });
  }

  async tweetBatch(authors: readonly SeedAuthorTweets[], progress: SeedProgress): Promise<void> {
    await this.graph.write('seed-tweet-batch', { authors, progress });
  }

  async followBatch(followers: readonly SeedFollowerRow[], progress: SeedProgress): Promise<void> {
    await this.graph.write('seed-follow-batch', { followers, progress });
  }

  async favoriteBatch(users: readonly SeedFavoriterRow[], progress: SeedProgress): Promise<void> {
    await this.graph.write('seed-favorite-batch', { users, progress });
  }

  async totals(): Promise<SeedTotals> {
    const [row] = await this.graph.read<SeedTotals>('seed-totals');
    if (!row) throw new Error('seed-totals returned no row.');
    return row;
  }
}
