-- The approved budget per organisation, year and cost category or co-financing type.
CREATE TABLE budget_lines (
    id BIGSERIAL PRIMARY KEY,
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
