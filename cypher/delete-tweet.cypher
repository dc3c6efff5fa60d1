// Lock the author first, then look for the tweet: of two concurrent deletes, the second finds
// nothing and the tweet count drops once.
MATCH (author:User {id: $authorId})
SET author._lock = true REMOVE author._lock
WITH author
MATCH (author)-[:POSTED]->(tweet:Tweet {id: $tweetId})
SET author.tweetCount = author.tweetCount - 1, author.version = coalesce(author.version, 0) + 1
DETACH DELETE tweet
WITH author, count(*) AS deleted
RETURN deleted, properties(author) AS author
