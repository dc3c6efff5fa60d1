// authorId repeats the POSTED edge on the tweet for the (authorId, id) index that pages profiles.
MATCH (author:User {id: $authorId})
SET author._lock = true REMOVE author._lock
CREATE (author)-[:POSTED]->(tweet:Tweet {id: $id, text: $text, createdAt: $createdAt, authorId: $authorId, favoriteCount: 0})
SET author.tweetCount = author.tweetCount + 1
RETURN properties(tweet) AS tweet
