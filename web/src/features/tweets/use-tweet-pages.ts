/**
 * Paging and live arrivals for a list of tweets. Pages come from one query whose `after` moves on
 * ("Show older"); graphcache merges them (relayPagination). Tweets that arrive live, or that the
 * person just posted, are kept by id and read from the cache. After a reconnect the newest page is
 * fetched again, so what was published while the socket was down still shows.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient, type AnyVariables, type TypedDocumentNode } from 'urql';

import { useAppClient } from '../../lib/app-client';

export function useArrivals(matches: (tweet: { id: string; authorId: string }) => boolean) {
  const { posted } = useAppClient();
  const [arrivedIds, setArrivedIds] = useState<string[]>([]);
  const matchesRef = useRef(matches);
  matchesRef.current = matches;
  const arrive = useCallback((id: string) => setArrivedIds((ids) => (ids.includes(id) ? ids : [id, ...ids])), []);
  useEffect(() => posted.listen((tweet) => matchesRef.current(tweet) && arrive(tweet.id)), [posted, arrive]);
  return { arrivedIds, arrive, reset: useCallback(() => setArrivedIds([]), []) };
}

/** Fetches the newest page again after each reconnect; its new tweets join the arrivals. */
export function useRefetchOnReconnect<D, V extends AnyVariables>(query: TypedDocumentNode<D, V>, variables: V, onTweetIds: (ids: string[]) => void, pick: (data: D) => string[]) {
  const { reconnects } = useAppClient();
  const client = useClient();
  const latest = useRef({ variables, onTweetIds, pick });
  latest.current = { variables, onTweetIds, pick };
  useEffect(
    () =>
      reconnects.listen(() => {
        const { variables: vars, onTweetIds: deliver, pick: choose } = latest.current;
        void client.query(query, vars, { requestPolicy: 'network-only' }).toPromise().then((result) => {
          if (result.data) deliver(choose(result.data));
        });
      }),
    [reconnects, client, query],
  );
}
