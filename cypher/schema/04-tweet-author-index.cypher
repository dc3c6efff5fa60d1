// An author's tweets newest first, read straight off the index in order: profile pages and the
// read-time home timeline seek here instead of expanding and sorting every POSTED relationship.
// Tweet ids are UUIDv7, so id order is creation order.
CREATE RANGE INDEX tweet_author_id IF NOT EXISTS FOR (tweet:Tweet) ON (tweet.authorId, tweet.id)
