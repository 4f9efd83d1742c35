DROP TABLE scb_months;
DROP TABLE scb_files;
