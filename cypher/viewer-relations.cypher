// The viewer's relations a page shows, in one round trip: which of $tweetIds they have favorited
// and which of $userIds they follow (a home timeline page asks both, for its tweets and their
// authors). Both ends of each edge are bound before it is looked for, so Neo4j checks it from the
// side with fewer relationships (Expand(Into), as in viewer-follows): a celebrity's followers and a
// popular tweet's favorites are never expanded. One row, or none when the viewer does not exist.
MATCH (viewer:User {id: $viewerId})
CALL (viewer) {
  UNWIND $tweetIds AS tweetId
  MATCH (tweet:Tweet {id: tweetId})
  WHERE EXISTS { (viewer)-[:FAVORITED]->(tweet) }
  RETURN collect(tweetId) AS favorited
}
CALL (viewer) {
  UNWIND $userIds AS userId
  MATCH (user:User {id: userId})
  WHERE EXISTS { (viewer)-[:FOLLOWS]->(user) }
  RETURN collect(userId) AS followed
}
RETURN favorited, followed
