UNWIND $ids AS id
MATCH (user:User {id: id})
RETURN properties(user) AS user
