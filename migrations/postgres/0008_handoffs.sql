-- "Continue on your phone": a single-use link, valid 10 minutes, that signs the
-- citizen in on another device and opens the same page. Only a keyed hash is stored.
CREATE TABLE handoffs (
    token_hash  TEXT NOT NULL UNIQUE,
    citizen_id  BIGINT NOT NULL REFERENCES citizens (id),
    next_path   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
