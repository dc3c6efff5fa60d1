// Bulk loading: follows known to be new, grouped by follower (one lookup for all their followees),
// with no locks and no count updates (the users were created with their final counts: updating a
// celebrity's count per row would serialize on one node), and the seed's progress in the same
// transaction, so a resumed run neither repeats nor skips a batch.
UNWIND $followers AS seed
MATCH (follower:User {id: seed.followerId})
UNWIND range(0, size(seed.followeeIds) - 1) AS position
MATCH (followee:User {id: seed.followeeIds[position]})
CREATE (follower)-[:FOLLOWS {at: seed.ats[position]}]->(followee)
WITH count(*) AS created
MATCH (run:SeedRun)
SET run += $progress
RETURN created
