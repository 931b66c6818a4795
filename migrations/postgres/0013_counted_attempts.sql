-- Every limit and lockout is one counter per (kind, subject), counted and checked in one
-- statement (services::rate): `hits` attempts in the window that ends at `window_ends`;
-- the attempt that reaches the limit starts a full window in which the key is refused.
-- Rows whose window has ended are purged. The per-event rows and the lockout columns on
-- staff, which were read and written in separate statements, are gone.
CREATE TABLE rate_counters (
    kind         TEXT NOT NULL,
    subject      TEXT NOT NULL,
    hits         BIGINT NOT NULL,
    window_ends  BIGINT NOT NULL,
    PRIMARY KEY (kind, subject)
);
CREATE INDEX rate_counters_window_ends ON rate_counters (window_ends);
DROP TABLE rate_events;
ALTER TABLE staff DROP COLUMN failed_logins;
ALTER TABLE staff DROP COLUMN locked_until;
ALTER TABLE staff DROP COLUMN pin_failed;
ALTER TABLE staff DROP COLUMN pin_locked_until;

-- The code an officer types at a kiosk is random (`CB` + 8 digits), not the row id;
-- services::assist gives one to each officer when it is first needed.
ALTER TABLE staff ADD COLUMN kiosk_code TEXT;
CREATE UNIQUE INDEX staff_kiosk_code ON staff (kiosk_code);

-- An officer's guided-assist credential is a session of its own scope, accepted only by
-- the kiosk's assist endpoints (never as a staff session or an API bearer token);
-- every other session is 'full'.
ALTER TABLE sessions ADD COLUMN scope TEXT NOT NULL DEFAULT 'full';
