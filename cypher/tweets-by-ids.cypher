UNWIND $ids AS id
MATCH (tweet:Tweet {id: id})
RETURN properties(tweet) AS tweet
