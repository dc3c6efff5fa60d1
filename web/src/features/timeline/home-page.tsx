/**
 * Home, `/home`: your tweets and those of everyone you follow, newest first, with "Show older";
 * new ones arrive live through the `homeTimeline` subscription. At the top of the page they are
 * put on top as they come; while the person reads further down they wait behind a "Show N new
 * tweets" button, so what is being read never moves.
 */
import { useCallback, useRef, useState } from 'react';
import { Navigate } from 'react-router';
import { useQuery, useSubscription } from 'urql';

import { graphql } from '../../gql';
import type { HomeQuery } from '../../gql/graphql';
import { useSession } from '../../lib/session';
import { useViewer } from '../../lib/viewer';
import { WhoToFollow } from '../people/who-to-follow';
import { TweetList } from '../tweets/tweet-list';
import { useArrivals, useRefetchOnReconnect } from '../tweets/use-tweet-pages';

const PAGE_SIZE = 20;
/** Scrolled further than this, the person is reading: new tweets wait behind a button. */
const READING_OFFSET_PX = 120;

const HomeQueryDocument = graphql(`
  query Home($first: Int!, $after: String) {
    homeTimeline(first: $first, after: $after) {
      edges { node { ...TweetFields } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const HomeTimelineSubscription = graphql(`
  subscription HomeTimeline { homeTimeline { ...TweetFields } }
`);

export function HomePage() {
  const { token } = useSession();
  if (!token) return <Navigate to="/login" replace />;
  return <Home />;
}

function Home() {
  const { viewer } = useViewer();
  const [after, setAfter] = useState<string | null>(null);
  const [result] = useQuery({ query: HomeQueryDocument, variables: { first: PAGE_SIZE, after } });
  const last = useRef<HomeQuery | undefined>(undefined);
  if (result.data) last.current = result.data;
  const timeline = (result.data ?? last.current)?.homeTimeline;
  const { arrivedIds, arrive } = useArrivals(useCallback(() => true, []));
  const [waitingIds, setWaitingIds] = useState<string[]>([]);
  useSubscription({ query: HomeTimelineSubscription }, (_previous, event) => {
    const { id, author } = event.homeTimeline;
    if (window.scrollY > READING_OFFSET_PX && author.id !== viewer?.id) setWaitingIds((ids) => (ids.includes(id) ? ids : [id, ...ids]));
    else arrive(id);
    return event;
  });
  const showWaiting = () => {
    waitingIds.forEach(arrive);
    setWaitingIds([]);
    window.scrollTo({ top: 0 });
  };
  useRefetchOnReconnect(HomeQueryDocument, { first: PAGE_SIZE, after: null }, (ids) => ids.forEach(arrive), (data: HomeQuery) => data.homeTimeline.edges.map((edge) => edge.node.id));

  return (
    <main className="page">
      <h1>Home</h1>
      {waitingIds.length > 0 ? (
        <button type="button" className="primary new-tweets" onClick={showWaiting}>
          {waitingIds.length === 1 ? 'Show 1 new tweet' : `Show ${waitingIds.length} new tweets`}
        </button>
      ) : null}
      {viewer ? <WhoToFollow viewerId={viewer.id} /> : null}
      {!timeline ? (
        result.error ? <p role="alert" className="error">{result.error.graphQLErrors[0]?.message ?? 'The server could not be reached. Try again.'}</p> : <p className="muted">Loading…</p>
      ) : (
        <TweetList
          label="Home timeline"
          tweets={timeline.edges.map((edge) => edge.node)}
          arrivedIds={arrivedIds}
          viewerId={viewer?.id ?? null}
          hasOlder={timeline.pageInfo.hasNextPage}
          loadingOlder={result.fetching}
          onShowOlder={() => setAfter(timeline.pageInfo.endCursor ?? null)}
          empty="Your home timeline is empty: follow people to see their tweets here."
        />
      )}
    </main>
  );
}
