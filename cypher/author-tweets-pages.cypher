// One page of each author's tweets, newest first, read in order off the tweet_author_id index, each
// with whether $viewerId (null when signed out) has favorited it, and whether the viewer follows the
// page's author: a profile page's flags and Follow button come with its page, not in round trips of
// their own (one Expand(Into) per tweet and one per author, as in viewer-relations). An author with
// no tweet in the page still answers one row, with a null tweet, for the Follow button.
OPTIONAL MATCH (viewer:User {id: $viewerId})
UNWIND $requests AS request
OPTIONAL MATCH (owner:User {id: request.ownerId})
WITH viewer, request, viewer IS NOT NULL AND owner IS NOT NULL AND EXISTS { (viewer)-[:FOLLOWS]->(owner) } AS viewerFollowsOwner
OPTIONAL CALL (request) {
  MATCH (tweet:Tweet)
  USING INDEX SEEK tweet:Tweet(authorId, id)
  WHERE tweet.authorId = request.ownerId AND tweet.id < request.beforeId
  RETURN tweet
  // Both index keys, so Neo4j reads the index backwards and stops at the limit instead of sorting.
  ORDER BY tweet.authorId DESC, tweet.id DESC
  LIMIT $limit
}
RETURN request.key AS key, properties(tweet) AS tweet,
       viewer IS NOT NULL AND tweet IS NOT NULL AND EXISTS { (viewer)-[:FAVORITED]->(tweet) } AS viewerHasFavorited,
       viewerFollowsOwner
