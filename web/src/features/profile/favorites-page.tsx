/** The tweets a person favorited, `/@handle/favorites`, most recently favorited first, paged. */
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';

import { NotFoundPage } from '../../components/not-found-page';
import { graphql } from '../../gql';
import type { FavoritesQuery } from '../../gql/graphql';
import { useViewer } from '../../lib/viewer';
import { TweetList } from '../tweets/tweet-list';

const FavoritesQueryDocument = graphql(`
  query Favorites($handle: String!, $first: Int!, $after: String) {
    user(handle: $handle) {
      id handle displayName
      favorites(first: $first, after: $after) { edges { node { ...TweetFields } } pageInfo { hasNextPage endCursor } }
    }
  }
`);

export function FavoritesPage() {
  const segment = useParams().handle ?? '';
  if (!segment.startsWith('@')) return <NotFoundPage />;
  return <Favorites key={segment} handle={segment.slice(1)} />;
}

function Favorites({ handle }: { handle: string }) {
  const { viewer } = useViewer();
  const [after, setAfter] = useState<string | null>(null);
  const [result] = useQuery({ query: FavoritesQueryDocument, variables: { handle, first: 20, after } });
  const last = useRef<FavoritesQuery | undefined>(undefined);
  if (result.data) last.current = result.data;
  const user = (result.data ?? last.current)?.user;
  if (!user) return <main className="page"><p className="muted">{result.fetching ? 'Loading…' : <>Nobody has the handle <bdi>@{handle}</bdi>.</>}</p></main>;
  const { edges, pageInfo } = user.favorites;
  return (
    <main className="page">
      <p><Link to={`/@${user.handle}`}>← <bdi>{user.displayName}</bdi></Link></p>
      <h1>Favorites of <bdi>{user.displayName}</bdi></h1>
      <TweetList
        label={`Favorites of ${user.displayName}`}
        tweets={edges.map((edge) => edge.node)}
        viewerId={viewer?.id ?? null}
        hasOlder={pageInfo.hasNextPage}
        loadingOlder={result.fetching}
        onShowOlder={() => setAfter(pageInfo.endCursor ?? null)}
        empty="No favorites yet."
      />
    </main>
  );
}
