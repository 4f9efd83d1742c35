-- Where an entry came from: one row per imported workbook.
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    imported_by BIGINT NOT NULL REFERENCES users (id),
    imported_at TIMESTAMP NOT NULL
);
ALTER TABLE timesheets ADD COLUMN import_id BIGINT REFERENCES imports (id);
ALTER TABLE timesheets ADD COLUMN import_row INTEGER;
ALTER TABLE premises ADD COLUMN import_id BIGINT REFERENCES imports (id);
ALTER TABLE premises ADD COLUMN import_row INTEGER;
ALTER TABLE other_costs ADD COLUMN import_id BIGINT REFERENCES imports (id);
ALTER TABLE other_costs ADD COLUMN import_row INTEGER;
ALTER TABLE cash_cofinancing ADD COLUMN import_id BIGINT REFERENCES imports (id);
ALTER TABLE cash_cofinancing ADD COLUMN import_row INTEGER;
ALTER TABLE compensation ADD COLUMN import_id BIGINT REFERENCES imports (id);
ALTER TABLE compensation ADD COLUMN import_row INTEGER;

-- Serialises claim issuing (the row is updated first) and numbers claims.
ALTER TABLE projects ADD COLUMN last_claim_number INTEGER NOT NULL DEFAULT 0;

-- An ESF payment claim over months first_month..last_month (keys YYYYMM).
-- Settings and cumulative figures are copied in when computed, frozen when issued.
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
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

-- A claim's figures per organisation for its period (öre).
CREATE TABLE claim_figures (
    claim_id BIGINT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    staff_ore BIGINT NOT NULL,
    services_ore BIGINT NOT NULL,
    premises_ore BIGINT NOT NULL,
    travel_ore BIGINT NOT NULL,
    materials_ore BIGINT NOT NULL,
    indirect_ore BIGINT NOT NULL,
    in_kind_ore BIGINT NOT NULL,
    participant_compensation_ore BIGINT NOT NULL,
    public_cash_ore BIGINT NOT NULL,
    owner_cash_ore BIGINT NOT NULL,
    PRIMARY KEY (claim_id, organisation_id)
);

-- Every entry behind a claim's figures, as it stood when computed.
CREATE TABLE claim_lines (
    id INTEGER PRIMARY KEY,
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
CREATE INDEX claim_lines_claim ON claim_lines (claim_id, category, organisation_id);

-- What the ESF paid for a claim, and its distribution.
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    claim_id BIGINT NOT NULL UNIQUE REFERENCES claims (id),
    amount_ore BIGINT NOT NULL CHECK (amount_ore >= 0),
    paid_on DATE NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);

CREATE TABLE distribution_parts (
    payment_id BIGINT NOT NULL REFERENCES payments (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    basis_ore BIGINT NOT NULL,
    part_ore BIGINT NOT NULL,
    PRIMARY KEY (payment_id, organisation_id)
);
