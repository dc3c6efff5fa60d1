/** "Who to follow" on the home page: the most-followed people the viewer does not follow yet. */
import { useQuery } from 'urql';

import { graphql } from '../../gql';
import { UserRow } from './user-row';

const WhoToFollowQuery = graphql(`
  query WhoToFollow($first: Int!) { whoToFollow(first: $first) { ...UserRowFields } }
`);

export function WhoToFollow({ viewerId }: { viewerId: string }) {
  const [{ data }] = useQuery({ query: WhoToFollowQuery, variables: { first: 3 } });
  const people = data?.whoToFollow ?? [];
  if (people.length === 0) return null;
  return (
    <aside className="who-to-follow" aria-labelledby="who-to-follow-title">
      <h2 id="who-to-follow-title">Who to follow</h2>
      <ul className="user-list" aria-label="Who to follow">
        {people.map((user) => <UserRow key={user.id} user={user} viewerId={viewerId} />)}
      </ul>
    </aside>
  );
}
