// handleKey is the lower-cased handle: handles are unique regardless of case.
CREATE CONSTRAINT user_handle_key_unique IF NOT EXISTS FOR (user:User) REQUIRE user.handleKey IS UNIQUE
