-- Fails while pending compensation is stored: confirm or remove it first.
ALTER TABLE compensation ADD CONSTRAINT compensation_certificate_confirmed_check CHECK (certificate_confirmed);
