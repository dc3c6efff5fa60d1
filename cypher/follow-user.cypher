// Lock both users (in id order, so two opposite follows cannot deadlock) before looking for the
// edge: concurrent follows of one pair then run one after another and the second finds the first.
MATCH (follower:User {id: $followerId})
MATCH (followee:User {id: $followeeId})
FOREACH (user IN CASE WHEN follower.id < followee.id THEN [follower, followee] ELSE [followee, follower] END |
  SET user._lock = true REMOVE user._lock)
WITH follower, followee
OPTIONAL MATCH (follower)-[existing:FOLLOWS]->(followee)
CALL (follower, followee, existing) {
  WITH * WHERE existing IS NULL
  CREATE (follower)-[:FOLLOWS {at: $at}]->(followee)
  SET follower.followingCount = follower.followingCount + 1,
      followee.followerCount = followee.followerCount + 1,
      follower.version = coalesce(follower.version, 0) + 1,
      followee.version = coalesce(followee.version, 0) + 1
  // Crossing the celebrity threshold changes how every follower's timeline gets this user's tweets:
  // recorded in this transaction (an outbox), settled by the timelines, redone after a crash.
  // $celebrityMinFollowers comes from the domain's CelebrityPolicy: this follow made a celebrity.
  FOREACH (_ IN CASE WHEN followee.followerCount = $celebrityMinFollowers THEN [1] ELSE [] END |
    SET followee:CelebrityChangePending)
}
RETURN properties(followee) AS user, properties(follower) AS follower, existing IS NULL AS changed, followee:CelebrityChangePending AS celebrityChangePending
