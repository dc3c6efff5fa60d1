MATCH (:User {id: $userId})<-[:FOLLOWS]-(follower:User)
RETURN follower.id AS id
