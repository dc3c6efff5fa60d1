// Bulk loading: each author's tweets with their POSTED edges and final favorite counts, already
// fanned out (no outbox mark: cached timelines are rebuilt from Neo4j on their first read), and the
// seed's progress in the same transaction. One author lookup for all their tweets.
UNWIND $authors AS seed
MATCH (author:User {id: seed.authorId})
UNWIND seed.tweets AS tweet
CREATE (author)-[:POSTED]->(:Tweet {
  id: tweet.id, text: tweet.text, createdAt: tweet.createdAt, authorId: seed.authorId,
  favoriteCount: tweet.favoriteCount, version: 0
})
WITH count(*) AS created
MATCH (run:SeedRun)
SET run += $progress
RETURN created
