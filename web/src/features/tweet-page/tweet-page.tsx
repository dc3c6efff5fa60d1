/** A tweet's own page, `/@handle/status/<id>`: the tweet, live, and who favorited it. */
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';

import { graphql } from '../../gql';
import type { TweetPageQuery } from '../../gql/graphql';
import { useViewer } from '../../lib/viewer';
import { UserRow } from '../people/user-row';
import { TweetList } from '../tweets/tweet-list';

const TweetPageQueryDocument = graphql(`
  query TweetPage($id: ID!, $first: Int!, $after: String) {
    tweet(id: $id) {
      ...TweetFields
      favoritedBy(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }
    }
  }
`);

export function TweetPage() {
  const id = useParams().id ?? '';
  return <TweetView key={id} id={id} />;
}

function TweetView({ id }: { id: string }) {
  const { viewer } = useViewer();
  const [after, setAfter] = useState<string | null>(null);
  const [result] = useQuery({ query: TweetPageQueryDocument, variables: { id, first: 20, after } });
  const last = useRef<TweetPageQuery | undefined>(undefined);
  if (result.data) last.current = result.data;
  const tweet = (result.data ?? last.current)?.tweet;
  if (!tweet || tweet.deleted) {
    if (result.fetching) return <main className="page"><p className="muted">Loading…</p></main>;
    return (
      <main className="page">
        <h1>No such tweet</h1>
        <p>It may have been deleted. <Link to="/">Back to the start</Link></p>
      </main>
    );
  }
  const { edges, pageInfo } = tweet.favoritedBy;
  return (
    <main className="page">
      <h1 className="visually-hidden">Tweet by <bdi>{tweet.author.displayName}</bdi></h1>
      <TweetList label="Tweet" tweets={[tweet]} viewerId={viewer?.id ?? null} hasOlder={false} loadingOlder={false} onShowOlder={() => {}} empty="" />
      <h2>Favorited by</h2>
      {edges.length === 0 ? <p className="muted">Nobody yet.</p> : null}
      <ul className="user-list" aria-label="Favorited by">
        {edges.map(({ node }) => <UserRow key={node.id} user={node} viewerId={viewer?.id ?? null} />)}
      </ul>
      {pageInfo.hasNextPage ? (
        <button type="button" className={result.fetching ? 'show-older loading' : 'show-older'} onClick={() => setAfter(pageInfo.endCursor ?? null)}>Show older</button>
      ) : null}
    </main>
  );
}
