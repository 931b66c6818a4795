-- Fee notices (thông báo phí) and their payment attempts.

CREATE TABLE fee_notices (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id   BIGINT NOT NULL REFERENCES dossiers (id),
    agency_id    BIGINT NOT NULL REFERENCES agencies (id),
    amount_vnd   BIGINT NOT NULL CHECK (amount_vnd > 0),
    status       TEXT NOT NULL CHECK (status IN ('unpaid', 'paid', 'cancelled')),
    created_at   BIGINT NOT NULL,
    paid_at      BIGINT
);
CREATE INDEX fee_notices_dossier ON fee_notices (dossier_id);

CREATE TABLE fee_notice_lines (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    notice_id    BIGINT NOT NULL REFERENCES fee_notices (id),
    position     BIGINT NOT NULL,
    name         TEXT NOT NULL,
    amount_vnd   BIGINT NOT NULL,
    unit         TEXT NOT NULL,
    legal_basis  TEXT NOT NULL
);

CREATE TABLE payment_attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    notice_id    BIGINT NOT NULL REFERENCES fee_notices (id),
    reference    TEXT NOT NULL UNIQUE,
    amount_vnd   BIGINT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'expired', 'failed', 'cancelled')),
    provider     TEXT NOT NULL,
    qr_payload   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX payment_attempts_notice ON payment_attempts (notice_id, status);
