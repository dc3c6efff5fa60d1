// Outbox entries a running server should have settled by now: tweets still FanOutPending that
// were made before $before, and users whose celebrity change is still pending.
CALL () {
  MATCH (tweet:FanOutPending) WHERE tweet.createdAt < $before
  RETURN count(tweet) AS fanOuts
}
CALL () {
  MATCH (user:CelebrityChangePending)
  RETURN count(user) AS celebrityChanges
}
RETURN fanOuts, celebrityChanges
