-- Back office.
-- Each agency's monthly target for the share of fee-bearing dossiers paid online by
-- dynamic QR (the province's instruction: at least 30 %, then 100 %).
ALTER TABLE agencies ADD COLUMN online_target_pct BIGINT NOT NULL DEFAULT 30;

-- How staff resolved a payment exception: 'matched' (to a notice), 'accepted_late',
-- 'refund' (marked for refund), with the reason, who and when.
ALTER TABLE payment_exceptions ADD COLUMN resolution TEXT;
ALTER TABLE payment_exceptions ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE payment_exceptions ADD COLUMN resolved_by BIGINT REFERENCES staff (id);
ALTER TABLE payment_exceptions ADD COLUMN resolved_at BIGINT;

-- Staff sign-in's second factor: an authenticator app (TOTP). The secret is derived
-- from the server key and this salt, never stored; the last accepted step stops a
-- code being used twice. Challenges link the password step to the code step.
ALTER TABLE staff ADD COLUMN totp_salt TEXT;
ALTER TABLE staff ADD COLUMN totp_pending_salt TEXT;
ALTER TABLE staff ADD COLUMN totp_enabled_at BIGINT;
ALTER TABLE staff ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
CREATE TABLE staff_challenges (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    staff_id    BIGINT NOT NULL REFERENCES staff (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0
);

-- Staff sessions end after 30 minutes without a request.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;
