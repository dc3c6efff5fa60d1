// Bulk loading: tweets with their POSTED edges and counts, already fanned out (no outbox mark).
UNWIND $tweets AS seed
MATCH (author:User {id: seed.authorId})
CREATE (author)-[:POSTED]->(:Tweet {id: seed.id, text: seed.text, createdAt: seed.createdAt, authorId: seed.authorId, favoriteCount: 0, version: 0})
SET author.tweetCount = author.tweetCount + 1, author.version = author.version + 1
