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
