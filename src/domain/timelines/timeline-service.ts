/**
 * Timelines
 *
 * The home timeline: the viewer's own tweets and those of everyone they follow, newest first.
 * Computed from the graph at read time for now.
 */
import type { TweetRecord } from '../../store/records';
import { decodeIdCursor, encodeIdCursor, pageSize, toConnection, type Connection, type PageArguments } from '../pagination';
import type { RequestScope } from '../request-scope';
import { requireSignedIn } from '../viewer';

export class TimelineService {
  constructor(private readonly scope: RequestScope) {}

  async home(page: PageArguments): Promise<Connection<TweetRecord>> {
    const viewerId = requireSignedIn(this.scope.viewer, 'read your home timeline');
    const size = pageSize(page.first);
    const entries = await this.scope.stores.tweets.homeTimelinePage(viewerId, size + 1, decodeIdCursor(page.after));
    for (const entry of entries) this.scope.loaders.tweetById.prime(entry.tweet.id, entry.tweet);
    return toConnection(entries, size, (entry) => entry.tweet, (entry) => encodeIdCursor(entry.position));
  }
}
