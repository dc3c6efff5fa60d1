// Which of $tweetIds the viewer has favorited; both ends bound, as in viewer-follows.
MATCH (viewer:User {id: $viewerId})
UNWIND $tweetIds AS tweetId
MATCH (tweet:Tweet {id: tweetId})
WITH viewer, tweet, tweetId
WHERE EXISTS { (viewer)-[:FAVORITED]->(tweet) }
RETURN tweetId
