/** A profile's followers or the people it follows, `/@handle/followers` and `/@handle/following`, paged. */
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';

import { NotFoundPage } from '../../components/not-found-page';
import { graphql } from '../../gql';
import type { FollowersQuery, FollowingQuery } from '../../gql/graphql';
import { useViewer } from '../../lib/viewer';
import { UserRow } from './user-row';

const PAGE_SIZE = 20;

const FollowersQueryDocument = graphql(`
  query Followers($handle: String!, $first: Int!, $after: String) {
    user(handle: $handle) {
      id handle displayName
      people: followers(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }
    }
  }
`);

const FollowingQueryDocument = graphql(`
  query Following($handle: String!, $first: Int!, $after: String) {
    user(handle: $handle) {
      id handle displayName
      people: following(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }
    }
  }
`);

export function PeoplePage({ list }: { list: 'followers' | 'following' }) {
  const segment = useParams().handle ?? '';
  if (!segment.startsWith('@')) return <NotFoundPage />;
  return <People key={`${segment}/${list}`} handle={segment.slice(1)} list={list} />;
}

function People({ handle, list }: { handle: string; list: 'followers' | 'following' }) {
  const { viewer } = useViewer();
  const [after, setAfter] = useState<string | null>(null);
  const [result] = useQuery({ query: list === 'followers' ? FollowersQueryDocument : FollowingQueryDocument, variables: { handle, first: PAGE_SIZE, after } });
  const last = useRef<FollowersQuery | FollowingQuery | undefined>(undefined);
  if (result.data) last.current = result.data;
  const user = (result.data ?? last.current)?.user;
  if (!user) return <main className="page"><p className="muted">{result.fetching ? 'Loading…' : <>Nobody has the handle <bdi>@{handle}</bdi>.</>}</p></main>;
  const title = list === 'followers' ? `People following ${user.displayName}` : `People ${user.displayName} follows`;
  const { edges, pageInfo } = user.people;
  return (
    <main className="page">
      <p><Link to={`/@${user.handle}`}>← <bdi>{user.displayName}</bdi></Link></p>
      <h1>{list === 'followers' ? <>People following <bdi>{user.displayName}</bdi></> : <>People <bdi>{user.displayName}</bdi> follows</>}</h1>
      {edges.length === 0 ? <p className="muted">Nobody yet.</p> : null}
      <ul className="user-list" aria-label={title}>
        {edges.map(({ node }) => <UserRow key={node.id} user={node} viewerId={viewer?.id ?? null} />)}
      </ul>
      {pageInfo.hasNextPage ? (
        <button type="button" className={result.fetching ? 'show-older loading' : 'show-older'} onClick={() => setAfter(pageInfo.endCursor ?? null)}>Show older</button>
      ) : null}
    </main>
  );
}
