// One page of each tweet's favoriters, most recent first.
UNWIND $requests AS request
CALL (request) {
  MATCH (:Tweet {id: request.ownerId})<-[favorited:FAVORITED]-(user:User)
  WHERE favorited.at < request.beforeAt OR (favorited.at = request.beforeAt AND user.id < request.beforeId)
  RETURN user, favorited.at AS at
  ORDER BY at DESC, user.id DESC
  LIMIT $limit
}
RETURN request.key AS key, properties(user) AS user, at
