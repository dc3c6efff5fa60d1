/**
 * Timelines
 *
 * The home timeline as a connection: the viewer's own tweets and those of everyone they follow,
 * newest first, read from the cached feeds (see home-timelines.ts). Tweets deleted since they were
 * cached are left out here.
 */
import { decodeIdCursor, encodeIdCursor, pageSize, toConnection, type Connection, type PageArguments } from '../pagination';
import type { Tweet } from '../tweets/tweet';
import { requireSignedIn } from '../viewer';
import type { TimelineScope } from './ports';

/** Rounds of reading past deleted tweets before a page is given as it is. */
const MAX_READS = 4;

export class TimelineService {
  constructor(private readonly scope: TimelineScope) {}

  async home(page: PageArguments): Promise<Connection<Tweet>> {
    const viewerId = requireSignedIn(this.scope.viewer, 'read your home timeline');
    const size = pageSize(page.first);
    const tweets: Tweet[] = [];
    let after = decodeIdCursor(page.after);
    for (let round = 0; round < MAX_READS && tweets.length <= size; round++) {
      const wanted = size + 1 - tweets.length;
      const items = await this.scope.timelines.page(viewerId, wanted, after);
      const found = await this.scope.loaders.tweetById.loadMany(items.map((item) => item.tweetId));
      for (const tweet of found) if (tweet && !(tweet instanceof Error)) tweets.push(tweet);
      const last = items.at(-1);
      if (items.length < wanted || !last) break;
      after = { id: last.tweetId };
    }
    // A page shows each tweet with its author: loaded now (from the record cache when warm), the
    // authors are at hand when the fields resolve, so what the tweets and the authors ask next (the
    // viewer's favorites and follows) is asked in the same tick and batched together.
    await this.scope.loaders.userById.loadMany([...new Set(tweets.slice(0, size).map((tweet) => tweet.authorId))]);
    return toConnection(
      tweets,
      size,
      (tweet) => tweet,
      (tweet) => encodeIdCursor({ id: tweet.id }),
    );
  }
}
