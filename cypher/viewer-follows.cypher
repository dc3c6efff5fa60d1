// Which of $userIds the viewer follows. Both ends are bound, so Neo4j checks the edge from the
// side with fewer relationships: a celebrity's million followers are never expanded.
MATCH (viewer:User {id: $viewerId})
UNWIND $userIds AS userId
MATCH (viewer)-[:FOLLOWS]->(user:User {id: userId})
RETURN userId
