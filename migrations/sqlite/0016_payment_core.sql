-- The payment core (issue 16): two more kinds of exception, one live attempt per notice
-- and provider enforced by the database, and the record that settles a notice from an
-- exception (a staff match, or a late credit accepted) points at that exception instead
-- of resurrecting an expired attempt.
--
-- SQLite cannot change a CHECK constraint, so payment_exceptions is rebuilt the way
-- 0014 rebuilt citizens: inside sqlx's transaction, foreign keys deferred to the
-- commit, the rows kept aside and put back with their ids.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE payment_exceptions_kept AS SELECT * FROM payment_exceptions;
CREATE TABLE payment_exceptions_rebuilt (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    notification_id  BIGINT NOT NULL REFERENCES bank_notifications (id),
    kind             TEXT NOT NULL CHECK (kind IN
        ('unknown_reference', 'wrong_account', 'wrong_amount', 'late', 'notice_paid', 'duplicate')),
    attempt_id       BIGINT REFERENCES payment_attempts (id),
    amount_vnd       BIGINT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open',
    created_at       BIGINT NOT NULL,
    resolution       TEXT,
    reason           TEXT NOT NULL DEFAULT '',
    resolved_by      BIGINT REFERENCES staff (id),
    resolved_at      BIGINT
);
DROP TABLE payment_exceptions;
ALTER TABLE payment_exceptions_rebuilt RENAME TO payment_exceptions;
INSERT INTO payment_exceptions (id, notification_id, kind, attempt_id, amount_vnd, status,
        created_at, resolution, reason, resolved_by, resolved_at)
    SELECT id, notification_id, kind, attempt_id, amount_vnd, status, created_at, resolution,
        reason, resolved_by, resolved_at FROM payment_exceptions_kept;
DROP TABLE payment_exceptions_kept;
CREATE INDEX payment_exceptions_open ON payment_exceptions (status, created_at);

-- Before the index: of several live attempts of one notice and provider, the newest
-- stays live.
UPDATE payment_attempts SET status = 'cancelled'
    WHERE status = 'pending' AND id NOT IN
        (SELECT MAX(id) FROM payment_attempts WHERE status = 'pending' GROUP BY notice_id, provider);
CREATE UNIQUE INDEX payment_attempts_one_live ON payment_attempts (notice_id, provider)
    WHERE status = 'pending';

ALTER TABLE payment_attempts ADD COLUMN exception_id BIGINT REFERENCES payment_exceptions (id);
-- Records made before: a staff match was the attempt named 'NH' || the exception id; an
-- accepted late credit paid the exception's own attempt.
UPDATE payment_attempts SET exception_id = (
    SELECT e.id FROM payment_exceptions e
    WHERE (e.resolution = 'matched' AND payment_attempts.reference = 'NH' || CAST(e.id AS TEXT))
       OR (e.resolution = 'accepted_late' AND e.attempt_id = payment_attempts.id)
    ORDER BY e.id LIMIT 1)
WHERE status = 'paid';
