UNWIND $handleKeys AS handleKey
MATCH (user:User {handleKey: handleKey})
RETURN properties(user) AS user
