MATCH (user:User {id: $userId})
MATCH (tweet:Tweet {id: $tweetId})
SET tweet._lock = true REMOVE tweet._lock
WITH user, tweet
OPTIONAL MATCH (user)-[existing:FAVORITED]->(tweet)
CALL (user, tweet, existing) {
  WITH * WHERE existing IS NOT NULL
  DELETE existing
  SET tweet.favoriteCount = tweet.favoriteCount - 1, tweet.version = coalesce(tweet.version, 0) + 1
}
RETURN properties(tweet) AS tweet, existing IS NOT NULL AS changed
