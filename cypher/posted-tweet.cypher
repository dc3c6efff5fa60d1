// The tweet an earlier post of the same request stored, found by its id (the driver retried a
// create whose commit went through but whose answer was lost) or by the author's client key (the
// client retried with the same clientMutationId), answered as create-tweet answers, with whether
// its fan-out is still to do. Both lookups are unique-index seeks.
CALL {
  MATCH (tweet:Tweet {id: $id})
  RETURN tweet
  UNION
  MATCH (tweet:Tweet {clientKey: $clientKey})
  RETURN tweet
}
WITH tweet
WHERE tweet.authorId = $authorId
MATCH (author:User {id: $authorId})
RETURN properties(tweet) AS tweet, author.followerCount AS authorFollowerCount, properties(author) AS author, tweet:FanOutPending AS fanOutPending
LIMIT 1
