// Users by follower count: "who to follow" reads the most-followed off this index in order
// instead of scanning and sorting every user.
CREATE RANGE INDEX user_follower_count IF NOT EXISTS FOR (user:User) ON (user.followerCount)
