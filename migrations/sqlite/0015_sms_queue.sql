-- Text messages for a real provider (services::sms::queue): queued by the request,
-- handed over by a worker on any node (claimed by a guarded update), retried with
-- backoff, followed until delivered or failed. The body is erased once handed over or
-- after ten minutes; what stays is whom it was for and what became of it.
CREATE TABLE sms_queue (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    to_phone         TEXT NOT NULL,
    body             TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed')),
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    provider_id      TEXT,
    last_error       TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL,
    sent_at          BIGINT,
    done_at          BIGINT
);
CREATE INDEX sms_queue_due ON sms_queue (status, next_attempt_at);
