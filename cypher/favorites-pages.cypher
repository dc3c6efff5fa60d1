// One page of each user's favorites, most recently favorited first.
UNWIND $requests AS request
CALL (request) {
  MATCH (:User {id: request.ownerId})-[favorited:FAVORITED]->(tweet:Tweet)
  WHERE favorited.at < request.beforeAt OR (favorited.at = request.beforeAt AND tweet.id < request.beforeId)
  RETURN tweet, favorited.at AS at
  ORDER BY at DESC, tweet.id DESC
  LIMIT $limit
}
RETURN request.key AS key, properties(tweet) AS tweet, at
