-- Foundation: banks, catalog, citizens, OTP, sessions, staff, SMS outbox, audit log.
-- Times are Unix seconds (INTEGER); flags are 0/1; dates are 'YYYY-MM-DD' text.

CREATE TABLE banks (
    bin         TEXT PRIMARY KEY NOT NULL,
    short_name  TEXT NOT NULL,
    code        TEXT NOT NULL,
    swift       TEXT NOT NULL DEFAULT '',
    legal_name  TEXT NOT NULL
);

CREATE TABLE agencies (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    code             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    name_en          TEXT NOT NULL DEFAULT '',
    level            TEXT NOT NULL CHECK (level IN ('tinh', 'xa')),
    parent_code      TEXT,
    tax_code         TEXT NOT NULL DEFAULT '',
    bank_bin         TEXT REFERENCES banks (bin),
    account_number   TEXT NOT NULL DEFAULT '',
    account_name     TEXT NOT NULL DEFAULT '',
    receipt_template TEXT NOT NULL DEFAULT '',
    receipt_series   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE fields (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    slug     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    name_en  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE procedures (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    code             TEXT NOT NULL UNIQUE,
    code_verified    INTEGER NOT NULL DEFAULT 1,
    name             TEXT NOT NULL,
    name_en          TEXT NOT NULL DEFAULT '',
    level            TEXT NOT NULL CHECK (level IN ('tinh', 'xa')),
    field_id         INTEGER NOT NULL REFERENCES fields (id),
    agency_id        INTEGER NOT NULL REFERENCES agencies (id),
    online_payment   INTEGER NOT NULL DEFAULT 0,
    processing_days  INTEGER NOT NULL DEFAULT 0,
    documents        TEXT NOT NULL DEFAULT '[]',
    form_schema      TEXT NOT NULL DEFAULT '{"fields":[]}',
    fee_summary      TEXT NOT NULL DEFAULT '',
    fee_note         TEXT NOT NULL DEFAULT '',
    source           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX procedures_agency ON procedures (agency_id);
CREATE INDEX procedures_field ON procedures (field_id);

CREATE TABLE fee_lines (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    procedure_id       INTEGER NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
    position           INTEGER NOT NULL,
    name               TEXT NOT NULL,
    amount_vnd         INTEGER NOT NULL CHECK (amount_vnd >= 0),
    online_amount_vnd  INTEGER CHECK (online_amount_vnd >= 0),
    unit               TEXT NOT NULL,
    legal_basis        TEXT NOT NULL,
    valid_from         TEXT NOT NULL
);
CREATE INDEX fee_lines_procedure ON fee_lines (procedure_id);

CREATE TABLE citizens (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    phone          TEXT NOT NULL UNIQUE,
    full_name      TEXT NOT NULL,
    date_of_birth  TEXT NOT NULL,
    national_id    TEXT NOT NULL UNIQUE,
    created_at     INTEGER NOT NULL
);

CREATE TABLE otp_challenges (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    phone           TEXT NOT NULL,
    code_hash       TEXT NOT NULL,
    client_ip       TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    wrong_attempts  INTEGER NOT NULL DEFAULT 0,
    consumed        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX otp_challenges_phone ON otp_challenges (phone, created_at);
CREATE INDEX otp_challenges_ip ON otp_challenges (client_ip, created_at);

CREATE TABLE rate_events (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT NOT NULL,
    subject  TEXT NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX rate_events_lookup ON rate_events (kind, subject, at);

CREATE TABLE staff (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    phone          TEXT NOT NULL UNIQUE,
    full_name      TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('officer', 'manager', 'admin')),
    agency_id      INTEGER REFERENCES agencies (id),
    password_hash  TEXT NOT NULL,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY NOT NULL,
    subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('citizen', 'staff')),
    subject_id    INTEGER NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('web', 'api')),
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
);
CREATE INDEX sessions_subject ON sessions (subject_kind, subject_id);

CREATE TABLE sms_outbox (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    to_phone TEXT NOT NULL,
    body     TEXT NOT NULL,
    sent_at  INTEGER NOT NULL
);
CREATE INDEX sms_outbox_phone ON sms_outbox (to_phone, id);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
