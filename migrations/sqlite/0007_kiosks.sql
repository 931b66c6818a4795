-- Self-service kiosks: registered by an admin, enrolled once with a one-time code,
-- then recognised by a device credential (only its keyed hash is stored).

CREATE TABLE kiosks (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT NOT NULL UNIQUE,
    location          TEXT NOT NULL,
    enrol_code_hash   TEXT,
    enrol_expires_at  BIGINT,
    credential_hash   TEXT UNIQUE,
    enrolled_at       BIGINT,
    -- 'self_service' or 'assisted' (a member of staff is helping).
    mode              TEXT NOT NULL DEFAULT 'self_service' CHECK (mode IN ('self_service', 'assisted')),
    assisted_by       BIGINT REFERENCES staff (id),
    last_seen_at      BIGINT,
    created_at        BIGINT NOT NULL,
    revoked_at        BIGINT
);
