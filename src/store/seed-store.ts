/**
 * Seed store
 *
 * Bulk loading of users and follows, in batches, for benchmarks and tests on large graphs. It
 * bypasses the rules and the timelines: load before anything is cached.
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
}
