-- Rows of an uploaded timesheet workbook left without hours (a pre-filled template's
-- days not worked): read, counted, not imported.
ALTER TABLE uploads ADD COLUMN without_hours_count BIGINT NOT NULL DEFAULT 0;
