-- A correction of an attested timesheet whose month is no longer open: booked in an open
-- month, for one day of the original month, with signed hours at the original's rate and
-- a reason. It counts once attested (four eyes, as timesheets).
CREATE TABLE timesheet_adjustments (
    id BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    staff_id BIGINT NOT NULL REFERENCES staff (id),
    adjusts_id BIGINT NOT NULL REFERENCES timesheets (id),
    month INTEGER NOT NULL,
    work_date DATE NOT NULL,
    hours_centi BIGINT NOT NULL CHECK (hours_centi <> 0 AND hours_centi BETWEEN -1300 AND 1300),
    hourly_rate_ore BIGINT NOT NULL,
    amount_ore BIGINT NOT NULL,
    funding TEXT NOT NULL CHECK (funding IN ('project', 'in_kind')),
    reason TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'attested')),
    created_by BIGINT NOT NULL REFERENCES users (id),
    attested_by BIGINT REFERENCES users (id),
    attested_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX timesheet_adjustments_org_month ON timesheet_adjustments (organisation_id, month);
CREATE INDEX timesheet_adjustments_original ON timesheet_adjustments (adjusts_id);
CREATE INDEX timesheet_adjustments_staff_date ON timesheet_adjustments (staff_id, work_date);
