/**
 * Most-followed users
 *
 * The ids of the most-followed users, for "who to follow": read from Neo4j at most once a minute
 * per graph connection and shared by every request in between, so a suggestion costs a page of
 * ids from memory, never a query over all users per request.
 */
import type { MostFollowed } from '../domain/users/ports';
import type { Graph } from './graph';

/** How many of the most-followed are kept: enough to offer some after removing those a person follows. */
export const MOST_FOLLOWED_KEPT = 100;
const REFRESH_MS = 60_000;

export class MostFollowedUsers implements MostFollowed {
  private cached: { ids: string[]; readAt: number } | undefined;
  private reading: Promise<string[]> | undefined;

  constructor(
    private readonly graph: Graph,
    private readonly refreshMs = REFRESH_MS,
  ) {}

  /** Most followed first; a stale list is served while a fresh one is read. */
  async ids(): Promise<string[]> {
    const { cached } = this;
    if (cached && Date.now() - cached.readAt < this.refreshMs) return cached.ids;
    this.reading ??= this.read().finally(() => (this.reading = undefined));
    if (!cached) return this.reading;
    this.reading.catch(() => {}); // The stale list answers; the next call tries again.
    return cached.ids;
  }

  private async read(): Promise<string[]> {
    const rows = await this.graph.read<{ id: string }>('most-followed-users', { limit: MOST_FOLLOWED_KEPT });
    const ids = rows.map((row) => row.id);
    this.cached = { ids, readAt: Date.now() };
    return ids;
  }
}

const perGraph = new WeakMap<Graph, MostFollowedUsers>();

/** The one list of a graph connection, shared by every request that uses it. */
export function mostFollowedUsers(graph: Graph): MostFollowedUsers {
  let users = perGraph.get(graph);
  if (!users) perGraph.set(graph, (users = new MostFollowedUsers(graph)));
  return users;
}
