-- Electronic fee receipts: one series per agency, numbered from 1 each year.

CREATE TABLE receipt_counters (
    agency_id    BIGINT NOT NULL REFERENCES agencies (id),
    year         BIGINT NOT NULL,
    last_number  BIGINT NOT NULL,
    PRIMARY KEY (agency_id, year)
);

CREATE TABLE receipts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id        BIGINT NOT NULL REFERENCES agencies (id),
    notice_id        BIGINT NOT NULL UNIQUE REFERENCES fee_notices (id),
    attempt_id       BIGINT NOT NULL REFERENCES payment_attempts (id),
    year             BIGINT NOT NULL,
    number           BIGINT NOT NULL CHECK (number BETWEEN 1 AND 99999999),
    template_symbol  TEXT NOT NULL,
    series_symbol    TEXT NOT NULL,
    token            TEXT NOT NULL UNIQUE,
    issued_at        BIGINT NOT NULL,
    -- The receipt as issued (JSON) and the server's Ed25519 signature over it.
    content          TEXT NOT NULL,
    signature        TEXT NOT NULL,
    public_key       TEXT NOT NULL,
    -- The original PDF, once delivered; later deliveries are copies ("Bản sao").
    pdf_sha256       TEXT,
    print_count      BIGINT NOT NULL DEFAULT 0,
    status           TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'cancelled', 'replaced')),
    UNIQUE (agency_id, year, number)
);
CREATE INDEX receipts_attempt ON receipts (attempt_id);
