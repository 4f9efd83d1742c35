-- Monthly attended hours per enrolment, and compensation paid to participants (a
-- co-financing entry like the others: closed months are corrected by adjustments).
CREATE TABLE attendance (
    id BIGSERIAL PRIMARY KEY,
    enrolment_id BIGINT NOT NULL REFERENCES enrolments (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    month INTEGER NOT NULL,
    hours_centi BIGINT NOT NULL CHECK (hours_centi >= 0),
    updated_by BIGINT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (enrolment_id, month)
);
CREATE INDEX attendance_org_month ON attendance (organisation_id, month);

CREATE TABLE compensation (
    id BIGSERIAL PRIMARY KEY,
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
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX compensation_org_month ON compensation (organisation_id, month);
CREATE INDEX compensation_enrolment ON compensation (enrolment_id, month);
