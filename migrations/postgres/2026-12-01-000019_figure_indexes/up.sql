-- Covering indexes for the figures of a run of months (budget follow-up, a month's
-- report): attested timesheets and confirmed compensation, summed per organisation and
-- funding or kind, are read from the index alone, already in group order.
CREATE INDEX timesheets_figures ON timesheets (state, organisation_id, funding, month, cost_ore, hours_centi);
CREATE INDEX compensation_figures ON compensation (certificate_confirmed, organisation_id, kind, month, amount_ore);
