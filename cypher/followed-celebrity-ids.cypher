// The accounts a user follows whose tweets are merged at read time instead of fanned out.
MATCH (:User {id: $userId})-[:FOLLOWS]->(celebrity:User)
WHERE celebrity.followerCount >= $celebrityMinFollowers
RETURN celebrity.id AS id
