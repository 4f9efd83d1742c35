DROP TABLE claim_budgets;
ALTER TABLE claim_figures DROP COLUMN region_code;
ALTER TABLE claim_figures DROP COLUMN name;
ALTER TABLE claim_figures DROP COLUMN code;
