-- Secrets the server makes for itself (e.g. the key that signs the public contact form's
-- tokens). The first instance to need one stores it; every other instance reads the same
-- value, so a form served by one instance can be checked by another.
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL
);
