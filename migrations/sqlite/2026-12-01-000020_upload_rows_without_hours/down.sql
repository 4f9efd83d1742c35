ALTER TABLE uploads DROP COLUMN without_hours_count;
