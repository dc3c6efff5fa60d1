// Records the shape of a new seed run (the first batch of a resumed run finds it already there).
MERGE (run:SeedRun)
ON CREATE SET run += $run
RETURN properties(run) AS run
