DROP TABLE monthly_reports;
DROP TABLE timesheet_rows;
DROP TABLE timesheets;
DROP TABLE salary_records;
DROP TABLE staff;
DROP TABLE social_fee_rates;
ALTER TABLE organisations DROP COLUMN employer_kind;
