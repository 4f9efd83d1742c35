-- Reverts issue 13.17 (fails while pending compensation is stored: confirm or remove it first).
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE compensation_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    enrolment_id BIGINT NOT NULL REFERENCES enrolments (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    month INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('youth_compensation', 'activity_compensation', 'other')),
    amount_ore BIGINT NOT NULL,
    payer TEXT NOT NULL,
    certificate_confirmed BOOLEAN NOT NULL CHECK (certificate_confirmed),
    adjusts_id BIGINT REFERENCES compensation (id),
    reason TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    import_id BIGINT REFERENCES imports (id),
    import_row INTEGER
);
INSERT INTO compensation_rebuilt SELECT * FROM compensation;
DROP TABLE compensation;
ALTER TABLE compensation_rebuilt RENAME TO compensation;
CREATE INDEX compensation_org_month ON compensation (organisation_id, month);
CREATE INDEX compensation_enrolment ON compensation (enrolment_id, month);
COMMIT;
PRAGMA foreign_keys = ON;
