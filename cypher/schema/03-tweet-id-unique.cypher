CREATE CONSTRAINT tweet_id_unique IF NOT EXISTS FOR (tweet:Tweet) REQUIRE tweet.id IS UNIQUE
