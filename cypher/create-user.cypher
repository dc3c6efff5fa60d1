// version counts the node's writes, so a cache never lets an older copy replace a newer one.
// Counts start at zero and live on the node, updated with every relationship change.
CREATE (user:User {
  id: $id,
  handle: $handle,
  handleKey: $handleKey,
  displayName: $displayName,
  bio: '',
  passwordHash: $passwordHash,
  createdAt: $createdAt,
  followerCount: 0,
  followingCount: 0,
  tweetCount: 0,
  version: 0
})
RETURN properties(user) AS user
