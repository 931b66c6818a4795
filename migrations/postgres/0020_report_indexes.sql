-- Issue 18, item 3: the monthly report reads dossiers by submission time and payments by
-- when they were paid, over every agency; without these it read both tables whole.
CREATE INDEX dossiers_submitted_at ON dossiers (submitted_at);
CREATE INDEX payment_attempts_paid_at ON payment_attempts (paid_at);
