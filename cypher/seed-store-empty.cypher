// Whether the store holds anything besides a seed run's record: a seed only loads an empty store.
OPTIONAL MATCH (node)
WHERE NOT node:SeedRun
WITH node LIMIT 1
RETURN node IS NULL AS empty
