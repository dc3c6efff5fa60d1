MATCH (viewer:User {id: $viewerId})
UNWIND $tweetIds AS tweetId
MATCH (viewer)-[:FAVORITED]->(tweet:Tweet {id: tweetId})
RETURN tweetId
