-- A citizen ID number (CCCD) typed by a citizen is a claim: it no longer has to be unique,
-- so it never blocks another registration. It becomes verified when an officer checks the
-- card in person (at the desk or in guided assistance: `how`, `by`, `at`), and only one
-- account holds a number verified (domain::identity; services::identity).
ALTER TABLE citizens DROP CONSTRAINT citizens_national_id_key;
ALTER TABLE citizens ADD COLUMN national_id_verified_at BIGINT;
ALTER TABLE citizens ADD COLUMN national_id_verified_by BIGINT REFERENCES staff (id);
ALTER TABLE citizens ADD COLUMN national_id_verified_how TEXT
    CHECK (national_id_verified_how IN ('desk', 'assist'));
CREATE INDEX citizens_national_id ON citizens (national_id);
CREATE UNIQUE INDEX citizens_verified_national_id ON citizens (national_id)
    WHERE national_id_verified_at IS NOT NULL;
