ALTER TABLE salary_records DROP COLUMN reason;
