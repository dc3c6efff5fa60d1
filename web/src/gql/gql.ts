/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id handle } } }\n": typeof types.SignUpDocument,
    "\n  mutation LogIn($handle: String!, $password: String!) { logIn(handle: $handle, password: $password) { token user { id handle } } }\n": typeof types.LogInDocument,
    "\n  mutation PostTweet($text: String!, $clientMutationId: String) { postTweet(text: $text, clientMutationId: $clientMutationId) { ...TweetFields } }\n": typeof types.PostTweetDocument,
    "\n  fragment UserRowFields on User { id handle displayName bio followerCount viewerFollows }\n": typeof types.UserRowFieldsFragmentDoc,
    "\n  mutation Follow($userId: ID!) { follow(userId: $userId) { id followerCount viewerFollows } }\n": typeof types.FollowDocument,
    "\n  mutation Unfollow($userId: ID!) { unfollow(userId: $userId) { id followerCount viewerFollows } }\n": typeof types.UnfollowDocument,
    "\n  query Followers($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName\n      people: followers(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n": typeof types.FollowersDocument,
    "\n  query Following($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName\n      people: following(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n": typeof types.FollowingDocument,
    "\n  query WhoToFollow($first: Int!) { whoToFollow(first: $first) { ...UserRowFields } }\n": typeof types.WhoToFollowDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { id displayName bio } }\n": typeof types.UpdateProfileDocument,
    "\n  query Favorites($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName\n      favorites(first: $first, after: $after) { edges { node { ...TweetFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n": typeof types.FavoritesDocument,
    "\n  query Profile($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName bio followerCount followingCount tweetCount viewerFollows\n      tweets(first: $first, after: $after) {\n        edges { node { ...TweetFields } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.ProfileDocument,
    "\n  subscription TweetPosted($authorId: ID!) { tweetPosted(authorId: $authorId) { ...TweetFields } }\n": typeof types.TweetPostedDocument,
    "\n  query Home($first: Int!, $after: String) {\n    homeTimeline(first: $first, after: $after) {\n      edges { node { ...TweetFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.HomeDocument,
    "\n  subscription HomeTimeline { homeTimeline { ...TweetFields } }\n": typeof types.HomeTimelineDocument,
    "\n  query TweetPage($id: ID!, $first: Int!, $after: String) {\n    tweet(id: $id) {\n      ...TweetFields\n      favoritedBy(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n": typeof types.TweetPageDocument,
    "\n  query CachedTweet($id: ID!) { tweet(id: $id) { ...TweetFields } }\n": typeof types.CachedTweetDocument,
    "\n  fragment TweetFields on Tweet {\n    id\n    text\n    createdAt\n    favoriteCount\n    viewerHasFavorited\n    deleted\n    author { id handle displayName }\n  }\n": typeof types.TweetFieldsFragmentDoc,
    "\n  mutation Favorite($tweetId: ID!) { favorite(tweetId: $tweetId) { id favoriteCount viewerHasFavorited } }\n": typeof types.FavoriteDocument,
    "\n  mutation Unfavorite($tweetId: ID!) { unfavorite(tweetId: $tweetId) { id favoriteCount viewerHasFavorited } }\n": typeof types.UnfavoriteDocument,
    "\n  mutation DeleteTweet($id: ID!) { deleteTweet(id: $id) }\n": typeof types.DeleteTweetDocument,
    "\n  subscription TweetsUpdated($ids: [ID!]!) { tweetsUpdated(ids: $ids) { id favoriteCount deleted } }\n": typeof types.TweetsUpdatedDocument,
    "\n  query Viewer { me { id handle displayName } }\n": typeof types.ViewerDocument,
};
const documents: Documents = {
    "\n  mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id handle } } }\n": types.SignUpDocument,
    "\n  mutation LogIn($handle: String!, $password: String!) { logIn(handle: $handle, password: $password) { token user { id handle } } }\n": types.LogInDocument,
    "\n  mutation PostTweet($text: String!, $clientMutationId: String) { postTweet(text: $text, clientMutationId: $clientMutationId) { ...TweetFields } }\n": types.PostTweetDocument,
    "\n  fragment UserRowFields on User { id handle displayName bio followerCount viewerFollows }\n": types.UserRowFieldsFragmentDoc,
    "\n  mutation Follow($userId: ID!) { follow(userId: $userId) { id followerCount viewerFollows } }\n": types.FollowDocument,
    "\n  mutation Unfollow($userId: ID!) { unfollow(userId: $userId) { id followerCount viewerFollows } }\n": types.UnfollowDocument,
    "\n  query Followers($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName\n      people: followers(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n": types.FollowersDocument,
    "\n  query Following($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName\n      people: following(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n": types.FollowingDocument,
    "\n  query WhoToFollow($first: Int!) { whoToFollow(first: $first) { ...UserRowFields } }\n": types.WhoToFollowDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { id displayName bio } }\n": types.UpdateProfileDocument,
    "\n  query Favorites($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName\n      favorites(first: $first, after: $after) { edges { node { ...TweetFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n": types.FavoritesDocument,
    "\n  query Profile($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName bio followerCount followingCount tweetCount viewerFollows\n      tweets(first: $first, after: $after) {\n        edges { node { ...TweetFields } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.ProfileDocument,
    "\n  subscription TweetPosted($authorId: ID!) { tweetPosted(authorId: $authorId) { ...TweetFields } }\n": types.TweetPostedDocument,
    "\n  query Home($first: Int!, $after: String) {\n    homeTimeline(first: $first, after: $after) {\n      edges { node { ...TweetFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.HomeDocument,
    "\n  subscription HomeTimeline { homeTimeline { ...TweetFields } }\n": types.HomeTimelineDocument,
    "\n  query TweetPage($id: ID!, $first: Int!, $after: String) {\n    tweet(id: $id) {\n      ...TweetFields\n      favoritedBy(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n": types.TweetPageDocument,
    "\n  query CachedTweet($id: ID!) { tweet(id: $id) { ...TweetFields } }\n": types.CachedTweetDocument,
    "\n  fragment TweetFields on Tweet {\n    id\n    text\n    createdAt\n    favoriteCount\n    viewerHasFavorited\n    deleted\n    author { id handle displayName }\n  }\n": types.TweetFieldsFragmentDoc,
    "\n  mutation Favorite($tweetId: ID!) { favorite(tweetId: $tweetId) { id favoriteCount viewerHasFavorited } }\n": types.FavoriteDocument,
    "\n  mutation Unfavorite($tweetId: ID!) { unfavorite(tweetId: $tweetId) { id favoriteCount viewerHasFavorited } }\n": types.UnfavoriteDocument,
    "\n  mutation DeleteTweet($id: ID!) { deleteTweet(id: $id) }\n": types.DeleteTweetDocument,
    "\n  subscription TweetsUpdated($ids: [ID!]!) { tweetsUpdated(ids: $ids) { id favoriteCount deleted } }\n": types.TweetsUpdatedDocument,
    "\n  query Viewer { me { id handle displayName } }\n": types.ViewerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id handle } } }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token user { id handle } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($handle: String!, $password: String!) { logIn(handle: $handle, password: $password) { token user { id handle } } }\n"): (typeof documents)["\n  mutation LogIn($handle: String!, $password: String!) { logIn(handle: $handle, password: $password) { token user { id handle } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PostTweet($text: String!, $clientMutationId: String) { postTweet(text: $text, clientMutationId: $clientMutationId) { ...TweetFields } }\n"): (typeof documents)["\n  mutation PostTweet($text: String!, $clientMutationId: String) { postTweet(text: $text, clientMutationId: $clientMutationId) { ...TweetFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserRowFields on User { id handle displayName bio followerCount viewerFollows }\n"): (typeof documents)["\n  fragment UserRowFields on User { id handle displayName bio followerCount viewerFollows }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Follow($userId: ID!) { follow(userId: $userId) { id followerCount viewerFollows } }\n"): (typeof documents)["\n  mutation Follow($userId: ID!) { follow(userId: $userId) { id followerCount viewerFollows } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Unfollow($userId: ID!) { unfollow(userId: $userId) { id followerCount viewerFollows } }\n"): (typeof documents)["\n  mutation Unfollow($userId: ID!) { unfollow(userId: $userId) { id followerCount viewerFollows } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Followers($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName\n      people: followers(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n"): (typeof documents)["\n  query Followers($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName\n      people: followers(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Following($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName\n      people: following(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n"): (typeof documents)["\n  query Following($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName\n      people: following(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WhoToFollow($first: Int!) { whoToFollow(first: $first) { ...UserRowFields } }\n"): (typeof documents)["\n  query WhoToFollow($first: Int!) { whoToFollow(first: $first) { ...UserRowFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { id displayName bio } }\n"): (typeof documents)["\n  mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { id displayName bio } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Favorites($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName\n      favorites(first: $first, after: $after) { edges { node { ...TweetFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n"): (typeof documents)["\n  query Favorites($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName\n      favorites(first: $first, after: $after) { edges { node { ...TweetFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Profile($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName bio followerCount followingCount tweetCount viewerFollows\n      tweets(first: $first, after: $after) {\n        edges { node { ...TweetFields } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Profile($handle: String!, $first: Int!, $after: String) {\n    user(handle: $handle) {\n      id handle displayName bio followerCount followingCount tweetCount viewerFollows\n      tweets(first: $first, after: $after) {\n        edges { node { ...TweetFields } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TweetPosted($authorId: ID!) { tweetPosted(authorId: $authorId) { ...TweetFields } }\n"): (typeof documents)["\n  subscription TweetPosted($authorId: ID!) { tweetPosted(authorId: $authorId) { ...TweetFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Home($first: Int!, $after: String) {\n    homeTimeline(first: $first, after: $after) {\n      edges { node { ...TweetFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Home($first: Int!, $after: String) {\n    homeTimeline(first: $first, after: $after) {\n      edges { node { ...TweetFields } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription HomeTimeline { homeTimeline { ...TweetFields } }\n"): (typeof documents)["\n  subscription HomeTimeline { homeTimeline { ...TweetFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TweetPage($id: ID!, $first: Int!, $after: String) {\n    tweet(id: $id) {\n      ...TweetFields\n      favoritedBy(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n"): (typeof documents)["\n  query TweetPage($id: ID!, $first: Int!, $after: String) {\n    tweet(id: $id) {\n      ...TweetFields\n      favoritedBy(first: $first, after: $after) { edges { node { ...UserRowFields } } pageInfo { hasNextPage endCursor } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CachedTweet($id: ID!) { tweet(id: $id) { ...TweetFields } }\n"): (typeof documents)["\n  query CachedTweet($id: ID!) { tweet(id: $id) { ...TweetFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TweetFields on Tweet {\n    id\n    text\n    createdAt\n    favoriteCount\n    viewerHasFavorited\n    deleted\n    author { id handle displayName }\n  }\n"): (typeof documents)["\n  fragment TweetFields on Tweet {\n    id\n    text\n    createdAt\n    favoriteCount\n    viewerHasFavorited\n    deleted\n    author { id handle displayName }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Favorite($tweetId: ID!) { favorite(tweetId: $tweetId) { id favoriteCount viewerHasFavorited } }\n"): (typeof documents)["\n  mutation Favorite($tweetId: ID!) { favorite(tweetId: $tweetId) { id favoriteCount viewerHasFavorited } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Unfavorite($tweetId: ID!) { unfavorite(tweetId: $tweetId) { id favoriteCount viewerHasFavorited } }\n"): (typeof documents)["\n  mutation Unfavorite($tweetId: ID!) { unfavorite(tweetId: $tweetId) { id favoriteCount viewerHasFavorited } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTweet($id: ID!) { deleteTweet(id: $id) }\n"): (typeof documents)["\n  mutation DeleteTweet($id: ID!) { deleteTweet(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TweetsUpdated($ids: [ID!]!) { tweetsUpdated(ids: $ids) { id favoriteCount deleted } }\n"): (typeof documents)["\n  subscription TweetsUpdated($ids: [ID!]!) { tweetsUpdated(ids: $ids) { id favoriteCount deleted } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer { me { id handle displayName } }\n"): (typeof documents)["\n  query Viewer { me { id handle displayName } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;