-- A closed month's figures, stored (issue 17): each organisation's own figures of a month
-- whose report is no longer editable (submitted, approved, consolidated or claimed), so a
-- read of a closed month is a lookup, not six aggregates. Written and dropped in the
-- transaction that moves the report's state (service::frozen); verify recomputes each.
CREATE TABLE month_figures (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    month INTEGER NOT NULL,
    staff_ore BIGINT NOT NULL,
    services_ore BIGINT NOT NULL,
    premises_ore BIGINT NOT NULL,
    travel_ore BIGINT NOT NULL,
    materials_ore BIGINT NOT NULL,
    in_kind_ore BIGINT NOT NULL,
    participant_compensation_ore BIGINT NOT NULL,
    pending_compensation_ore BIGINT NOT NULL,
    public_cash_ore BIGINT NOT NULL,
    owner_cash_ore BIGINT NOT NULL,
    project_hours_centi BIGINT NOT NULL,
    in_kind_hours_centi BIGINT NOT NULL,
    attested_timesheets BIGINT NOT NULL,
    PRIMARY KEY (month, organisation_id)
);
