-- Files kept in the database (issue 17): attachments and receipt PDFs by their SHA-256
-- (MOTCUA_BLOB_STORE=database; with SQLite the directory store is the default).
CREATE TABLE blobs (
    sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    bytes       BLOB NOT NULL,
    size_bytes  INTEGER NOT NULL CHECK (size_bytes >= 0)
);
