ALTER TABLE claims DROP COLUMN sent_on;
