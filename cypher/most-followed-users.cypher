// The most-followed users, read off the follower-count index from its high end and stopped at
// $limit (the predicate lets the planner use the index for the order): who to follow.
MATCH (user:User)
WHERE user.followerCount >= 0
RETURN user.id AS id
ORDER BY user.followerCount DESC
LIMIT $limit
