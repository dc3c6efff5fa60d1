/**
 * Web app operations
 *
 * The names of the operations the server's own web app sends (its documents in web/src, generated
 * into web/src/gql by GraphQL Code Generator): the only operation names the metrics give a series
 * of their own, since any client may name an operation anything. Written out here because the
 * server's build and image hold no web/src; test/metrics/web-app-operations.test.ts fails when the
 * list and web/src/gql differ (and test/web/generated-types.test.ts when web/src/gql is stale).
 */
export const WEB_APP_OPERATIONS: readonly string[] = [
  'CachedTweet',
  'DeleteTweet',
  'Favorite',
  'Favorites',
  'Follow',
  'Followers',
  'Following',
  'Home',
  'HomeTimeline',
  'LogIn',
  'PostTweet',
  'Profile',
  'SignUp',
  'TweetPage',
  'TweetPosted',
  'TweetsUpdated',
  'Unfavorite',
  'Unfollow',
  'UpdateProfile',
  'Viewer',
  'WhoToFollow',
];
