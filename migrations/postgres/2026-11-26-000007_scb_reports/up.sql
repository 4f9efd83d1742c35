-- The SCB participant files generated (history, with checksums), and per month whether
-- data changed after the last file, so that month and every later one must be sent again.
CREATE TABLE scb_files (
    id BIGSERIAL PRIMARY KEY,
    month INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    generated_by BIGINT NOT NULL REFERENCES users (id),
    generated_at TIMESTAMP NOT NULL
);
CREATE INDEX scb_files_month ON scb_files (month, generated_at);

CREATE TABLE scb_months (
    month INTEGER PRIMARY KEY,
    last_generated_at TIMESTAMP NOT NULL,
    last_checksum TEXT NOT NULL,
    needs_resubmission BOOLEAN NOT NULL DEFAULT FALSE,
    changed_at TIMESTAMP
);
