// Bulk loading: favorites known to be new, grouped by user, with no count updates (the tweets were
// created with their final favorite counts), and the seed's progress in the same transaction.
UNWIND $users AS seed
MATCH (user:User {id: seed.userId})
UNWIND range(0, size(seed.tweetIds) - 1) AS position
MATCH (tweet:Tweet {id: seed.tweetIds[position]})
CREATE (user)-[:FAVORITED {at: seed.ats[position]}]->(tweet)
WITH count(*) AS created
MATCH (run:SeedRun)
SET run += $progress
RETURN created
