// Bulk loading: users with their final counts (the seed knows every relationship it will load),
// all with one password hash, and the seed's progress in the same transaction.
UNWIND $users AS seed
CREATE (:User {
  id: seed.id, handle: seed.handle, handleKey: toLower(seed.handle), displayName: seed.displayName, bio: '',
  passwordHash: $passwordHash, createdAt: seed.createdAt,
  followerCount: seed.followerCount, followingCount: seed.followingCount, tweetCount: seed.tweetCount, version: 0
})
WITH count(*) AS created
MATCH (run:SeedRun)
SET run += $progress
RETURN created
