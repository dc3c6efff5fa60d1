/**
 * Follow / Unfollow: the button and the counts change at once (graphcache's optimistic result),
 * and go back if the server refuses, with the reason in words.
 */
import { useMutation } from 'urql';

import { graphql } from '../../gql';

export const UserRowFieldsFragment = graphql(`
  fragment UserRowFields on User { id handle displayName bio followerCount viewerFollows }
`);

const FollowMutation = graphql(`
  mutation Follow($userId: ID!) { follow(userId: $userId) { id followerCount viewerFollows } }
`);

const UnfollowMutation = graphql(`
  mutation Unfollow($userId: ID!) { unfollow(userId: $userId) { id followerCount viewerFollows } }
`);

export function FollowButton({ user }: { user: { id: string; viewerFollows: boolean } }) {
  const [followState, follow] = useMutation(FollowMutation);
  const [unfollowState, unfollow] = useMutation(UnfollowMutation);
  const error = followState.error ?? unfollowState.error;
  return (
    <>
      <button type="button" className={user.viewerFollows ? '' : 'primary'} onClick={() => void (user.viewerFollows ? unfollow({ userId: user.id }) : follow({ userId: user.id }))}>
        {user.viewerFollows ? 'Unfollow' : 'Follow'}
      </button>
      {error ? <p role="alert" className="error">{error.graphQLErrors[0]?.message ?? 'The server could not be reached. Try again.'}</p> : null}
    </>
  );
}
