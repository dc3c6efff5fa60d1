import { graphql } from '../../gql';

/** What a tweet card shows. */
export const TweetFieldsFragment = graphql(`
  fragment TweetFields on Tweet {
    id
    text
    createdAt
    favoriteCount
    viewerHasFavorited
    deleted
    author { id handle displayName }
  }
`);

export const FavoriteMutation = graphql(`
  mutation Favorite($tweetId: ID!) { favorite(tweetId: $tweetId) { id favoriteCount viewerHasFavorited } }
`);

export const UnfavoriteMutation = graphql(`
  mutation Unfavorite($tweetId: ID!) { unfavorite(tweetId: $tweetId) { id favoriteCount viewerHasFavorited } }
`);

export const DeleteTweetMutation = graphql(`
  mutation DeleteTweet($id: ID!) { deleteTweet(id: $id) }
`);

/** Favorite counts of the tweets on screen, and their deletions: one subscription for all of them. */
export const TweetsUpdatedSubscription = graphql(`
  subscription TweetsUpdated($ids: [ID!]!) { tweetsUpdated(ids: $ids) { id favoriteCount deleted } }
`);
