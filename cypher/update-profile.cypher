// Absent fields (null) keep their value.
MATCH (user:User {id: $id})
SET user.displayName = coalesce($displayName, user.displayName),
    user.bio = coalesce($bio, user.bio),
    user.version = coalesce(user.version, 0) + 1
RETURN properties(user) AS user
