-- Issue 14: every uploaded workbook is kept with its outcome (who, when, which file, the
-- counts, or the first 1 000 errors and how many in all), so a result survives a reload
-- and a colleague can see it. A refused upload stores nothing else.
CREATE TABLE uploads (
    id BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users (id),
    uploaded_at TIMESTAMP NOT NULL,
    outcome TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    created_count BIGINT NOT NULL,
    updated_count BIGINT NOT NULL,
    unchanged_count BIGINT NOT NULL,
    error_total BIGINT NOT NULL,
    -- The listed errors as a JSON array of {sheet, row, column, header, value, rule}.
    errors TEXT NOT NULL
);
CREATE INDEX uploads_organisation ON uploads (organisation_id, id);
