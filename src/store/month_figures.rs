//! A closed month's figures per organisation, stored when its report stops being
//! editable and dropped when it becomes editable again (`service::frozen` keeps them in
//! step with the reports' states, in the same transaction).

use std::collections::BTreeMap;

use diesel::dsl::{exists, not};
use diesel::prelude::*;

use super::schema::month_figures::{self, dsl as mf};
use super::schema::monthly_reports::dsl as r;
use super::{DbConnection, StoreError};
use crate::domain::report::Figures;
use crate::domain::workflow::ReportState;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = month_figures)]
struct Row {
    organisation_id: i64,
    month: i32,
    staff_ore: i64,
    services_ore: i64,
    premises_ore: i64,
    travel_ore: i64,
    materials_ore: i64,
    in_kind_ore: i64,
    participant_compensation_ore: i64,
    pending_compensation_ore: i64,
    public_cash_ore: i64,
    owner_cash_ore: i64,
    project_hours_centi: i64,
    in_kind_hours_centi: i64,
    attested_timesheets: i64,
}

impl Row {
    fn new(organisation_id: i64, month: i32, f: &Figures) -> Self {
        Row {
            organisation_id,
            month,
            staff_ore: f.staff_ore,
            services_ore: f.services_ore,
            premises_ore: f.premises_ore,
            travel_ore: f.travel_ore,
            materials_ore: f.materials_ore,
            in_kind_ore: f.in_kind_ore,
            participant_compensation_ore: f.participant_compensation_ore,
            pending_compensation_ore: f.pending_compensation_ore,
            public_cash_ore: f.public_cash_ore,
            owner_cash_ore: f.owner_cash_ore,
            project_hours_centi: f.project_hours_centi,
            in_kind_hours_centi: f.in_kind_hours_centi,
            attested_timesheets: f.attested_timesheets,
        }
    }

    fn figures(&self) -> Figures {
        Figures {
            staff_ore: self.staff_ore,
            services_ore: self.services_ore,
            premises_ore: self.premises_ore,
            travel_ore: self.travel_ore,
            materials_ore: self.materials_ore,
            in_kind_ore: self.in_kind_ore,
            participant_compensation_ore: self.participant_compensation_ore,
            pending_compensation_ore: self.pending_compensation_ore,
            public_cash_ore: self.public_cash_ore,
            owner_cash_ore: self.owner_cash_ore,
            project_hours_centi: self.project_hours_centi,
            in_kind_hours_centi: self.in_kind_hours_centi,
            attested_timesheets: self.attested_timesheets,
        }
    }
}

/// The stored figures of `month` (key) of the organisations `ids`.
pub fn of(
    conn: &mut DbConnection,
    month: i32,
    ids: &[i64],
) -> Result<BTreeMap<i64, Figures>, StoreError> {
    let query = mf::month_figures
        .filter(mf::month.eq(month))
        .select(Row::as_select())
        .into_boxed();
    // One organisation (an own report) by `=`: PostgreSQL keeps one plan for it, where
    // it plans `= ANY($1)` anew on every execution (issue 17).
    let rows: Vec<Row> = match ids {
        [one] => query.filter(mf::organisation_id.eq(*one)).load(conn)?,
        _ => query.filter(mf::organisation_id.eq_any(ids)).load(conn)?,
    };
    Ok(rows
        .into_iter()
        .map(|r| (r.organisation_id, r.figures()))
        .collect())
}

/// Every stored row: (organisation, month) → figures.
pub fn all(conn: &mut DbConnection) -> Result<BTreeMap<(i64, i32), Figures>, StoreError> {
    let rows: Vec<Row> = mf::month_figures.select(Row::as_select()).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| ((r.organisation_id, r.month), r.figures()))
        .collect())
}

/// Stores figures; a row already there for the organisation and month is an error (the
/// caller stores only what `missing` names, in the transaction that closed it).
pub fn insert(conn: &mut DbConnection, rows: &[(i64, i32, Figures)]) -> Result<usize, StoreError> {
    let rows: Vec<Row> = rows.iter().map(|(o, m, f)| Row::new(*o, *m, f)).collect();
    Ok(crate::insert_batch!(conn, mf::month_figures, rows, 500)?)
}

/// Drops the stored figures of the months `first..=last` whose report is editable now
/// (open, returned, or no report row at all); returns how many.
pub fn drop_editable(conn: &mut DbConnection, first: i32, last: i32) -> Result<usize, StoreError> {
    let closed = r::monthly_reports
        .filter(r::organisation_id.eq(mf::organisation_id))
        .filter(r::month.eq(mf::month))
        .filter(r::state.eq_any(ReportState::CLOSED));
    Ok(diesel::delete(
        mf::month_figures
            .filter(mf::month.between(first, last))
            .filter(not(exists(closed))),
    )
    .execute(conn)?)
}

/// The closed reports of the months `first..=last` without stored figures:
/// (organisation, month).
pub fn missing(
    conn: &mut DbConnection,
    first: i32,
    last: i32,
) -> Result<Vec<(i64, i32)>, StoreError> {
    let stored = mf::month_figures
        .filter(mf::organisation_id.eq(r::organisation_id))
        .filter(mf::month.eq(r::month));
    Ok(r::monthly_reports
        .filter(r::month.between(first, last))
        .filter(r::state.eq_any(ReportState::CLOSED))
        .filter(not(exists(stored)))
        .select((r::organisation_id, r::month))
        .order((r::month, r::organisation_id))
        .load(conn)?)
}

/// Stored rows whose report is editable now (verify's check; `settle` drops them).
pub fn editable(conn: &mut DbConnection) -> Result<Vec<(i64, i32)>, StoreError> {
    let closed = r::monthly_reports
        .filter(r::organisation_id.eq(mf::organisation_id))
        .filter(r::month.eq(mf::month))
        .filter(r::state.eq_any(ReportState::CLOSED));
    Ok(mf::month_figures
        .filter(not(exists(closed)))
        .select((mf::organisation_id, mf::month))
        .load(conn)?)
}
