// Lock the tweet before looking for the edge, so concurrent favorites count exactly.
MATCH (user:User {id: $userId})
MATCH (tweet:Tweet {id: $tweetId})
SET tweet._lock = true REMOVE tweet._lock
WITH user, tweet
OPTIONAL MATCH (user)-[existing:FAVORITED]->(tweet)
CALL (user, tweet, existing) {
  WITH * WHERE existing IS NULL
  CREATE (user)-[:FAVORITED {at: $at}]->(tweet)
  SET tweet.favoriteCount = tweet.favoriteCount + 1, tweet.version = coalesce(tweet.version, 0) + 1
}
RETURN properties(tweet) AS tweet, existing IS NULL AS changed
