DROP TABLE cash_cofinancing;
DROP TABLE other_costs;
DROP TABLE premises;
