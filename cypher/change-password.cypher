// A new password hash ends every session: tokens carry the tokenVersion they were issued under,
// and one below the user's is refused. version counts the node's writes, for the record cache.
MATCH (user:User {id: $id})
SET user.passwordHash = $passwordHash,
    user.tokenVersion = coalesce(user.tokenVersion, 0) + 1,
    user.version = coalesce(user.version, 0) + 1
RETURN properties(user) AS user
