/**
 * Loaders
 *
 * Per-request DataLoaders over the stores: every read a GraphQL field makes goes through one, so
 * a page of N items costs a fixed number of round trips, not N. Create a fresh set per request;
 * the cache lives only as long as the request. A subscription lives long, so its loaders are
 * emptied as each of its events starts (`startEvent`): each event it sends reads fresh counts.
 */
import DataLoader from 'dataloader';

import type { IdPosition, PageRequest, TimePosition } from '../domain/page-request';
import type { Tweet, TweetEntry } from '../domain/tweets/tweet';
import type { User, UserEntry } from '../domain/users/user';
import type { Stores } from './stores';
import { ViewerRelations } from './viewer-relations';

export interface Loaders {
  userById: DataLoader<string, User | undefined>;
  /** Keyed by lower-cased handle. */
  userByHandleKey: DataLoader<string, User | undefined>;
  tweetById: DataLoader<string, Tweet | undefined>;
  /** Whether the viewer follows the user; false for everyone when signed out. */
  viewerFollows: DataLoader<string, boolean>;
  /** Whether the viewer has favorited the tweet; false for every tweet when signed out. */
  viewerHasFavorited: DataLoader<string, boolean>;
  authorTweets: DataLoader<PageRequest<IdPosition>, TweetEntry<IdPosition>[], string>;
  favorites: DataLoader<PageRequest<TimePosition>, TweetEntry<TimePosition>[], string>;
  followers: DataLoader<PageRequest<TimePosition>, UserEntry[], string>;
  following: DataLoader<PageRequest<TimePosition>, UserEntry[], string>;
  favoritedBy: DataLoader<PageRequest<TimePosition>, UserEntry[], string>;
}

export function createLoaders(stores: Stores, viewerId: string | null): Loaders {
  const userById = new DataLoader((ids: readonly string[]) => stores.users.findByIds(ids));
  const tweetById = new DataLoader((ids: readonly string[]) => stores.tweets.findByIds(ids));

  // Items a page brings are cached by id, so their later field reads cost nothing.
  const primeUsers = (pages: UserEntry[][]) => {
    for (const entry of pages.flat()) userById.prime(entry.user.id, entry.user);
    return pages;
  };
  const primeTweets = <Entry extends TweetEntry<unknown>>(pages: Entry[][]) => {
    for (const entry of pages.flat()) tweetById.prime(entry.tweet.id, entry.tweet);
    return pages;
  };
  const pageKey = <P>() => ({ cacheKeyFn: (request: PageRequest<P>) => JSON.stringify(request) });

  // Both kinds of the viewer's relations asked in one tick are one round trip (see viewer-relations.ts).
  const relations = viewerId ? new ViewerRelations(stores.graph, viewerId) : undefined;
  const viewerFollows = new DataLoader(async (userIds: readonly string[]) => (relations ? relations.follows(userIds) : userIds.map(() => false)));
  const viewerHasFavorited = new DataLoader(async (tweetIds: readonly string[]) => (relations ? relations.favorited(tweetIds) : tweetIds.map(() => false)));

  return {
    userById,
    userByHandleKey: new DataLoader(async (keys: readonly string[]) => {
      const viewed = await stores.users.findViewedByHandleKeys(keys, viewerId);
      for (const entry of viewed) {
        if (!entry) continue;
        userById.prime(entry.user.id, entry.user);
        // A user read from Neo4j brought the viewer's Follow button: a cold profile page needs no round trip for it.
        if (viewerId && entry.viewerFollows !== undefined) viewerFollows.prime(entry.user.id, entry.viewerFollows);
      }
      return viewed.map((entry) => entry?.user);
    }),
    tweetById,
    viewerFollows,
    viewerHasFavorited,
    authorTweets: new DataLoader(async (requests) => {
      const answer = stores.tweets.viewedAuthorTweetsPages(requests, viewerId);
      // The pages bring the viewer's favorites of their tweets and whether they follow each author: a
      // profile page needs no round trip for its flags nor for its Follow button, even one asked in this tick.
      relations?.carryFollows(
        requests.map((request) => request.ownerId),
        answer.then((pages) => new Map(pages.map((page) => [page.ownerId, page.viewerFollowsOwner]))),
      );
      const pages = await answer;
      if (viewerId) {
        for (const page of pages) viewerFollows.prime(page.ownerId, page.viewerFollowsOwner);
        for (const entry of pages.flatMap((page) => page.entries)) viewerHasFavorited.prime(entry.tweet.id, entry.viewerHasFavorited);
      }
      return primeTweets(pages.map((page) => page.entries));
    }, pageKey<IdPosition>()),
    favorites: new DataLoader(async (requests) => primeTweets(await stores.tweets.favoritesPages(requests)), pageKey<TimePosition>()),
    followers: new DataLoader(async (requests) => primeUsers(await stores.users.followersPages(requests)), pageKey<TimePosition>()),
    following: new DataLoader(async (requests) => primeUsers(await stores.users.followingPages(requests)), pageKey<TimePosition>()),
    favoritedBy: new DataLoader(async (requests) => primeUsers(await stores.users.favoritedByPages(requests)), pageKey<TimePosition>()),
  };
}

/**
 * Starts one event of a subscription: forgets everything read for the last one, then takes
 * `users` (records the event carries) as read.
 */
export function startEvent(loaders: Loaders, users: readonly User[]): void {
  for (const loader of Object.values(loaders) as Loaders[keyof Loaders][]) loader.clearAll();
  for (const user of users) loaders.userById.prime(user.id, user);
}
