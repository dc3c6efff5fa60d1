MATCH (user:CelebrityChangePending)
RETURN user.id AS id
LIMIT $limit
