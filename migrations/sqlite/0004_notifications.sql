-- Bank credit notifications, kept raw, and the exceptions staff must resolve.

CREATE TABLE bank_notifications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    provider        TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    raw_body        TEXT NOT NULL,
    received_at     BIGINT NOT NULL,
    amount_vnd      BIGINT NOT NULL,
    content         TEXT NOT NULL,
    account_number  TEXT NOT NULL,
    reference_code  TEXT NOT NULL,
    -- 'matched' or 'exception'
    outcome         TEXT NOT NULL,
    attempt_id      BIGINT REFERENCES payment_attempts (id),
    UNIQUE (provider, event_id)
);

CREATE TABLE payment_exceptions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    notification_id  BIGINT NOT NULL REFERENCES bank_notifications (id),
    kind             TEXT NOT NULL CHECK (kind IN ('unknown_reference', 'wrong_amount', 'late', 'duplicate')),
    attempt_id       BIGINT REFERENCES payment_attempts (id),
    amount_vnd       BIGINT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open',
    created_at       BIGINT NOT NULL
);
CREATE INDEX payment_exceptions_open ON payment_exceptions (status, created_at);

ALTER TABLE payment_attempts ADD COLUMN paid_at BIGINT;
ALTER TABLE fee_notices ADD COLUMN paid_attempt_id BIGINT REFERENCES payment_attempts (id);
