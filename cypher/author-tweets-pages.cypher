// One page of each author's tweets, newest first, read in order off the tweet_author_id index, each
// with whether $viewerId (null when signed out) has favorited it: a profile page's flags come with
// its page, not in a round trip of their own (one Expand(Into) per tweet, as in viewer-favorited).
OPTIONAL MATCH (viewer:User {id: $viewerId})
UNWIND $requests AS request
CALL (request) {
  MATCH (tweet:Tweet)
  USING INDEX SEEK tweet:Tweet(authorId, id)
  WHERE tweet.authorId = request.ownerId AND tweet.id < request.beforeId
  RETURN tweet
  // Both index keys, so Neo4j reads the index backwards and stops at the limit instead of sorting.
  ORDER BY tweet.authorId DESC, tweet.id DESC
  LIMIT $limit
}
RETURN request.key AS key, properties(tweet) AS tweet, viewer IS NOT NULL AND EXISTS { (viewer)-[:FAVORITED]->(tweet) } AS viewerHasFavorited
