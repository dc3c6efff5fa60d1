// A user's followers' ids in lists of $size: a few list rows decode far faster than one row per
// follower, and a fan-out can push the first list while the rest are sent and decoded.
MATCH (:User {id: $userId})<-[:FOLLOWS]-(follower:User)
WITH collect(follower.id) AS ids
UNWIND range(0, size(ids) - 1, $size) AS start
RETURN ids[start..start + $size] AS ids
