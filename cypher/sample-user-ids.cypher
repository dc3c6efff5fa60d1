// Up to $limit user ids from $fromId on, in id order: a sample that starts at a random id reads
// the unique index from there instead of sorting every user.
MATCH (user:User)
WHERE user.id >= $fromId
RETURN user.id AS id
ORDER BY user.id
LIMIT $limit
