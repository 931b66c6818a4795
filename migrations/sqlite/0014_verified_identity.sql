-- A citizen ID number (CCCD) typed by a citizen is a claim: it no longer has to be unique,
-- so it never blocks another registration. It becomes verified when an officer checks the
-- card in person (at the desk or in guided assistance: `how`, `by`, `at`), and only one
-- account holds a number verified (domain::identity; services::identity).
--
-- SQLite cannot drop a column's UNIQUE constraint, so the table is rebuilt. The migration
-- runs in sqlx's transaction, where `PRAGMA foreign_keys` cannot be changed: the foreign
-- keys are deferred to the commit instead, the rows kept aside while the old table is
-- dropped (its children's references now point at nothing), and put back, with their
-- ids, into the new table of the same name (their children's references hold again),
-- so the commit finds every key satisfied.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE citizens_kept AS
    SELECT id, phone, full_name, date_of_birth, national_id, created_at FROM citizens;
CREATE TABLE citizens_rebuilt (
    id                        INTEGER PRIMARY KEY AUTOINCREMENT,
    phone                     TEXT NOT NULL UNIQUE,
    full_name                 TEXT NOT NULL,
    date_of_birth             TEXT NOT NULL,
    national_id               TEXT NOT NULL,
    created_at                INTEGER NOT NULL,
    national_id_verified_at   BIGINT,
    national_id_verified_by   BIGINT REFERENCES staff (id),
    national_id_verified_how  TEXT CHECK (national_id_verified_how IN ('desk', 'assist'))
);
DROP TABLE citizens;
ALTER TABLE citizens_rebuilt RENAME TO citizens;
INSERT INTO citizens (id, phone, full_name, date_of_birth, national_id, created_at)
    SELECT id, phone, full_name, date_of_birth, national_id, created_at FROM citizens_kept;
DROP TABLE citizens_kept;
CREATE INDEX citizens_national_id ON citizens (national_id);
CREATE UNIQUE INDEX citizens_verified_national_id ON citizens (national_id)
    WHERE national_id_verified_at IS NOT NULL;
