DROP TABLE timesheet_adjustments;
