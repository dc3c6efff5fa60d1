import fc from 'fast-check';

import { mergeNewestFirst } from '../../../src/domain/timelines/merge-newest-first';
import type { FeedItem } from '../../../src/domain/timelines/feed-store';

const item = (tweetId: string): FeedItem => ({ tweetId });
/** Newest first, no duplicates: how every feed is kept. */
const feed = fc.uniqueArray(fc.integer({ min: 10, max: 99 })).map((ids) => ids.sort((a, b) => b - a).map((id) => item(String(id))));

describe('mergeNewestFirst', () => {
  it('equals sorting the union, newest first, without duplicates, cut at the limit and the horizon', () => {
    fc.assert(
      fc.property(
        fc.array(feed, { maxLength: 5 }),
        fc.integer({ min: 0, max: 30 }),
        fc.option(fc.integer({ min: 10, max: 99 }), { nil: undefined }),
        (feeds, limit, horizon) => {
          const expected = [...new Set(feeds.flat().map((entry) => entry.tweetId))]
            .sort()
            .reverse()
            .filter((id) => horizon === undefined || id > String(horizon))
            .slice(0, limit);
          const merged = mergeNewestFirst(feeds, limit, horizon === undefined ? undefined : String(horizon));
          expect(merged.map((entry) => entry.tweetId)).toEqual(expected);
        },
      ),
    );
  });
});
