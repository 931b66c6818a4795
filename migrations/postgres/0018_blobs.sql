-- Files kept in the database (issue 17): attachments and receipt PDFs by their SHA-256,
-- so every node on this database reads what any node wrote (MOTCUA_BLOB_STORE=database,
-- the default with PostgreSQL).
CREATE TABLE blobs (
    sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    bytes       BYTEA NOT NULL,
    size_bytes  BIGINT NOT NULL CHECK (size_bytes >= 0)
);
