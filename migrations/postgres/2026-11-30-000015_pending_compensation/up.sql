-- Issue 13.17: compensation without a confirmed attendance certificate is recorded as
-- pending (counted in no sum until confirmed), so the column's CHECK goes.
ALTER TABLE compensation DROP CONSTRAINT compensation_certificate_confirmed_check;
