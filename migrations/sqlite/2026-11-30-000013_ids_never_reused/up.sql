-- Issue 13.9: ids are never reused. Without AUTOINCREMENT SQLite gives a new row the
-- largest id + 1, so deleting the newest claim (or any newest record) handed its id to
-- the next one and the audit log then mixed two records. Every table with an `id` key is
-- rebuilt with AUTOINCREMENT (SQLite cannot alter a key in place), following SQLite's
-- documented procedure: foreign keys off outside the transaction (a DROP TABLE would
-- otherwise cascade to the child rows), one transaction for every table, rows copied as
-- they are, the indexes made again. `write_lock` (one row) and tables keyed by something
-- else are left as they are. Generated from the schema of migrations 1-12.
-- metadata.toml runs this file outside diesel's transaction, because PRAGMA foreign_keys
-- is a no-op inside one.
PRAGMA foreign_keys = OFF;
BEGIN;
-- projects
CREATE TABLE projects_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    esf_case_number TEXT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    support_rate_ppm BIGINT NOT NULL,
    approved_esf_budget_ore BIGINT NOT NULL,
    total_budget_ore BIGINT NOT NULL,
    indirect_rate_ppm BIGINT NOT NULL,
    indirect_base TEXT NOT NULL CHECK (indirect_base IN ('staff', 'direct')),
    distribution_key TEXT NOT NULL CHECK (distribution_key IN ('total_eligible', 'direct_cash')),
    required_cofinancing_ppm BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL, last_claim_number INTEGER NOT NULL DEFAULT 0,
    CHECK (end_date >= start_date)
);
INSERT INTO projects_rebuilt SELECT * FROM projects;
DROP TABLE projects;
ALTER TABLE projects_rebuilt RENAME TO projects;

-- organisations
CREATE TABLE organisations_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id BIGINT REFERENCES organisations (id),
    kind TEXT NOT NULL CHECK (kind IN ('owner', 'region', 'municipality')),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    municipality_code TEXT UNIQUE,
    organisation_number TEXT UNIQUE,
    -- Materialised ancestry '/1/2/7/': subtree = path LIKE '/1/2/%'.
    path TEXT NOT NULL UNIQUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
, employer_kind TEXT NOT NULL DEFAULT 'municipality'
    CHECK (employer_kind IN ('municipality', 'county_council', 'other')));
INSERT INTO organisations_rebuilt SELECT * FROM organisations;
DROP TABLE organisations;
ALTER TABLE organisations_rebuilt RENAME TO organisations;
CREATE UNIQUE INDEX organisations_single_owner ON organisations (kind) WHERE kind = 'owner';
CREATE INDEX organisations_parent ON organisations (parent_id);

-- users
CREATE TABLE users_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
, token_generation BIGINT NOT NULL DEFAULT 0);
INSERT INTO users_rebuilt SELECT * FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
CREATE INDEX users_organisation ON users (organisation_id);

-- audit_log
CREATE TABLE audit_log_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMP NOT NULL,
    user_id BIGINT REFERENCES users (id),
    actor TEXT NOT NULL,
    organisation_id BIGINT REFERENCES organisations (id),
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
INSERT INTO audit_log_rebuilt SELECT * FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_rebuilt RENAME TO audit_log;
CREATE INDEX audit_log_organisation ON audit_log (organisation_id, at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- social_fee_rates
CREATE TABLE social_fee_rates_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year INTEGER NOT NULL,
    employer_kind TEXT NOT NULL CHECK (employer_kind IN ('municipality', 'county_council')),
    rate_ppm BIGINT NOT NULL CHECK (rate_ppm >= 0 AND rate_ppm <= 1000000),
    source TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (year, employer_kind)
);
INSERT INTO social_fee_rates_rebuilt SELECT * FROM social_fee_rates;
DROP TABLE social_fee_rates;
ALTER TABLE social_fee_rates_rebuilt RENAME TO social_fee_rates;

-- staff
CREATE TABLE staff_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    employee_number TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (organisation_id, employee_number)
);
INSERT INTO staff_rebuilt SELECT * FROM staff;
DROP TABLE staff;
ALTER TABLE staff_rebuilt RENAME TO staff;

-- salary_records
CREATE TABLE salary_records_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id BIGINT NOT NULL REFERENCES staff (id),
    valid_from INTEGER NOT NULL,
    monthly_salary_ore BIGINT NOT NULL CHECK (monthly_salary_ore > 0),
    employment_rate_ppm BIGINT NOT NULL CHECK (employment_rate_ppm > 0 AND employment_rate_ppm <= 1000000),
    -- NULL: the year's default from social_fee_rates.
    social_fee_override_ppm BIGINT CHECK (social_fee_override_ppm >= 0 AND social_fee_override_ppm <= 1000000),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (staff_id, valid_from)
);
INSERT INTO salary_records_rebuilt SELECT * FROM salary_records;
DROP TABLE salary_records;
ALTER TABLE salary_records_rebuilt RENAME TO salary_records;

-- timesheets
CREATE TABLE timesheets_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    staff_id BIGINT NOT NULL REFERENCES staff (id),
    month INTEGER NOT NULL,
    funding TEXT NOT NULL CHECK (funding IN ('project', 'in_kind')),
    state TEXT NOT NULL CHECK (state IN ('draft', 'signed', 'attested')),
    entered_by BIGINT NOT NULL REFERENCES users (id),
    signed_by BIGINT REFERENCES users (id),
    signed_at TIMESTAMP,
    attested_by BIGINT REFERENCES users (id),
    attested_at TIMESTAMP,
    hours_centi BIGINT NOT NULL DEFAULT 0,
    hourly_rate_ore BIGINT,
    cost_ore BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL, import_id BIGINT REFERENCES imports (id), import_row INTEGER,
    UNIQUE (staff_id, month)
);
INSERT INTO timesheets_rebuilt SELECT * FROM timesheets;
DROP TABLE timesheets;
ALTER TABLE timesheets_rebuilt RENAME TO timesheets;
CREATE INDEX timesheets_org_month ON timesheets (organisation_id, month, state);

-- timesheet_rows
CREATE TABLE timesheet_rows_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    timesheet_id BIGINT NOT NULL REFERENCES timesheets (id) ON DELETE CASCADE,
    work_date DATE NOT NULL,
    hours_centi INTEGER NOT NULL CHECK (hours_centi > 0 AND hours_centi <= 1300),
    note TEXT NOT NULL DEFAULT '',
    import_id BIGINT,
    import_row INTEGER,
    UNIQUE (timesheet_id, work_date)
);
INSERT INTO timesheet_rows_rebuilt SELECT * FROM timesheet_rows;
DROP TABLE timesheet_rows;
ALTER TABLE timesheet_rows_rebuilt RENAME TO timesheet_rows;

-- monthly_reports
CREATE TABLE monthly_reports_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    month INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'submitted', 'approved', 'returned', 'consolidated', 'claimed')),
    comment TEXT,
    submitted_by BIGINT REFERENCES users (id),
    submitted_at TIMESTAMP,
    decided_by BIGINT REFERENCES users (id),
    decided_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (organisation_id, month)
);
INSERT INTO monthly_reports_rebuilt SELECT * FROM monthly_reports;
DROP TABLE monthly_reports;
ALTER TABLE monthly_reports_rebuilt RENAME TO monthly_reports;

-- premises
CREATE TABLE premises_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    month INTEGER NOT NULL,
    description TEXT NOT NULL,
    monthly_cost_ore BIGINT,
    area_centi_m2 BIGINT,
    annual_rent_per_m2_ore BIGINT,
    share_ppm BIGINT NOT NULL CHECK (share_ppm > 0 AND share_ppm <= 1000000),
    financing TEXT NOT NULL CHECK (financing IN ('cash', 'in_kind')),
    amount_ore BIGINT NOT NULL,
    adjusts_id BIGINT REFERENCES premises (id),
    reason TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL, import_id BIGINT REFERENCES imports (id), import_row INTEGER,
    CHECK ((monthly_cost_ore IS NULL) <> (area_centi_m2 IS NULL AND annual_rent_per_m2_ore IS NULL))
);
INSERT INTO premises_rebuilt SELECT * FROM premises;
DROP TABLE premises;
ALTER TABLE premises_rebuilt RENAME TO premises;
CREATE INDEX premises_org_month ON premises (organisation_id, month);

-- other_costs
CREATE TABLE other_costs_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    month INTEGER NOT NULL,
    cost_date DATE NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('services', 'travel', 'materials')),
    amount_ore BIGINT NOT NULL,
    supplier TEXT NOT NULL,
    voucher_number TEXT NOT NULL,
    description TEXT NOT NULL,
    adjusts_id BIGINT REFERENCES other_costs (id),
    reason TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL, import_id BIGINT REFERENCES imports (id), import_row INTEGER,
    UNIQUE (organisation_id, voucher_number)
);
INSERT INTO other_costs_rebuilt SELECT * FROM other_costs;
DROP TABLE other_costs;
ALTER TABLE other_costs_rebuilt RENAME TO other_costs;
CREATE INDEX other_costs_org_month ON other_costs (organisation_id, month);

-- cash_cofinancing
CREATE TABLE cash_cofinancing_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    month INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('public_cash', 'owner_cash')),
    amount_ore BIGINT NOT NULL,
    paid_by TEXT NOT NULL,
    adjusts_id BIGINT REFERENCES cash_cofinancing (id),
    reason TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
, import_id BIGINT REFERENCES imports (id), import_row INTEGER);
INSERT INTO cash_cofinancing_rebuilt SELECT * FROM cash_cofinancing;
DROP TABLE cash_cofinancing;
ALTER TABLE cash_cofinancing_rebuilt RENAME TO cash_cofinancing;
CREATE INDEX cash_cofinancing_org_month ON cash_cofinancing (organisation_id, month);

-- timesheet_adjustments
CREATE TABLE timesheet_adjustments_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    staff_id BIGINT NOT NULL REFERENCES staff (id),
    adjusts_id BIGINT NOT NULL REFERENCES timesheets (id),
    month INTEGER NOT NULL,
    work_date DATE NOT NULL,
    hours_centi BIGINT NOT NULL CHECK (hours_centi <> 0 AND hours_centi BETWEEN -1300 AND 1300),
    hourly_rate_ore BIGINT NOT NULL,
    amount_ore BIGINT NOT NULL,
    funding TEXT NOT NULL CHECK (funding IN ('project', 'in_kind')),
    reason TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'attested')),
    created_by BIGINT NOT NULL REFERENCES users (id),
    attested_by BIGINT REFERENCES users (id),
    attested_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO timesheet_adjustments_rebuilt SELECT * FROM timesheet_adjustments;
DROP TABLE timesheet_adjustments;
ALTER TABLE timesheet_adjustments_rebuilt RENAME TO timesheet_adjustments;
CREATE INDEX timesheet_adjustments_org_month ON timesheet_adjustments (organisation_id, month);
CREATE INDEX timesheet_adjustments_original ON timesheet_adjustments (adjusts_id);
CREATE INDEX timesheet_adjustments_staff_date ON timesheet_adjustments (staff_id, work_date);

-- workshops
CREATE TABLE workshops_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (organisation_id, name)
);
INSERT INTO workshops_rebuilt SELECT * FROM workshops;
DROP TABLE workshops;
ALTER TABLE workshops_rebuilt RENAME TO workshops;

-- participants
CREATE TABLE participants_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    id_kind TEXT NOT NULL CHECK (id_kind IN ('personnummer', 'samordningsnummer', 'protected')),
    identity TEXT NOT NULL,
    birth_date DATE NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('female', 'male')),
    created_at TIMESTAMP NOT NULL
);
INSERT INTO participants_rebuilt SELECT * FROM participants;
DROP TABLE participants;
ALTER TABLE participants_rebuilt RENAME TO participants;
CREATE UNIQUE INDEX participants_identity ON participants (identity) WHERE id_kind <> 'protected';
CREATE INDEX participants_identity_any ON participants (identity);

-- enrolments
CREATE TABLE enrolments_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id BIGINT NOT NULL REFERENCES participants (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    workshop_id BIGINT REFERENCES workshops (id),
    start_date DATE NOT NULL,
    end_date DATE,
    status_at_start TEXT NOT NULL CHECK (status_at_start IN ('at_risk', 'dropped_out')),
    education_level TEXT NOT NULL CHECK (education_level IN ('isced_0_2', 'isced_3_4', 'isced_5_8')),
    labour_status TEXT NOT NULL CHECK (labour_status IN ('unemployed', 'long_term_unemployed', 'inactive', 'employed')),
    in_education_at_start BOOLEAN NOT NULL,
    outcome TEXT CHECK (outcome IN ('back_in_studies', 'in_work', 'other_activity', 'unknown')),
    qualification_gained BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (end_date IS NULL OR end_date >= start_date),
    CHECK ((end_date IS NULL) = (outcome IS NULL))
);
INSERT INTO enrolments_rebuilt SELECT * FROM enrolments;
DROP TABLE enrolments;
ALTER TABLE enrolments_rebuilt RENAME TO enrolments;
CREATE INDEX enrolments_participant ON enrolments (participant_id, start_date);
CREATE INDEX enrolments_org_dates ON enrolments (organisation_id, start_date);

-- attendance
CREATE TABLE attendance_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    enrolment_id BIGINT NOT NULL REFERENCES enrolments (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    month INTEGER NOT NULL,
    hours_centi BIGINT NOT NULL CHECK (hours_centi >= 0),
    updated_by BIGINT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (enrolment_id, month)
);
INSERT INTO attendance_rebuilt SELECT * FROM attendance;
DROP TABLE attendance;
ALTER TABLE attendance_rebuilt RENAME TO attendance;
CREATE INDEX attendance_org_month ON attendance (organisation_id, month);

-- compensation
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
    updated_at TIMESTAMP NOT NULL
, import_id BIGINT REFERENCES imports (id), import_row INTEGER);
INSERT INTO compensation_rebuilt SELECT * FROM compensation;
DROP TABLE compensation;
ALTER TABLE compensation_rebuilt RENAME TO compensation;
CREATE INDEX compensation_org_month ON compensation (organisation_id, month);
CREATE INDEX compensation_enrolment ON compensation (enrolment_id, month);

-- scb_files
CREATE TABLE scb_files_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    month INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    generated_by BIGINT NOT NULL REFERENCES users (id),
    generated_at TIMESTAMP NOT NULL
);
INSERT INTO scb_files_rebuilt SELECT * FROM scb_files;
DROP TABLE scb_files;
ALTER TABLE scb_files_rebuilt RENAME TO scb_files;
CREATE INDEX scb_files_month ON scb_files (month, generated_at);

-- budget_lines
CREATE TABLE budget_lines_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    year INTEGER NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('staff', 'services', 'premises', 'travel', 'materials',
        'indirect', 'in_kind', 'participant_compensation', 'public_cash', 'owner_cash')),
    amount_ore BIGINT NOT NULL CHECK (amount_ore >= 0),
    updated_by BIGINT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (organisation_id, year, category)
);
INSERT INTO budget_lines_rebuilt SELECT * FROM budget_lines;
DROP TABLE budget_lines;
ALTER TABLE budget_lines_rebuilt RENAME TO budget_lines;

-- imports
CREATE TABLE imports_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    imported_by BIGINT NOT NULL REFERENCES users (id),
    imported_at TIMESTAMP NOT NULL
);
INSERT INTO imports_rebuilt SELECT * FROM imports;
DROP TABLE imports;
ALTER TABLE imports_rebuilt RENAME TO imports;

-- claims
CREATE TABLE claims_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number INTEGER UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('draft', 'issued')),
    first_month INTEGER NOT NULL,
    last_month INTEGER NOT NULL CHECK (last_month >= first_month),
    support_rate_ppm BIGINT NOT NULL,
    approved_budget_ore BIGINT NOT NULL,
    indirect_rate_ppm BIGINT NOT NULL,
    indirect_base TEXT NOT NULL,
    distribution_key TEXT NOT NULL,
    earlier_eligible_ore BIGINT NOT NULL,
    earlier_cofinancing_ore BIGINT NOT NULL,
    earlier_requested_ore BIGINT NOT NULL,
    esf_due_cumulative_ore BIGINT NOT NULL,
    esf_requested_ore BIGINT NOT NULL,
    lines_sha256 TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    computed_at TIMESTAMP NOT NULL,
    issued_by BIGINT REFERENCES users (id),
    issued_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    CHECK ((state = 'issued') = (number IS NOT NULL))
);
INSERT INTO claims_rebuilt SELECT * FROM claims;
DROP TABLE claims;
ALTER TABLE claims_rebuilt RENAME TO claims;

-- claim_lines
CREATE TABLE claim_lines_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id BIGINT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    month INTEGER NOT NULL,
    source TEXT NOT NULL,
    source_id BIGINT NOT NULL,
    subject TEXT NOT NULL,
    amount_ore BIGINT NOT NULL,
    import_file TEXT,
    import_row INTEGER
);
INSERT INTO claim_lines_rebuilt SELECT * FROM claim_lines;
DROP TABLE claim_lines;
ALTER TABLE claim_lines_rebuilt RENAME TO claim_lines;
CREATE INDEX claim_lines_claim ON claim_lines (claim_id, category, organisation_id);

-- payments
CREATE TABLE payments_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id BIGINT NOT NULL UNIQUE REFERENCES claims (id),
    amount_ore BIGINT NOT NULL CHECK (amount_ore >= 0),
    paid_on DATE NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
INSERT INTO payments_rebuilt SELECT * FROM payments;
DROP TABLE payments;
ALTER TABLE payments_rebuilt RENAME TO payments;
COMMIT;
PRAGMA foreign_keys = ON;
