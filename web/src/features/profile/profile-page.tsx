/**
 * A profile, `/@handle`: name, handle, bio, counts, the latest tweets with "Show older", Follow /
 * Unfollow (the counts change at once, rolled back if the server refuses), the user's new tweets
 * live (`tweetPosted`), and for the owner a form to edit display name and bio.
 */
import { useCallback, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery, useSubscription } from 'urql';

import { graphql } from '../../gql';
import type { ProfileQuery } from '../../gql/graphql';
import { useViewer } from '../../lib/viewer';
import { TweetList } from '../tweets/tweet-list';
import { useArrivals, useRefetchOnReconnect } from '../tweets/use-tweet-pages';
import { NotFoundPage } from '../../components/not-found-page';
import { FollowButton } from '../people/follow-button';
import { EditProfile } from './edit-profile';

export const PAGE_SIZE = 20;

const ProfileQueryDocument = graphql(`
  query Profile($handle: String!, $first: Int!, $after: String) {
    user(handle: $handle) {
      id handle displayName bio followerCount followingCount tweetCount viewerFollows
      tweets(first: $first, after: $after) {
        edges { node { ...TweetFields } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

const TweetPostedSubscription = graphql(`
  subscription TweetPosted($authorId: ID!) { tweetPosted(authorId: $authorId) { ...TweetFields } }
`);

export function ProfilePage() {
  const segment = useParams().handle ?? '';
  if (!segment.startsWith('@')) return <NotFoundPage />;
  const handle = segment.slice(1);
  // Remounted per handle, so paging and arrivals start afresh on another profile.
  return <Profile key={handle.toLowerCase()} handle={handle} />;
}

function Profile({ handle }: { handle: string }) {
  const { viewer } = useViewer();
  const [after, setAfter] = useState<string | null>(null);
  const [result] = useQuery({ query: ProfileQueryDocument, variables: { handle, first: PAGE_SIZE, after } });
  const last = useRef<ProfileQuery | undefined>(undefined);
  if (result.data) last.current = result.data;
  const user = (result.data ?? last.current)?.user;
  const userId = user?.id;
  const { arrivedIds, arrive } = useArrivals(useCallback((tweet) => tweet.authorId === userId, [userId]));
  useSubscription({ query: TweetPostedSubscription, variables: { authorId: userId ?? '' }, pause: !userId }, (_previous, event) => {
    arrive(event.tweetPosted.id);
    return event;
  });
  useRefetchOnReconnect(ProfileQueryDocument, { handle, first: PAGE_SIZE, after: null }, (ids) => ids.forEach(arrive), (data: ProfileQuery) => data.user?.tweets.edges.map((edge) => edge.node.id) ?? []);

  if (!user) {
    if (result.fetching || !result.data) return <main className="page"><p className="muted">Loading…</p></main>;
    return (
      <main className="page">
        <h1>No such user</h1>
        <p>Nobody has the handle <bdi>@{handle}</bdi>. <Link to="/">Back to the start</Link></p>
      </main>
    );
  }
  const own = viewer?.id === user.id;
  const { edges, pageInfo } = user.tweets;
  return (
    <main className="page">
      <section className="profile" aria-labelledby="profile-name">
        <h1 id="profile-name" dir="auto">{user.displayName}</h1>
        <p className="muted"><bdi>@{user.handle}</bdi></p>
        {user.bio ? <p className="bio" dir="auto">{user.bio}</p> : null}
        <dl className="counts">
          <div><dt>Tweets</dt><dd>{user.tweetCount}</dd></div>
          <div><dt><Link to={`/@${user.handle}/following`}>Following</Link></dt><dd>{user.followingCount}</dd></div>
          <div><dt><Link to={`/@${user.handle}/followers`}>Followers</Link></dt><dd>{user.followerCount}</dd></div>
        </dl>
        {viewer && !own ? <FollowButton user={user} /> : null}
        <p><Link to={`/@${user.handle}/favorites`}>Favorites</Link></p>
        {own ? <EditProfile user={user} /> : null}
      </section>
      <TweetList
        label={`Tweets by ${user.displayName}`}
        tweets={edges.map((edge) => edge.node)}
        arrivedIds={arrivedIds}
        viewerId={viewer?.id ?? null}
        hasOlder={pageInfo.hasNextPage}
        loadingOlder={result.fetching}
        onShowOlder={() => setAfter(pageInfo.endCursor ?? null)}
        empty={own ? 'You have not tweeted yet: press "Tweet" at the top.' : 'No tweets yet.'}
      />
    </main>
  );
}
