-- The payment core (issue 16): two more kinds of exception, one live attempt per notice
-- and provider enforced by the database, and the record that settles a notice from an
-- exception (a staff match, or a late credit accepted) points at that exception instead
-- of resurrecting an expired attempt.
ALTER TABLE payment_exceptions DROP CONSTRAINT payment_exceptions_kind_check;
ALTER TABLE payment_exceptions ADD CONSTRAINT payment_exceptions_kind_check CHECK (kind IN
    ('unknown_reference', 'wrong_account', 'wrong_amount', 'late', 'notice_paid', 'duplicate'));

-- Before the index: of several live attempts of one notice and provider (possible when
-- two starts raced), the newest stays live.
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
