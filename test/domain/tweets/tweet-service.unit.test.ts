/**
 * The tweet service's rules, against fakes of its narrow ports: who may post, delete and favorite,
 * that a refused write writes nothing, and which changes are reported to live feeds. Starts nothing.
 */
import { ConcurrentlyDeleted } from '../../../src/domain/conflicts';
import { DomainError, ErrorCode } from '../../../src/domain/errors';
import type { RelationshipChange } from '../../../src/domain/relationship-change';
import type { NewTweet, TweetRepository, TweetTimelines } from '../../../src/domain/tweets/ports';
import type { PostedTweet, Tweet } from '../../../src/domain/tweets/tweet';
import { TweetService } from '../../../src/domain/tweets/tweet-service';
import type { User } from '../../../src/domain/users/user';
import { SIGNED_OUT, type Viewer } from '../../../src/domain/viewer';
import { newId } from '../../../src/ids';
import { constantLoader, loaderOf, RecordingObserver, tweetBy, userWith } from '../../support/domain-fakes';

/** Tweets by id, as the graph holds them; the repository changes them. */
let tweets: Map<string, Tweet>;
/** Who favorited which tweet, as `userId tweetId`. */
let favorites: Set<string>;
/** Every write the repository was asked for, in order. */
let writes: string[];
let observer: RecordingObserver;
let fannedOut: PostedTweet[];
let deletedFromTimelines: string[];

const repository: TweetRepository = {
  async create(tweet: NewTweet) {
    writes.push(`create ${tweet.text}`);
    const created: Tweet = { id: tweet.id, text: tweet.text, createdAt: new Date(tweet.createdAt), authorId: tweet.authorId, favoriteCount: 0, version: 0 };
    tweets.set(created.id, created);
    return { tweet: created, authorFollowerCount: 0, author: userWith(tweet.authorId) };
  },
  async delete(tweetId, authorId) {
    writes.push(`delete ${tweetId}`);
    return tweets.get(tweetId)?.authorId === authorId && tweets.delete(tweetId);
  },
  async favorite(userId, tweetId) {
    writes.push(`favorite ${tweetId}`);
    return changeFavorite(userId, tweetId, 1);
  },
  async unfavorite(userId, tweetId) {
    writes.push(`unfavorite ${tweetId}`);
    return changeFavorite(userId, tweetId, -1);
  },
};

function changeFavorite(userId: string, tweetId: string, by: 1 | -1): RelationshipChange<Tweet> | undefined {
  const tweet = tweets.get(tweetId);
  if (!tweet) return undefined;
  const key = `${userId} ${tweetId}`;
  if (favorites.has(key) === (by === 1)) return { node: tweet, changed: false };
  if (by === 1) favorites.add(key);
  else favorites.delete(key);
  const changed = { ...tweet, favoriteCount: tweet.favoriteCount + by, version: tweet.version + 1 };
  tweets.set(tweetId, changed);
  return { node: changed, changed: true };
}

const timelines: TweetTimelines = {
  startFanOut: (posted) => void fannedOut.push(posted),
  tweetDeleted: async (tweetId) => void deletedFromTimelines.push(tweetId),
};

function serviceFor(viewer: Viewer, tweetRepository: TweetRepository = repository): TweetService {
  const loaders = { tweetById: loaderOf(tweets), userById: loaderOf(new Map<string, User>()), viewerHasFavorited: constantLoader(false) };
  const users = {
    userList: () => Promise.reject(new Error('not used here')),
  };
  return new TweetService({ viewer, loaders, tweets: tweetRepository, timelines, changes: observer }, users);
}

const signedIn = (userId: string): Viewer => ({ signedIn: true, userId });

async function codeOf(promise: Promise<unknown>): Promise<ErrorCode | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

beforeEach(() => {
  tweets = new Map();
  favorites = new Set();
  writes = [];
  observer = new RecordingObserver();
  fannedOut = [];
  deletedFromTimelines = [];
});

function stored(tweet: Tweet): Tweet {
  tweets.set(tweet.id, tweet);
  return tweet;
}

describe('posting', () => {
  it('refuses a signed-out viewer and writes nothing', async () => {
    expect(await codeOf(serviceFor(SIGNED_OUT).post('hello'))).toBe(ErrorCode.Unauthenticated);
    expect(writes).toEqual([]);
  });

  it('refuses an empty tweet before writing', async () => {
    expect(await codeOf(serviceFor(signedIn(newId())).post('   '))).toBe(ErrorCode.BadUserInput);
    expect(writes).toEqual([]);
  });

  it('writes the tweet as its author and starts its fan-out', async () => {
    const authorId = newId();
    const tweet = await serviceFor(signedIn(authorId)).post('hello');
    expect(tweet).toMatchObject({ authorId, text: 'hello', favoriteCount: 0 });
    expect(writes).toEqual(['create hello']);
    expect(fannedOut.map((posted) => posted.tweet.id)).toEqual([tweet.id]);
  });
});

describe('deleting', () => {
  it("refuses to delete someone else's tweet, and writes and reports nothing", async () => {
    const tweet = stored(tweetBy(newId()));
    expect(await codeOf(serviceFor(signedIn(newId())).delete(tweet.id))).toBe(ErrorCode.Forbidden);
    expect(writes).toEqual([]);
    expect(observer.reports).toEqual([]);
    expect(tweets.has(tweet.id)).toBe(true);
  });

  it('deletes your own tweet, takes it out of timelines and reports the deletion', async () => {
    const tweet = stored(tweetBy(newId()));
    expect(await serviceFor(signedIn(tweet.authorId)).delete(tweet.id)).toBe(true);
    expect(deletedFromTimelines).toEqual([tweet.id]);
    expect(observer.reports).toEqual([['tweetChanged', tweet.id, 'deleted']]);
  });

  it('answers NOT_FOUND for a tweet that does not exist, without writing', async () => {
    expect(await codeOf(serviceFor(signedIn(newId())).delete(newId()))).toBe(ErrorCode.NotFound);
    expect(writes).toEqual([]);
  });
});

describe('favoriting', () => {
  it('counts a favorite once and reports only the change', async () => {
    const tweet = stored(tweetBy(newId()));
    const service = serviceFor(signedIn(newId()));
    expect((await service.favorite(tweet.id)).favoriteCount).toBe(1);
    expect((await service.favorite(tweet.id)).favoriteCount).toBe(1);
    expect((await service.unfavorite(tweet.id)).favoriteCount).toBe(0);
    expect((await service.unfavorite(tweet.id)).favoriteCount).toBe(0);
    expect(observer.reports).toEqual([
      ['tweetChanged', tweet.id],
      ['tweetChanged', tweet.id],
    ]);
  });

  it('answers NOT_FOUND when the tweet is deleted while it is favorited, and reports nothing', async () => {
    const tweet = stored(tweetBy(newId()));
    const deletedMeanwhile: TweetRepository = {
      ...repository,
      favorite: () => Promise.reject(new ConcurrentlyDeleted('the tweet went')),
    };
    expect(await codeOf(serviceFor(signedIn(newId()), deletedMeanwhile).favorite(tweet.id))).toBe(ErrorCode.NotFound);
    expect(observer.reports).toEqual([]);
  });

  it('refuses a signed-out viewer before reading anything', async () => {
    const tweet = stored(tweetBy(newId()));
    expect(await codeOf(serviceFor(SIGNED_OUT).favorite(tweet.id))).toBe(ErrorCode.Unauthenticated);
    expect(writes).toEqual([]);
  });
});
