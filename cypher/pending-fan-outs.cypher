// Tweets whose fan-out has not been confirmed, oldest first, made before $before.
MATCH (tweet:FanOutPending)
WHERE tweet.createdAt < $before
WITH tweet ORDER BY tweet.id LIMIT $limit
MATCH (author:User {id: tweet.authorId})
RETURN properties(tweet) AS tweet, author.followerCount AS authorFollowerCount
