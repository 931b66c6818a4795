-- Dossiers: drafts and submitted dossiers, their daily code counters, history and files.

CREATE TABLE dossiers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    -- NULL while a draft; '<agency>-YYMMDD-NNNN' once submitted.
    code            TEXT UNIQUE,
    procedure_id    BIGINT NOT NULL REFERENCES procedures (id),
    agency_id       BIGINT NOT NULL REFERENCES agencies (id),
    citizen_id      BIGINT NOT NULL REFERENCES citizens (id),
    status          TEXT NOT NULL,
    channel         TEXT NOT NULL,
    -- Canonical form values as a JSON object of strings.
    form_json       TEXT NOT NULL,
    applicant_name  TEXT NOT NULL DEFAULT '',
    applicant_phone TEXT NOT NULL DEFAULT '',
    fee_due_vnd     BIGINT NOT NULL DEFAULT 0,
    -- The officer's latest note the citizen must read (supplement, refusal, stop).
    citizen_note    TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    submitted_at    BIGINT,
    updated_at      BIGINT NOT NULL,
    due_date        TEXT
);
CREATE INDEX dossiers_citizen ON dossiers (citizen_id, updated_at);
CREATE INDEX dossiers_agency_queue ON dossiers (agency_id, status, submitted_at);

-- Daily sequence per agency, allocated inside the submitting transaction.
CREATE TABLE dossier_counters (
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    day        TEXT NOT NULL,
    last_seq   BIGINT NOT NULL,
    PRIMARY KEY (agency_id, day)
);

CREATE TABLE dossier_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id   BIGINT NOT NULL REFERENCES dossiers (id),
    at           BIGINT NOT NULL,
    action       TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    actor_kind   TEXT NOT NULL CHECK (actor_kind IN ('citizen', 'staff', 'system')),
    actor_id     BIGINT,
    actor_name   TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dossier_events_dossier ON dossier_events (dossier_id, id);

CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id    BIGINT NOT NULL REFERENCES dossiers (id),
    file_name     TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('pdf', 'jpeg', 'png')),
    size_bytes    BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    uploaded_at   BIGINT NOT NULL,
    uploaded_by   TEXT NOT NULL,
    -- 0 with the first submission, n for the n-th supplement.
    round         BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX attachments_dossier ON attachments (dossier_id);
