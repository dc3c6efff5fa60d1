// One page of each author's tweets, newest first, read in order off the tweet_author_id index.
UNWIND $requests AS request
CALL (request) {
  MATCH (tweet:Tweet)
  WHERE tweet.authorId = request.ownerId AND tweet.id < request.beforeId
  RETURN tweet
  ORDER BY tweet.id DESC
  LIMIT $limit
}
RETURN request.key AS key, properties(tweet) AS tweet
