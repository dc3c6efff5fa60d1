// Bulk loading for benchmarks and large tests: users with zero counts and no usable password.
UNWIND $users AS seed
CREATE (:User {
  id: seed.id, handle: seed.handle, handleKey: toLower(seed.handle), displayName: seed.handle, bio: '',
  passwordHash: '', createdAt: $createdAt, followerCount: 0, followingCount: 0, tweetCount: 0, version: 0
})
