/**
 * Social graph model
 *
 * The graph `npm run seed` loads, as a pure function of (users, seed, until): who follows whom,
 * who tweeted what and when, who favorited which tweet. User `u<rank>` has popularity rank `rank`
 * (u0 is the most followed): followees are drawn from a Zipf law over that rank mixed with a uniform
 * share, so follower counts are heavy-tailed (a few users above 50,000 followers at 100,000 users)
 * while everyone has some. Each user's draws come from their own random stream, so any user's part
 * can be regenerated alone (resuming a load) and always comes out the same.
 */
import { WeightedIndex, logNormalCount, streamFor, uuidV7At, type Random } from './random';

/** The password every seeded user logs in with (hashed once for all of them). */
export const SEED_PASSWORD = 'chirp-seed-password';

/** Average follows a user (the design's 2 billion follows over 10 million users). */
export const AVERAGE_FOLLOWS = 200;
/** Share of follow draws that follow the Zipf law; the rest are uniform (the long tail's followers). */
const ZIPF_SHARE = 0.3;
const ZIPF_EXPONENT = 1;
/** Average tweets a user in the history, spread over HISTORY_DAYS (the design's 1 a user a day, fewer kept). */
export const AVERAGE_TWEETS = 10;
export const HISTORY_DAYS = 30;
/** Average favorites a user gave in the history (the design's 20 million a day over 10 million users, fewer kept). */
export const AVERAGE_FAVORITES = 20;
const DAY_MS = 86_400_000;
/** Mean time from a tweet to a favorite of it. */
const FAVORITE_DELAY_MS = 3 * 3_600_000;
/** Relative activity by UTC hour: quiet nights, busy evenings. */
const HOURLY_ACTIVITY = [3, 2, 1.5, 1, 1, 1, 1.5, 2.5, 3.5, 4, 4.5, 5, 5.5, 5.5, 5.5, 5.5, 6, 6.5, 7, 7.5, 7.5, 7, 5.5, 4];
const WORDS = (
  'graph node edge follow tweet timeline cache redis neo4j query latency throughput celebrity fan out read write ' +
  'morning coffee weekend music football release deploy bug fix review coffee news today great idea thread why how'
).split(' ');

export interface GraphShape {
  users: number;
  seed: number;
  /** Epoch ms the history ends at (the newest tweet is just before it). */
  until: number;
}

export interface GeneratedTweet {
  id: string;
  createdAt: number;
  text: string;
}

export class SocialGraph {
  readonly users: number;
  readonly averageFollows: number;
  /** Draws a followee (or a favorited author) by popularity rank. */
  readonly popularity: WeightedIndex;
  private readonly hours = new WeightedIndex(HOURLY_ACTIVITY);
  private readonly tweetStarts: Float64Array;
  private favoriteAuthors?: WeightedIndex;
  private tweetTimes?: Float64Array;

  /**
   * `followeeLists`, when given (a real edge list, ranked by followers), replaces the drawn follows;
   * tweets and favorites are still drawn.
   */
  constructor(
    readonly shape: GraphShape,
    private readonly followeeLists?: readonly (readonly number[])[],
  ) {
    this.users = shape.users;
    // Small graphs cannot average 200 follows: at most half of the others.
    this.averageFollows = Math.max(1, Math.min(AVERAGE_FOLLOWS, Math.floor((shape.users - 1) / 2)));
    this.popularity = new WeightedIndex(popularityWeights(shape.users));
    this.tweetStarts = new Float64Array(shape.users + 1);
    for (let index = 0; index < shape.users; index++) this.tweetStarts[index + 1] = this.tweetStarts[index]! + this.tweetCount(index);
  }

  get totalTweets(): number {
    return this.tweetStarts[this.users]!;
  }

  handle(index: number): string {
    return `u${index}`;
  }

  /** Accounts were opened in the year before the history. */
  userCreatedAt(index: number): number {
    return Math.floor(this.shape.until - HISTORY_DAYS * DAY_MS - streamFor(this.shape.seed, 'joined', index)() * 365 * DAY_MS);
  }

  userId(index: number): string {
    const random = streamFor(this.shape.seed, 'user-id', index);
    return uuidV7At(this.userCreatedAt(index), random);
  }

  /** The ranks user `index` follows (distinct, never themselves), and when each follow was made. */
  followees(index: number): { followees: number[]; ats: number[] } {
    if (this.users < 2) return { followees: [], ats: [] };
    const random = streamFor(this.shape.seed, 'follows', index);
    if (this.followeeLists) return this.datedFollows(index, [...this.followeeLists[index]!], random);
    const wanted = Math.min(Math.max(1, logNormalCount(random, this.averageFollows, 1)), Math.floor((this.users - 1) / 2) || 1, 20 * this.averageFollows);
    const chosen = new Set<number>();
    while (chosen.size < wanted) {
      const followee = this.popularity.draw(random);
      if (followee !== index) chosen.add(followee);
    }
    return this.datedFollows(index, [...chosen], random);
  }

  /** Each follow happens after both accounts exist. */
  private datedFollows(index: number, followees: number[], random: Random): { followees: number[]; ats: number[] } {
    const joined = this.userCreatedAt(index);
    const ats = followees.map((followee) => {
      const from = Math.max(joined, this.userCreatedAt(followee));
      return Math.floor(from + random() * (this.shape.until - from));
    });
    return { followees, ats };
  }

  tweetCount(index: number): number {
    return Math.min(logNormalCount(streamFor(this.shape.seed, 'tweet-count', index), AVERAGE_TWEETS, 1.2), 50 * AVERAGE_TWEETS);
  }

  /** The global index of user `index`'s first tweet (tweets are numbered user by user). */
  firstTweet(index: number): number {
    return this.tweetStarts[index]!;
  }

  /** User `index`'s tweets, oldest first, at the hours people tweet. */
  tweets(index: number): GeneratedTweet[] {
    const random = streamFor(this.shape.seed, 'tweets', index);
    return this.tweetTimesFrom(random, index).map((createdAt) => ({ id: uuidV7At(createdAt, random), createdAt, text: sentence(random) }));
  }

  /** When user `index`'s tweets were posted, oldest first (the first draws of their tweet stream). */
  private tweetTimesFrom(random: Random, index: number): number[] {
    const count = this.tweetCount(index);
    const start = this.shape.until - HISTORY_DAYS * DAY_MS;
    const times: number[] = [];
    for (let tweet = 0; tweet < count; tweet++) {
      const day = Math.floor(random() * HISTORY_DAYS);
      const ms = start + day * DAY_MS + this.hours.draw(random) * 3_600_000 + Math.floor(random() * 3_600_000);
      times.push(Math.min(ms, this.shape.until - 1));
    }
    return times.sort((a, b) => a - b);
  }

  /** Every tweet's time by global index, computed once (favorites come after their tweet). */
  private allTweetTimes(): Float64Array {
    if (!this.tweetTimes) {
      this.tweetTimes = new Float64Array(this.totalTweets);
      for (let index = 0; index < this.users; index++) {
        this.tweetTimes.set(this.tweetTimesFrom(streamFor(this.shape.seed, 'tweets', index), index), this.tweetStarts[index]);
      }
    }
    return this.tweetTimes;
  }

  /** The tweets user `index` favorited (global tweet indices, distinct), and when. */
  favorites(index: number): { tweets: number[]; ats: number[] } {
    if (this.totalTweets === 0) return { tweets: [], ats: [] };
    this.favoriteAuthors ??= new WeightedIndex(popularityWeights(this.users).map((weight, author) => (this.tweetCount(author) > 0 ? weight : 0)));
    const random = streamFor(this.shape.seed, 'favorites', index);
    const wanted = Math.min(Math.max(0, logNormalCount(random, AVERAGE_FAVORITES, 1.2)), Math.floor(this.totalTweets / 2), 50 * AVERAGE_FAVORITES);
    const chosen = new Map<number, number>();
    const times = this.allTweetTimes();
    while (chosen.size < wanted) {
      const author = this.favoriteAuthors.draw(random);
      const count = this.tweetCount(author);
      // Recent tweets are favorited more: the newest tweet most of all.
      const newest = count - 1 - Math.floor(count * random() * random());
      const tweet = this.firstTweet(author) + newest;
      if (chosen.has(tweet)) continue;
      // A favorite comes after the tweet, mostly within hours.
      const delay = -Math.log(1 - random()) * FAVORITE_DELAY_MS;
      chosen.set(tweet, Math.min(Math.floor(times[tweet]! + 1 + delay), this.shape.until - 1));
    }
    return { tweets: [...chosen.keys()], ats: [...chosen.values()] };
  }
}

/** Zipf over rank mixed with a uniform share, summing to 1. */
function popularityWeights(users: number): number[] {
  let zipfTotal = 0;
  for (let rank = 0; rank < users; rank++) zipfTotal += (rank + 1) ** -ZIPF_EXPONENT;
  return Array.from({ length: users }, (_, rank) => (ZIPF_SHARE * (rank + 1) ** -ZIPF_EXPONENT) / zipfTotal + (1 - ZIPF_SHARE) / users);
}

function sentence(random: Random): string {
  const length = 4 + Math.floor(random() * 20);
  return Array.from({ length }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
}
