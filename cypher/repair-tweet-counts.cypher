// Sets each tweet's favorite count to its FAVORITED relationships, under the tweet's lock, and
// bumps the version so caches take the repaired copy.
UNWIND $ids AS id
MATCH (tweet:Tweet {id: id})
SET tweet._lock = true REMOVE tweet._lock
SET tweet.favoriteCount = COUNT { ()-[:FAVORITED]->(tweet) },
    tweet.version = coalesce(tweet.version, 0) + 1
RETURN properties(tweet) AS tweet
