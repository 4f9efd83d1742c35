DROP TABLE budget_lines;
