/**
 * A list of tweets, newest first: the pages loaded so far and the tweets that arrived live since,
 * each once, with "Show older" when there is more. Favorite counts and deletions of the tweets on
 * screen arrive through one `tweetsUpdated` subscription for all their ids (graphcache writes each
 * event into the tweet it names, and every card showing it follows).
 */
import { useEffect, useMemo, useRef } from 'react';
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
  const section = useRef<HTMLElement>(null);
  // "Show older" pressed after this tweet: the first older one gets the focus when it shows.
  const focusAfter = useRef<string | null>(null);
  useEffect(() => {
    const at = focusAfter.current === null ? -1 : ids.indexOf(focusAfter.current);
    const next = at < 0 ? undefined : ids[at + 1];
    if (next === undefined) return;
    focusAfter.current = null;
    section.current?.querySelector<HTMLElement>(`article[data-tweet-id="${CSS.escape(next)}"]`)?.focus();
  }, [ids]);
  // Not disabled while loading (a disabled button drops the keyboard focus): pressing it again asks for the same page.
  const showOlder = () => {
    focusAfter.current = ids.at(-1) ?? null;
    onShowOlder();
  };
  return (
    <section ref={section} className="tweet-list" aria-label={label}>
      {ids.length === 0 ? <p className="muted empty">{empty}</p> : null}
      {ids.map((id) => {
        const tweet = byId.get(id);
        return tweet ? <TweetCard key={id} tweet={tweet} viewerId={viewerId} /> : <ArrivedTweet key={id} id={id} viewerId={viewerId} />;
      })}
      {hasOlder ? (
        <button type="button" className={loadingOlder ? 'show-older loading' : 'show-older'} onClick={showOlder}>
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
