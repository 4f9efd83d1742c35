-- Staff, salaries, the social-fee table and timesheets.

-- Which social-fee default applies to an organisation's staff; 'other' has no default
-- (each salary record then gives its rate).
ALTER TABLE organisations ADD COLUMN employer_kind TEXT NOT NULL DEFAULT 'municipality'
    CHECK (employer_kind IN ('municipality', 'county_council', 'other'));

-- Employer social fees (PO-pålägg) per year and employer kind, edited by admins.
CREATE TABLE social_fee_rates (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    employer_kind TEXT NOT NULL CHECK (employer_kind IN ('municipality', 'county_council')),
    rate_ppm BIGINT NOT NULL CHECK (rate_ppm >= 0 AND rate_ppm <= 1000000),
    source TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (year, employer_kind)
);
-- Sourced: SKL's published PO-pålägg (31.42 % statutory + 0.21 % + 6.83 % for
-- municipalities); county councils 43.03 % (2013) and 44.13 % (2014).
INSERT INTO social_fee_rates (year, employer_kind, rate_ppm, source, updated_at) VALUES
    (2013, 'municipality', 384600, 'SKL PO-pålägg 2013', CURRENT_TIMESTAMP),
    (2014, 'municipality', 384600, 'SKL PO-pålägg 2014', CURRENT_TIMESTAMP),
    (2013, 'county_council', 430300, 'SKL PO-pålägg 2013', CURRENT_TIMESTAMP),
    (2014, 'county_council', 441300, 'SKL PO-pålägg 2014', CURRENT_TIMESTAMP);

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    employee_number TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (organisation_id, employee_number)
);

-- A salary valid from a month (YYYYMM) until the next record's month.
CREATE TABLE salary_records (
    id INTEGER PRIMARY KEY,
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

-- One timesheet per staff member and month; rate and cost are fixed at attestation.
CREATE TABLE timesheets (
    id INTEGER PRIMARY KEY,
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
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (staff_id, month)
);
CREATE INDEX timesheets_org_month ON timesheets (organisation_id, month, state);

CREATE TABLE timesheet_rows (
    id INTEGER PRIMARY KEY,
    timesheet_id BIGINT NOT NULL REFERENCES timesheets (id) ON DELETE CASCADE,
    work_date DATE NOT NULL,
    hours_centi INTEGER NOT NULL CHECK (hours_centi > 0 AND hours_centi <= 1300),
    note TEXT NOT NULL DEFAULT '',
    import_id BIGINT,
    import_row INTEGER,
    UNIQUE (timesheet_id, work_date)
);

-- Each organisation's report for a month; no row means open.
CREATE TABLE monthly_reports (
    id INTEGER PRIMARY KEY,
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
