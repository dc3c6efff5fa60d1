// Bulk loading: follows known to be new, with their counts. Not for concurrent use.
UNWIND $follows AS seed
MATCH (follower:User {id: seed.followerId})
MATCH (followee:User {id: seed.followeeId})
CREATE (follower)-[:FOLLOWS {at: $at}]->(followee)
SET follower.followingCount = follower.followingCount + 1,
    followee.followerCount = followee.followerCount + 1,
    follower.version = follower.version + 1,
    followee.version = followee.version + 1
