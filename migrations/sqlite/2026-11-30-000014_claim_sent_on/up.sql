-- Issue 13.16: the day a claim was sent to the ESF (given for historical claims; today
-- otherwise). Claims issued before this column existed were sent the day they were issued.
ALTER TABLE claims ADD COLUMN sent_on DATE;
UPDATE claims SET sent_on = date(issued_at) WHERE issued_at IS NOT NULL;
