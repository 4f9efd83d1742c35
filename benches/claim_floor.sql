-- The floor of the claim computation: the same sums as the claim's figures, one bare
-- aggregate per source over all 36 months (benches/claims.rs runs them in-process,
-- scripts/bench/all.sh in sqlite3 and psql). One statement per line.
SELECT organisation_id, funding, SUM(cost_ore) FROM timesheets WHERE month BETWEEN 201201 AND 201412 AND state = 'attested' GROUP BY organisation_id, funding;
SELECT organisation_id, funding, SUM(amount_ore) FROM timesheet_adjustments WHERE month BETWEEN 201201 AND 201412 AND state = 'attested' GROUP BY organisation_id, funding;
SELECT organisation_id, financing, SUM(amount_ore) FROM premises WHERE month BETWEEN 201201 AND 201412 GROUP BY organisation_id, financing;
SELECT organisation_id, category, SUM(amount_ore) FROM other_costs WHERE month BETWEEN 201201 AND 201412 GROUP BY organisation_id, category;
SELECT organisation_id, kind, SUM(amount_ore) FROM cash_cofinancing WHERE month BETWEEN 201201 AND 201412 GROUP BY organisation_id, kind;
SELECT organisation_id, kind, SUM(amount_ore) FROM compensation WHERE month BETWEEN 201201 AND 201412 GROUP BY organisation_id, kind;
