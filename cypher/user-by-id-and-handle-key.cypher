// The user a sign-up's retried create made before its answer was lost: the same id and handle, or
// nothing (the handle is someone else's).
MATCH (user:User {id: $id})
WHERE user.handleKey = $handleKey
RETURN properties(user) AS user
