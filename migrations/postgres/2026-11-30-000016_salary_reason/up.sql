-- Issue 13.15: why a salary record was added (a correction after attested months is a
-- new record from a later month, with its reason).
ALTER TABLE salary_records ADD COLUMN reason TEXT;
