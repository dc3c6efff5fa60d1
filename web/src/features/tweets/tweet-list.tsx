/**
 * A list of tweets, newest first: the pages loaded so far and the tweets that arrived live since,
 * each once, with "Show older" when there is more. Favorite counts and deletions of the tweets on
 * screen arrive through one `tweetsUpdated` subscription for all their ids (graphcache writes each
 * event into the tweet it names, and every card showing it follows).
 */
import { useMemo } from 'react';
import { useSubscription } from 'urql';

import type { TweetFieldsFragment } from '../../gql/graphql';
import { useCachedTweet } from './cached-tweet';
import { TweetCard } from './tweet-card';
import { TweetsUpdatedSubscription } from './tweet-fields';

export interface TweetListProps {
  /** The pages loaded so far. */
  tweets: TweetFieldsFragment[];
  /** Tweets that arrived live (or were just posted), by id. */
  arrivedIds?: string[];
  viewerId: string | null;
  hasOlder: boolean;
  loadingOlder: boolean;
  onShowOlder: () => void;
  /** Shown when there are no tweets. */
  empty: string;
  label?: string;
}

export function TweetList({ tweets, arrivedIds = [], viewerId, hasOlder, loadingOlder, onShowOlder, empty, label = 'Tweets' }: TweetListProps) {
  const byId = useMemo(() => new Map(tweets.map((tweet) => [tweet.id, tweet])), [tweets]);
  const ids = useMemo(() => newestFirst([...new Set([...arrivedIds, ...tweets.filter((tweet) => !tweet.deleted).map((tweet) => tweet.id)])]), [arrivedIds, tweets]);
  useSubscription({ query: TweetsUpdatedSubscription, variables: { ids }, pause: ids.length === 0 });
  return (
    <section className="tweet-list" aria-label={label}>
      {ids.length === 0 ? <p className="muted empty">{empty}</p> : null}
      {ids.map((id) => {
        const tweet = byId.get(id);
        return tweet ? <TweetCard key={id} tweet={tweet} viewerId={viewerId} /> : <ArrivedTweet key={id} id={id} viewerId={viewerId} />;
      })}
      {hasOlder ? (
        <button type="button" className="show-older" disabled={loadingOlder} onClick={onShowOlder}>
          Show older
        </button>
      ) : null}
    </section>
  );
}

function ArrivedTweet({ id, viewerId }: { id: string; viewerId: string | null }) {
  const tweet = useCachedTweet(id);
  return tweet && !tweet.deleted ? <TweetCard tweet={tweet} viewerId={viewerId} /> : null;
}

/** Tweet ids are UUIDv7, ordered by creation time: newest first is descending id order. */
function newestFirst(ids: string[]): string[] {
  return ids.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}
