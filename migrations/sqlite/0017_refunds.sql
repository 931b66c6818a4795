-- Refunds (hoàn phí, issue 16): of a paid notice, or of a credit kept as an exception.
-- One person asks with a reason, a manager of the agency approves or rejects (never the
-- same person), and the transfer back is recorded with the bank's reference. At most one
-- live (not rejected) refund per notice and per exception. A refunded notice's receipt
-- is cancelled with its cancellation kept on the receipt; receipts are never deleted and
-- their numbers never reused.
CREATE TABLE refunds (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    notice_id       BIGINT REFERENCES fee_notices (id),
    exception_id    BIGINT REFERENCES payment_exceptions (id),
    agency_id       BIGINT NOT NULL REFERENCES agencies (id),
    amount_vnd      BIGINT NOT NULL CHECK (amount_vnd > 0),
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'rejected', 'paid_out')),
    requested_by    BIGINT NOT NULL REFERENCES staff (id),
    requested_at    BIGINT NOT NULL,
    decided_by      BIGINT REFERENCES staff (id),
    decided_at      BIGINT,
    decision_note   TEXT NOT NULL DEFAULT '',
    bank_reference  TEXT,
    paid_out_by     BIGINT REFERENCES staff (id),
    paid_out_at     BIGINT,
    CHECK ((notice_id IS NULL) <> (exception_id IS NULL)),
    CHECK (decided_by IS NULL OR decided_by <> requested_by)
);
CREATE UNIQUE INDEX refunds_live_notice ON refunds (notice_id) WHERE status <> 'rejected';
CREATE UNIQUE INDEX refunds_live_exception ON refunds (exception_id) WHERE status <> 'rejected';
CREATE INDEX refunds_agency_status ON refunds (agency_id, status);
CREATE INDEX refunds_paid_out_at ON refunds (paid_out_at);

ALTER TABLE receipts ADD COLUMN cancelled_at BIGINT;
ALTER TABLE receipts ADD COLUMN cancellation_reason TEXT;
ALTER TABLE receipts ADD COLUMN refund_id BIGINT REFERENCES refunds (id);
