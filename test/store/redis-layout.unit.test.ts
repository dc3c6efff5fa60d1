import { newId } from '../../src/ids';
import { feedItemOfMember, feedMember, feedPageStart, LAYOUT_VERSION, RedisLayout } from '../../src/store/redis-layout';

/** The slot Redis Cluster gives a key: the hash tag between the first `{` and the next `}`, when there is one. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('Redis layout', () => {
  const layout = new RedisLayout('chirp:');
  const user = '0190a7e0-0000-7000-8000-000000000001';

  it('puts every key under the prefix and the layout version, so two layouts can share a Redis', () => {
    expect(layout.root).toBe(`chirp:v${LAYOUT_VERSION}:`);
    for (const key of [layout.feedItems({ kind: 'home', id: user }), layout.record('tweet', user), layout.livePresence(user), layout.liveInstances()]) {
      expect(key.startsWith(layout.root)).toBe(true);
    }
  });

  it("gives all of one user's feed keys one hash tag (one cluster slot), and other users' another", () => {
    const keys = [
      layout.feedItems({ kind: 'home', id: user }),
      layout.feedState({ kind: 'home', id: user }),
      layout.feedItems({ kind: 'recent', id: user }),
      layout.feedState({ kind: 'recent', id: user }),
      layout.unfollowMarks(user),
    ];
    expect(new Set(keys.map(hashTag))).toEqual(new Set([user]));
    expect(new Set(keys).size).toBe(keys.length);
    expect(hashTag(layout.feedItems({ kind: 'home', id: 'someone-else' }))).toBe('someone-else');
  });

  it('keeps cached contents under the cache epoch, and live presence, rate limits and the epoch itself outside it', () => {
    let epoch = 7;
    const epochs = new RedisLayout('chirp:', () => epoch);
    const cached = () => [
      epochs.feedItems({ kind: 'home', id: user }),
      epochs.feedState({ kind: 'recent', id: user }),
      epochs.unfollowMarks(user),
      epochs.record('user', user),
    ];
    const before = cached();
    for (const key of before) expect(key.startsWith(`${epochs.root}e7:`)).toBe(true);
    epoch = 8;
    expect(cached().map((key) => key.replace(`${epochs.root}e8:`, `${epochs.root}e7:`))).toEqual(before);
    for (const key of [epochs.livePresence(user), epochs.liveInbox(user), epochs.liveInstances(), epochs.rateLimit('tweets'), epochs.cacheEpoch()]) {
      expect(key.startsWith(epochs.root)).toBe(true);
      expect(key).not.toMatch(/:e\d+:/);
    }
  });

  it("encodes a feed item as its tweet id's 16 bytes, inverted, and back", () => {
    const tweetId = '0190a7e0-0000-7000-8000-00000000000a';
    expect(feedMember(tweetId)).toEqual(Buffer.from('fe6f581fffff8fff7fff' + 'fffffffffff5', 'hex'));
    expect(feedItemOfMember(feedMember(tweetId))).toEqual({ tweetId });
  });

  it('orders members by their bytes newest tweet first, within one millisecond too', () => {
    // Ids made in one burst share milliseconds; sorted by bytes (as Redis sorts members of one score), they are newest first.
    const ids = Array.from({ length: 50 }, () => newId()).sort();
    const byBytes = ids.map(feedMember).sort((a, b) => Buffer.compare(a, b));
    expect(byBytes.map((member) => feedItemOfMember(member).tweetId)).toEqual(ids.reverse());
  });

  it('starts a page at the newest member, or strictly before a tweet', () => {
    const tweetId = newId();
    expect(feedPageStart()).toBe('-');
    expect(feedPageStart(tweetId)).toEqual(Buffer.concat([Buffer.from('('), feedMember(tweetId)]));
  });

  it('refuses to encode what is not a tweet id', () => {
    expect(() => feedMember('tweet-1')).toThrow(new TypeError('A feed member is made of a tweet id (a lowercase UUID), not "tweet-1".'));
  });

  it("gives an instance's live presence set and inbox one hash tag, the instance's", () => {
    const instance = '0190a7e0-0000-7000-8000-0000000000ff';
    expect(new Set([layout.livePresence(instance), layout.liveInbox(instance)].map(hashTag))).toEqual(new Set([instance]));
  });

  it('encodes a live delivery and back, whatever characters its channel names hold', () => {
    const channels = [layout.liveChannelName({ kind: 'home', id: user }), layout.liveChannelName({ kind: 'tweet', id: 'a "quoted"\nid' })];
    expect(layout.decodeLiveDelivery(layout.encodeLiveDelivery(channels, '{"kind":"tweet"}'))).toEqual({ channels, message: '{"kind":"tweet"}' });
  });
});
