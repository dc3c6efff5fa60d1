// The seed run recorded in this store, if any: its shape (users, seed, until) and how far each
// phase got. Batches advance it in their own transaction, so it is never ahead of or behind the data.
OPTIONAL MATCH (run:SeedRun)
RETURN properties(run) AS run
