-- Premises, other direct costs and cash co-financing. An adjustment corrects an entry
-- of a month that is no longer open: it lives in an open month, references the
-- original (adjusts_id) and gives a reason; only adjustments may be negative.

CREATE TABLE premises (
    id BIGSERIAL PRIMARY KEY,
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
    updated_at TIMESTAMP NOT NULL,
    CHECK ((monthly_cost_ore IS NULL) <> (area_centi_m2 IS NULL AND annual_rent_per_m2_ore IS NULL))
);
CREATE INDEX premises_org_month ON premises (organisation_id, month);

CREATE TABLE other_costs (
    id BIGSERIAL PRIMARY KEY,
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
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (organisation_id, voucher_number)
);
CREATE INDEX other_costs_org_month ON other_costs (organisation_id, month);

CREATE TABLE cash_cofinancing (
    id BIGSERIAL PRIMARY KEY,
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
);
CREATE INDEX cash_cofinancing_org_month ON cash_cofinancing (organisation_id, month);
