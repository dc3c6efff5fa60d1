// Read-time home timeline: the viewer's and each followee's newest tweets before the cursor, each
// read in order off the tweet_author_id index (never a scan of all tweets), merged newest first.
MATCH (viewer:User {id: $viewerId})
CALL (viewer) {
  RETURN viewer.id AS authorId
  UNION
  MATCH (viewer)-[:FOLLOWS]->(followee:User)
  RETURN followee.id AS authorId
}
CALL (authorId) {
  MATCH (tweet:Tweet)
  USING INDEX SEEK tweet:Tweet(authorId, id)
  WHERE tweet.authorId = authorId AND tweet.id < $beforeId
  RETURN tweet
  // Both index keys, so Neo4j reads the index backwards and stops at the limit instead of sorting.
  ORDER BY tweet.authorId DESC, tweet.id DESC
  LIMIT $limit
}
RETURN properties(tweet) AS tweet
ORDER BY tweet.id DESC
LIMIT $limit
