/**
 * The feed store contract, held by both implementations.
 */
import { newId } from '../../../src/ids';
import type { FeedItem, FeedKey, FeedStore } from '../../../src/domain/timelines/feed-store';
import { FEED_STORE_FACTORIES, type FeedStoreFactory } from '../../support/feed-stores';
import type { Several } from '../../support/required';

describe.each(FEED_STORE_FACTORIES.map((factory) => [factory().name, factory] as const))('%s feed store', (_name, makeFactory) => {
  let factory: FeedStoreFactory;
  let store: FeedStore;
  beforeEach(() => {
    factory = makeFactory();
    store = factory.create({ capacity: 5, ttlSeconds: 60 });
  });
  afterEach(async () => {
    await store.close();
    await factory.cleanUp();
  });

  const home = (id: string): FeedKey => ({ kind: 'home', id });
  const tweets = <Count extends number>(count: Count) => Array.from({ length: count }, (): FeedItem => ({ tweetId: newId() })) as Several<FeedItem, Count>;
  /** The same items newest first (a tuple stays one: sorting keeps its length). */
  const newest = <Items extends FeedItem[]>(items: Items) => [...items].sort((a, b) => (a.tweetId < b.tweetId ? 1 : -1)) as Items;

  async function ready(feed: FeedKey, items: FeedItem[] = [], meta: string[] = []) {
    const token = await store.beginBuild(feed);
    expect(await store.completeBuild(feed, token, items, meta)).toBe(true);
  }

  it('is not ready until a build completes, then holds the built items newest first', async () => {
    const feed = home('u1');
    expect(await store.readyMeta(feed)).toBeNull();
    const items = tweets(3);
    const token = await store.beginBuild(feed);
    expect(await store.readyMeta(feed)).toBeNull();
    expect(await store.completeBuild(feed, token, items, ['celebrity'])).toBe(true);
    expect(await store.readyMeta(feed)).toEqual(['celebrity']);
    expect(await store.read(feed, 10)).toEqual(newest(items));
  });

  it('keeps pushes that land while a build runs', async () => {
    const feed = home('u1');
    const token = await store.beginBuild(feed);
    const [pushed] = tweets(1);
    await store.push([feed], pushed, 'a');
    const built = tweets(2);
    expect(await store.completeBuild(feed, token, built, [])).toBe(true);
    expect(await store.read(feed, 10)).toEqual(newest([...built, pushed]));
  });

  it('ignores pushes to feeds that are not cached', async () => {
    const feed = home('u1');
    await store.push([feed], tweets(1)[0], 'a');
    expect(await store.size(feed)).toBe(0);
    await ready(feed);
    expect(await store.read(feed, 10)).toEqual([]);
  });

  it('fails a build that was invalidated or superseded meanwhile', async () => {
    const feed = home('u1');
    const first = await store.beginBuild(feed);
    await store.invalidate([feed]);
    expect(await store.completeBuild(feed, first, [], [])).toBe(false);
    const second = await store.beginBuild(feed);
    const third = await store.beginBuild(feed);
    expect(await store.completeBuild(feed, second, [], [])).toBe(false);
    expect(await store.completeBuild(feed, third, [], [])).toBe(true);
  });

  it('trims to capacity, dropping the oldest', async () => {
    const feed = home('u1');
    const items = tweets(8);
    await ready(feed, items.slice(0, 4));
    for (const item of items.slice(4)) await store.push([feed], item, 'a');
    expect(await store.size(feed)).toBe(5);
    expect(await store.read(feed, 10)).toEqual(newest(items).slice(0, 5));
  });

  it('reads pages strictly before a cursor, including ties within one millisecond', async () => {
    const feed = home('u1');
    // Ids made in one burst share milliseconds.
    const items = tweets(5);
    await ready(feed, items);
    const ordered = newest(items);
    expect(await store.read(feed, 2)).toEqual(ordered.slice(0, 2));
    expect(await store.read(feed, 2, ordered[1].tweetId)).toEqual(ordered.slice(2, 4));
    expect(await store.read(feed, 10, ordered[3].tweetId)).toEqual(ordered.slice(4));
    expect(await store.read(feed, 10, ordered[4].tweetId)).toEqual([]);
  });

  it('merges items into a cached feed only', async () => {
    const cached = home('u1');
    const absent = home('u2');
    await ready(cached);
    const items = tweets(2);
    await store.merge(cached, items);
    await store.merge(absent, items);
    expect(await store.read(cached, 10)).toEqual(newest(items));
    expect(await store.size(absent)).toBe(0);
  });

  it('merges past capacity keeping the newest items, older and newer ones alike', async () => {
    const feed = home('u1');
    const ordered = tweets(8);
    const [newer, middle, older] = [ordered.slice(6), ordered.slice(2, 6), ordered.slice(0, 2)];
    await ready(feed, middle);
    await store.merge(feed, [...newer, ...older]);
    expect(await store.read(feed, 10)).toEqual(newest(ordered).slice(0, 5));
  });

  it('leaves a full feed as it was when merging items it holds or older ones', async () => {
    const feed = home('u1');
    const [older, old, held] = [tweets(2), tweets(1), tweets(5)];
    await ready(feed, held);
    await store.merge(feed, older);
    expect(await store.read(feed, 10)).toEqual(newest(held));
    await store.merge(feed, [...older, held[2], ...old, held[4]]);
    expect(await store.read(feed, 10)).toEqual(newest(held));
  });

  it("forgets the home feed of a user who unfollows, and keeps the author's late fan-outs out of its rebuild, until followed again", async () => {
    const feed = home('u1');
    const recent: FeedKey = { kind: 'recent', id: 'u1' };
    await ready(feed, tweets(3), ['gone', 'star']);
    await ready(recent, tweets(1));
    await store.unfollowed('u1', 'gone');
    expect(await store.readyMeta(feed)).toBeNull();
    expect(await store.size(feed)).toBe(0);
    expect(await store.size(recent)).toBe(1);

    const rebuilt = tweets(1);
    await ready(feed, rebuilt, ['star']);
    const [late, other] = tweets(2);
    await store.push([feed], late, 'gone');
    await store.push([feed], other, 'kept');
    expect(await store.read(feed, 10)).toEqual(newest([...rebuilt, other]));

    await store.followed('u1', 'gone', true);
    expect(await store.readyMeta(feed)).toEqual(['star', 'gone']);
    await store.push([feed], late, 'gone');
    expect(await store.read(feed, 10)).toEqual(newest([...rebuilt, other, late]));
  });

  it('keeps an unfollow mark to the user who unfollowed', async () => {
    const [leaver, stayer] = [home('u1'), home('u2')];
    await ready(leaver);
    await ready(stayer);
    await store.unfollowed('u1', 'a');
    // The unfollow forgot the leaver's feed; its rebuild must not take the author's late fan-outs.
    await ready(leaver);
    const [late, later] = tweets(2);
    await store.push([leaver, stayer], late, 'a');
    // More marks than feeds in one push (Redis checks them one by one then).
    await store.unfollowed('u3', 'a');
    await store.push([leaver], later, 'a');
    await store.push([stayer], later, 'a');
    expect(await store.read(leaver, 10)).toEqual([]);
    expect(await store.read(stayer, 10)).toEqual(newest([late, later]));
  });

  it('invalidates a feed still building when its user unfollows someone', async () => {
    const feed = home('u1');
    const token = await store.beginBuild(feed);
    await store.unfollowed('u1', 'gone');
    expect(await store.completeBuild(feed, token, tweets(1), [])).toBe(false);
  });

  it('invalidates a feed still building when its user follows a celebrity', async () => {
    const feed = home('u1');
    const token = await store.beginBuild(feed);
    await store.followed('u1', 'star', true);
    expect(await store.completeBuild(feed, token, [], [])).toBe(false);
  });

  it('invalidates a full feed rather than remove from it what trimming may have hidden behind', async () => {
    const full = home('u1');
    const [deleted, ...rest] = tweets(5);
    await ready(full, [deleted, ...rest]);
    await store.remove([full], deleted.tweetId);
    expect(await store.readyMeta(full)).toBeNull();
  });

  it('removes deleted tweets and forgets invalidated feeds', async () => {
    const feed = home('u1');
    const items = tweets(3);
    await ready(feed, items);
    await store.remove([feed], items[1].tweetId);
    expect(await store.read(feed, 10)).toEqual(newest([items[0], items[2]]));
    await store.invalidate([feed]);
    expect(await store.readyMeta(feed)).toBeNull();
    expect(await store.size(feed)).toBe(0);
  });

  it('reads a home page with the recent feeds of its celebrities in one call', async () => {
    const feed = home('u1');
    expect(await store.readHome('u1', 10)).toBeNull();
    const own = newest(tweets(3));
    const starred = newest(tweets(5));
    await ready(feed, own, ['star', 'unbuilt']);
    await ready({ kind: 'recent', id: 'star' }, starred);

    expect(await store.readHome('u1', 2)).toEqual({
      celebrities: ['star', 'unbuilt'],
      pages: [
        { feed, items: own.slice(0, 2), size: 3 },
        { feed: { kind: 'recent', id: 'star' }, items: starred.slice(0, 2), size: 5 },
      ],
      unready: ['unbuilt'],
    });
    const after = await store.readHome('u1', 10, starred[1].tweetId);
    expect(after?.pages.map((page) => page.items)).toEqual([own.filter((item) => item.tweetId < starred[1].tweetId), starred.slice(2)]);
  });

  it('keeps recent-tweet feeds apart from home feeds', async () => {
    const recent: FeedKey = { kind: 'recent', id: 'u1' };
    await ready(recent, tweets(1));
    expect(await store.readyMeta(home('u1'))).toBeNull();
    expect(await store.size(recent)).toBe(1);
  });
});
