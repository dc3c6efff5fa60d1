// Tweets whose fan-out has not been confirmed, oldest first, made before $before, with their
// author's record for the live events the redone fan-out publishes.
MATCH (tweet:FanOutPending)
WHERE tweet.createdAt < $before
WITH tweet ORDER BY tweet.id LIMIT $limit
MATCH (author:User {id: tweet.authorId})
RETURN properties(tweet) AS tweet, author.followerCount AS authorFollowerCount, properties(author) AS author
