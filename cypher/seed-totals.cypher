// What a seed left in the store: node and relationship totals (from Neo4j's count store) and how
// many users and tweets have a stored count that differs from their relationships (degree lookups).
CALL () { MATCH (user:User) RETURN count(user) AS users }
CALL () { MATCH (tweet:Tweet) RETURN count(tweet) AS tweets }
CALL () { MATCH ()-[follow:FOLLOWS]->() RETURN count(follow) AS follows }
CALL () { MATCH ()-[favorite:FAVORITED]->() RETURN count(favorite) AS favorites }
CALL () {
  MATCH (user:User)
  WHERE user.followerCount <> COUNT { (user)<-[:FOLLOWS]-() }
     OR user.followingCount <> COUNT { (user)-[:FOLLOWS]->() }
     OR user.tweetCount <> COUNT { (user)-[:POSTED]->() }
  RETURN count(user) AS wrongUserCounts
}
CALL () {
  MATCH (tweet:Tweet)
  WHERE tweet.favoriteCount <> COUNT { (tweet)<-[:FAVORITED]-() }
  RETURN count(tweet) AS wrongTweetCounts
}
RETURN users, tweets, follows, favorites, wrongUserCounts, wrongTweetCounts
