-- What a claim showed about each organisation and the budget, kept with the claim so an
-- issued claim reads the same after organisations are renamed or moved or budgets change.
ALTER TABLE claim_figures ADD COLUMN code TEXT NOT NULL DEFAULT '';
ALTER TABLE claim_figures ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE claim_figures ADD COLUMN region_code TEXT;

CREATE TABLE claim_budgets (
    claim_id BIGINT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    amount_ore BIGINT NOT NULL,
    PRIMARY KEY (claim_id, category)
);
