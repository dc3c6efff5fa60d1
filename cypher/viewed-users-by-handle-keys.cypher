// Users by lower-cased handle, each with whether $viewerId (null when signed out) follows them: a
// profile page's Follow button comes with its user, not in a round trip of its own (one
// Expand(Into), as in viewer-follows).
OPTIONAL MATCH (viewer:User {id: $viewerId})
UNWIND $handleKeys AS handleKey
MATCH (user:User {handleKey: handleKey})
RETURN properties(user) AS user, viewer IS NOT NULL AND EXISTS { (viewer)-[:FOLLOWS]->(user) } AS viewerFollows
