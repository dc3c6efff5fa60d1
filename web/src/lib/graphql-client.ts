/**
 * The app's GraphQL client: urql with a normalized cache (graphcache), queries and mutations over
 * HTTP, subscriptions over graphql-ws on the same /graphql path with the token in connectionParams.
 * Follow and favorite answer at once (optimistic results, rolled back by graphcache on error);
 * paged lists merge page after page (Relay cursors). The socket comes back after any close but the
 * end of the session (live-reconnect.ts).
 */
import { cacheExchange, type Cache } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, fetchExchange, gql, mapExchange, subscriptionExchange } from 'urql';

import { isSessionEnded, reconnectDelayMs, shouldReconnect } from './live-reconnect';
import { Signal } from './signal';

export interface ClientOptions {
  token: string | null;
  /** The server refused the session: sign the person out with this message. */
  onSessionRefused: (message: string) => void;
}

export interface AppClient {
  client: Client;
  /** After the WebSocket came back: pages refetch their newest page (live delivery is at most once). */
  reconnects: Signal;
  /** A tweet the person just posted, for the pages showing it to put it on top. */
  posted: Signal<{ id: string; authorId: string }>;
  dispose: () => void;
}

/**
 * graphql-ws also rejects an internal promise with the close event when the server refuses the
 * session (4403): that close is handled (`on.closed` signs the person out, each subscription gets
 * it as its error), so it is not reported again as an uncaught rejection.
 */
window.addEventListener('unhandledrejection', (event) => {
  if (event.reason instanceof CloseEvent && isSessionEnded(event.reason)) event.preventDefault();
});

export function createAppClient({ token, onSessionRefused }: ClientOptions): AppClient {
  const reconnects = new Signal();
  const posted = new Signal<{ id: string; authorId: string }>();
  const endedMessage = 'Your session has ended. Please log in again.';
  let connections = 0;
  const tweetCounts = new TweetCounts();
  const url = new URL('/graphql', window.location.href);
  const wsUrl = new URL(url);
  wsUrl.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';

  const ws: WsClient = createWsClient({
    url: wsUrl.href,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    // Every close but 4403 (1013 when the server could not check the session, a restart, the network) comes back.
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: shouldReconnect,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(retries))),
    on: {
      connected: () => {
        connections += 1;
        if (connections > 1) reconnects.emit();
      },
      closed: (event) => {
        if (token && isSessionEnded(event)) onSessionRefused(endedMessage);
      },
    },
  });

  const client = new Client({
    url: url.pathname,
    // POST always: Apollo's CSRF prevention refuses a GET without a preflight header.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => ({ headers: token ? { authorization: `Bearer ${token}` } : {} }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (token && error.graphQLErrors.some((e) => e.extensions.code === 'UNAUTHENTICATED')) onSessionRefused(endedMessage);
        },
      }),
      cacheExchange({
        keys: {
          TweetConnection: () => null,
          TweetEdge: () => null,
          UserConnection: () => null,
          UserEdge: () => null,
          PageInfo: () => null,
          AuthPayload: () => null,
        },
        resolvers: {
          // `tweet(id)` reads a tweet already in the cache without asking the server.
          Query: { homeTimeline: relayPagination(), tweet: (_parent, args) => ({ __typename: 'Tweet', id: idArgument(args.id) }) },
          User: { tweets: relayPagination(), followers: relayPagination(), following: relayPagination(), favorites: relayPagination() },
          Tweet: { favoritedBy: relayPagination() },
        },
        optimistic: {
          follow: (args, cache) => followed(cache, idArgument(args.userId), true),
          unfollow: (args, cache) => followed(cache, idArgument(args.userId), false),
          favorite: (args, cache) => favorited(cache, idArgument(args.tweetId), true),
          unfavorite: (args, cache) => favorited(cache, idArgument(args.tweetId), false),
        },
        updates: {
          Mutation: {
            postTweet: (result, _args, cache) => tweetCounts.posted(cache, result.postTweet as PostedTweet),
            deleteTweet: (result, args, cache) => {
              if (!result.deleteTweet) return;
              const id = idArgument(args.id);
              tweetCounts.deleted(cache, id);
              cache.writeFragment(DELETED, { __typename: 'Tweet', id, deleted: true });
            },
          },
          Subscription: {
            tweetPosted: (result, _args, cache) => tweetCounts.posted(cache, result.tweetPosted as PostedTweet),
            homeTimeline: (result, _args, cache) => tweetCounts.posted(cache, result.homeTimeline as PostedTweet),
            tweetsUpdated: (result, _args, cache) => {
              const tweet = result.tweetsUpdated as { id: string; deleted?: boolean };
              if (tweet.deleted) tweetCounts.deleted(cache, tweet.id);
            },
          },
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
  return { client, reconnects, posted, dispose: () => void ws.dispose() };
}

const DELETED = gql('fragment Deleted on Tweet { id deleted }');
const FOLLOW_STATE = gql('fragment FollowState on User { id followerCount viewerFollows }');
const FAVORITE_STATE = gql('fragment FavoriteState on Tweet { id favoriteCount viewerHasFavorited }');

function followed(cache: Cache, userId: string, follows: boolean) {
  const user = cache.readFragment(FOLLOW_STATE, { id: userId }) as { followerCount: number; viewerFollows: boolean } | null;
  const count = user?.followerCount ?? 0;
  const change = user && user.viewerFollows !== follows ? (follows ? 1 : -1) : 0;
  return { __typename: 'User', id: userId, followerCount: count + change, viewerFollows: follows };
}

function favorited(cache: Cache, tweetId: string, favorite: boolean) {
  const tweet = cache.readFragment(FAVORITE_STATE, { id: tweetId }) as { favoriteCount: number; viewerHasFavorited: boolean } | null;
  const count = tweet?.favoriteCount ?? 0;
  const change = tweet && tweet.viewerHasFavorited !== favorite ? (favorite ? 1 : -1) : 0;
  return { __typename: 'Tweet', id: tweetId, favoriteCount: count + change, viewerHasFavorited: favorite };
}

type PostedTweet = { id: string; author?: { id: string } } | null;

const TWEET_COUNT = gql('fragment TweetCount on User { id tweetCount }');
const TWEET_AUTHOR = gql('fragment TweetAuthor on Tweet { id author { id } }');

/**
 * Keeps authors' tweet counts in step with the tweets that come and go on screen: each tweet is
 * counted once, though it may arrive both as the mutation's answer and live.
 */
class TweetCounts {
  private readonly counted = new Set<string>();
  private readonly uncounted = new Set<string>();

  posted(cache: Cache, tweet: PostedTweet): void {
    if (!tweet?.author || this.counted.has(tweet.id)) return;
    this.counted.add(tweet.id);
    this.adjust(cache, tweet.author.id, 1);
  }

  deleted(cache: Cache, tweetId: string): void {
    if (this.uncounted.has(tweetId)) return;
    const tweet = cache.readFragment(TWEET_AUTHOR, { id: tweetId }) as { author: { id: string } } | null;
    if (!tweet) return;
    this.uncounted.add(tweetId);
    this.adjust(cache, tweet.author.id, -1);
  }

  private adjust(cache: Cache, userId: string, change: number): void {
    const user = cache.readFragment(TWEET_COUNT, { id: userId }) as { tweetCount: number } | null;
    if (user) cache.writeFragment(TWEET_COUNT, { __typename: 'User', id: userId, tweetCount: Math.max(0, user.tweetCount + change) });
  }
}

/** An ID argument as the schema gives it: a string. */
function idArgument(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
