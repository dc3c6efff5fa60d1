// Log out everywhere: every token issued before this write carries a lower tokenVersion and is
// refused from now on. version counts the node's writes, for the record cache.
MATCH (user:User {id: $id})
SET user.tokenVersion = coalesce(user.tokenVersion, 0) + 1,
    user.version = coalesce(user.version, 0) + 1
RETURN properties(user) AS user
