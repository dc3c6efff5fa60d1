MATCH (user:CelebrityChangePending {id: $userId})
REMOVE user:CelebrityChangePending
