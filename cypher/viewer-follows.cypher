// Which of $userIds the viewer follows. Both ends are bound before the edge is looked for, so
// Neo4j checks it from the side with fewer relationships: a celebrity's followers are never expanded.
MATCH (viewer:User {id: $viewerId})
UNWIND $userIds AS userId
MATCH (user:User {id: userId})
WITH viewer, user, userId
WHERE EXISTS { (viewer)-[:FOLLOWS]->(user) }
RETURN userId
