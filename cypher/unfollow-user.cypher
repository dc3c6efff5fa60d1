// Same locking as follow-user: the edge is looked for only once both counts are ours to change.
MATCH (follower:User {id: $followerId})
MATCH (followee:User {id: $followeeId})
FOREACH (user IN CASE WHEN follower.id < followee.id THEN [follower, followee] ELSE [followee, follower] END |
  SET user._lock = true REMOVE user._lock)
WITH follower, followee
OPTIONAL MATCH (follower)-[existing:FOLLOWS]->(followee)
CALL (follower, followee, existing) {
  WITH * WHERE existing IS NOT NULL
  DELETE existing
  SET follower.followingCount = follower.followingCount - 1,
      followee.followerCount = followee.followerCount - 1,
      follower.version = coalesce(follower.version, 0) + 1,
      followee.version = coalesce(followee.version, 0) + 1
  // See follow-user: one below the minimum, so this unfollow ended a celebrity.
  FOREACH (_ IN CASE WHEN followee.followerCount = $celebrityMinFollowers - 1 THEN [1] ELSE [] END |
    SET followee:CelebrityChangePending)
}
RETURN properties(followee) AS user, properties(follower) AS follower, existing IS NOT NULL AS changed, followee:CelebrityChangePending AS celebrityChangePending
