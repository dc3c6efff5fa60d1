// Tweets in id order after $afterId, with what their invariants need: the stored favorite count
// against the FAVORITED degree, and the authors they were POSTED by against the authorId property
// (one author each, the one authorId names).
MATCH (tweet:Tweet)
WHERE tweet.id > $afterId
WITH tweet ORDER BY tweet.id LIMIT $limit
RETURN tweet.id AS id,
  tweet.favoriteCount AS storedFavorites,
  COUNT { ()-[:FAVORITED]->(tweet) } AS countedFavorites,
  tweet.authorId AS authorId,
  [(author:User)-[:POSTED]->(tweet) | author.id] AS postedBy
