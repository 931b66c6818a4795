-- Fees that follow the law (domain::fees): how a line counts, tiers, caps and reduces,
-- the categories of payer a procedure reduces, and notices that keep quantities and
-- unit prices. Lines and notices from before keep their meaning: a line without
-- pricing is a fixed amount per request, a notice line without a unit price is one
-- unit at its amount.
ALTER TABLE fee_lines ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE fee_lines ADD COLUMN pricing TEXT NOT NULL DEFAULT '{}';

-- domain::fees::PayerCategory as a JSON list.
ALTER TABLE procedures ADD COLUMN fee_categories TEXT NOT NULL DEFAULT '[]';

ALTER TABLE fee_notice_lines ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE fee_notice_lines ADD COLUMN quantity BIGINT NOT NULL DEFAULT 1;
ALTER TABLE fee_notice_lines ADD COLUMN unit_price_vnd BIGINT;
ALTER TABLE fee_notice_lines ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE fee_notice_lines ADD COLUMN note_en TEXT NOT NULL DEFAULT '';

-- A reduction claimed for a category of payer: 'claimed' (an officer checks the proof
-- before the fee can be paid), 'accepted', or 'refused' (with the reason shown to the
-- citizen; the notice is then reissued at the full amount). Checked at once at the desk.
ALTER TABLE dossiers ADD COLUMN fee_category TEXT;
ALTER TABLE dossiers ADD COLUMN fee_category_name TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN fee_reduction TEXT
    CHECK (fee_reduction IS NULL OR fee_reduction IN ('claimed', 'accepted', 'refused'));
ALTER TABLE dossiers ADD COLUMN fee_reduction_note TEXT NOT NULL DEFAULT '';

-- A notice reissued (a reduction refused) points at the one it replaces.
ALTER TABLE fee_notices ADD COLUMN replaces_notice_id BIGINT REFERENCES fee_notices (id);

-- The proof of a category of payer is an attachment of its own.
ALTER TABLE attachments ADD COLUMN purpose TEXT NOT NULL DEFAULT 'document'
    CHECK (purpose IN ('document', 'fee_proof'));
