-- VNPAY: a payment attempt may be a gateway redirect instead of a QR.
ALTER TABLE payment_attempts ADD COLUMN pay_url TEXT NOT NULL DEFAULT '';
