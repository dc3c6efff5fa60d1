// One page of followees for each request, most recent follow first.
UNWIND $requests AS request
CALL (request) {
  MATCH (:User {id: request.ownerId})-[follows:FOLLOWS]->(user:User)
  WHERE follows.at < request.beforeAt OR (follows.at = request.beforeAt AND user.id < request.beforeId)
  RETURN user, follows.at AS at
  ORDER BY at DESC, user.id DESC
  LIMIT $limit
}
RETURN request.key AS key, properties(user) AS user, at
