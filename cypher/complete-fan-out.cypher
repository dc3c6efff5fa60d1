// Found through the unique id index, not a scan of the pending label: a backlog must not slow it.
MATCH (tweet:Tweet {id: $tweetId})
REMOVE tweet:FanOutPending
