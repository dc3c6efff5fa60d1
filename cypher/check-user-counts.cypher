// Users whose stored counts differ from their relationships, in id order after $afterId (a full
// scan in pages). COUNT {} of a single relationship pattern reads the node's degree from the store
// instead of walking its edges, so a user with millions of followers costs what one with ten does.
MATCH (user:User)
WHERE user.id > $afterId
WITH user ORDER BY user.id LIMIT $limit
WITH user,
  COUNT { (user)<-[:FOLLOWS]-() } AS followerCount,
  COUNT { (user)-[:FOLLOWS]->() } AS followingCount,
  COUNT { (user)-[:POSTED]->() } AS tweetCount
RETURN user.id AS id,
  user.followerCount <> followerCount OR user.followingCount <> followingCount OR user.tweetCount <> tweetCount AS wrong,
  [user.followerCount, user.followingCount, user.tweetCount] AS stored,
  [followerCount, followingCount, tweetCount] AS counted
