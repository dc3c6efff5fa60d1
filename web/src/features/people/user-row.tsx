/** One person in a list: name and handle linked to the profile, bio, and Follow / Unfollow; what they wrote isolated (`<bdi>`). */
import { Link } from 'react-router';

import type { UserRowFieldsFragment } from '../../gql/graphql';
import { FollowButton } from './follow-button';

export function UserRow({ user, viewerId }: { user: UserRowFieldsFragment; viewerId: string | null }) {
  return (
    <li>
      <div>
        <Link to={`/@${user.handle}`}>
          <strong><bdi>{user.displayName}</bdi></strong> <span className="muted"><bdi>@{user.handle}</bdi></span>
        </Link>
        <p className="muted bio-line">
          {user.followerCount} {user.followerCount === 1 ? 'follower' : 'followers'}
          {user.bio ? <> · <bdi>{user.bio}</bdi></> : null}
        </p>
      </div>
      {viewerId && viewerId !== user.id ? <FollowButton user={user} /> : null}
    </li>
  );
}
