// authorId repeats the POSTED edge on the tweet for the (authorId, id) index that pages profiles.
// FanOutPending is the outbox: set in the same transaction as the tweet, removed once the tweet is
// in its followers' cached timelines, so a crash in between is redone after restart.
MATCH (author:User {id: $authorId})
SET author._lock = true REMOVE author._lock
// clientKey null (no clientMutationId) sets no property.
CREATE (author)-[:POSTED]->(tweet:Tweet:FanOutPending {id: $id, text: $text, createdAt: $createdAt, authorId: $authorId, favoriteCount: 0, version: 0, clientKey: $clientKey})
SET author.tweetCount = author.tweetCount + 1, author.version = coalesce(author.version, 0) + 1
RETURN properties(tweet) AS tweet, author.followerCount AS authorFollowerCount, properties(author) AS author
