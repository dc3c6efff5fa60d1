MATCH (tweet:FanOutPending {id: $tweetId})
REMOVE tweet:FanOutPending
