/**
 * One tweet: author (linked to the profile), age (linked to the tweet's page, the full date on
 * hover), the text as text (React escapes it: markup in a tweet is never interpreted), Favorite
 * with its count, and Delete for the author. What people wrote is isolated (`<bdi>`, `dir="auto"`):
 * its direction is its own, and no right-to-left character in it reorders what is shown beside it.
 */
import { Link } from 'react-router';
import { useMutation } from 'urql';

import { RelativeTime } from '../../components/relative-time';
import type { TweetFieldsFragment } from '../../gql/graphql';
import { DeleteTweetMutation, FavoriteMutation, UnfavoriteMutation } from './tweet-fields';

export function TweetCard({ tweet, viewerId }: { tweet: TweetFieldsFragment; viewerId: string | null }) {
  const [favoriteState, favorite] = useMutation(FavoriteMutation);
  const [unfavoriteState, unfavorite] = useMutation(UnfavoriteMutation);
  const [deleteState, deleteTweet] = useMutation(DeleteTweetMutation);
  const error = favoriteState.error ?? unfavoriteState.error ?? deleteState.error;
  const { author } = tweet;
  return (
    // tabIndex -1: focusable by the app (the first older tweet after "Show older"), not a tab stop.
    <article className="tweet" aria-label={`Tweet by ${author.displayName}`} data-tweet-id={tweet.id} tabIndex={-1}>
      <header className="tweet-header">
        <Link to={`/@${author.handle}`} className="tweet-author">
          <strong><bdi>{author.displayName}</bdi></strong> <span className="muted"><bdi>@{author.handle}</bdi></span>
        </Link>
        <span className="muted" aria-hidden="true">·</span>
        <Link to={`/@${author.handle}/status/${tweet.id}`} className="muted tweet-time">
          <RelativeTime iso={tweet.createdAt} />
        </Link>
      </header>
      <p className="tweet-text" dir="auto">{tweet.text}</p>
      <footer className="tweet-actions">
        {viewerId ? (
          <button
            type="button"
            className={tweet.viewerHasFavorited ? 'action favorited' : 'action'}
            onClick={() => void (tweet.viewerHasFavorited ? unfavorite({ tweetId: tweet.id }) : favorite({ tweetId: tweet.id }))}
          >
            {tweet.viewerHasFavorited ? 'Unfavorite' : 'Favorite'}
          </button>
        ) : null}
        <span className="muted">
          <span aria-hidden="true">♥</span> <span className="favorite-count">{tweet.favoriteCount}</span>
          <span className="visually-hidden">{tweet.favoriteCount === 1 ? ' favorite' : ' favorites'}</span>
        </span>
        {viewerId === author.id ? (
          <button type="button" className="action danger" disabled={deleteState.fetching} onClick={() => void deleteTweet({ id: tweet.id })}>
            Delete
          </button>
        ) : null}
      </footer>
      {error ? <p role="alert" className="error">{messageOf(error)}</p> : null}
    </article>
  );
}

function messageOf(error: { graphQLErrors: { message: string }[]; networkError?: Error }): string {
  return error.graphQLErrors[0]?.message ?? 'The server could not be reached. Try again.';
}
