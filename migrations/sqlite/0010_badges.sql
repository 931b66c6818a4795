-- Staff badges: a printed QR a kiosk's 2D scanner reads to unlock guided assistance.
-- Only a keyed hash of the badge secret is kept; issuing a new badge revokes the old.
ALTER TABLE staff ADD COLUMN badge_hash TEXT;
ALTER TABLE staff ADD COLUMN badge_issued_at BIGINT;
CREATE UNIQUE INDEX staff_badge_hash ON staff (badge_hash);
