// clientKey is `<authorId>:<clientMutationId>`, set only when postTweet was given one: a client
// that retries a post whose answer it lost gets the first tweet back instead of a second one.
// Tweets without one are not in the index.
CREATE CONSTRAINT tweet_client_key_unique IF NOT EXISTS FOR (tweet:Tweet) REQUIRE tweet.clientKey IS UNIQUE
