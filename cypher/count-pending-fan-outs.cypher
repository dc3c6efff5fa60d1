// The outbox's size for the metrics, every pass of the settler: a label counted with no predicate
// is answered from Neo4j's count store, reading no node however long the backlog grows.
MATCH (tweet:FanOutPending)
RETURN count(tweet) AS pending
