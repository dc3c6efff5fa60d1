// Sets each user's counts to their relationships (under the user's lock, as every count change
// takes it) and bumps the version, so caches take the repaired copy over any older one.
UNWIND $ids AS id
MATCH (user:User {id: id})
SET user._lock = true REMOVE user._lock
SET user.followerCount = COUNT { (user)<-[:FOLLOWS]-() },
    user.followingCount = COUNT { (user)-[:FOLLOWS]->() },
    user.tweetCount = COUNT { (user)-[:POSTED]->() },
    user.version = coalesce(user.version, 0) + 1
RETURN properties(user) AS user
