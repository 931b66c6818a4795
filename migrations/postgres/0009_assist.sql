-- Guided assistance at kiosks: a staff member unlocks a kiosk with their staff code
-- and a kiosk PIN (argon2), locked after repeated wrong PINs; a citizen session opened
-- on their word (identity checked in person) records who attested it.
ALTER TABLE staff ADD COLUMN kiosk_pin_hash TEXT;
ALTER TABLE staff ADD COLUMN pin_failed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN pin_locked_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN assisted_by BIGINT;
