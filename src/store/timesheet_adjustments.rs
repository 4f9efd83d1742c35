//! Adjustments of attested timesheets in closed months.

use crate::domain::hours::CentiHours;
use crate::domain::money::Ore;
use crate::domain::period::Month;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::schema::timesheet_adjustments::{self, dsl as x};
use super::{DbConnection, StoreError};
use crate::domain::entry::Funding;
use crate::domain::workflow::TimesheetState;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = timesheet_adjustments)]
pub struct AdjustmentRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub organisation_id: i64,
    pub staff_id: i64,
    pub adjusts_id: i64,
    pub month: Month,
    pub work_date: NaiveDate,
    pub hours_centi: CentiHours,
    pub hourly_rate_ore: Ore,
    pub amount_ore: Ore,
    pub funding: Funding,
    pub reason: String,
    pub state: TimesheetState,
    pub created_by: i64,
    pub attested_by: Option<i64>,
    pub attested_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<Option<AdjustmentRow>, StoreError> {
    Ok(x::timesheet_adjustments
        .find(id)
        .select(AdjustmentRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(conn: &mut DbConnection, row: &AdjustmentRow) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(x::timesheet_adjustments)
        .values(row)
        .returning(x::id)
        .get_result(conn)?)
}

pub fn list(
    conn: &mut DbConnection,
    organisation_id: i64,
    month: Option<i32>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AdjustmentRow>, i64), StoreError> {
    let build = || {
        let mut q = x::timesheet_adjustments
            .filter(x::organisation_id.eq(organisation_id))
            .into_boxed();
        if let Some(m) = month {
            q = q.filter(x::month.eq(m));
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let rows = build()
        .order((x::month.asc(), x::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(AdjustmentRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Hours already adjusted (drafts included: they may yet be attested) for a staff
/// member, on one day or over a span of days.
pub fn adjusted_hours(
    conn: &mut DbConnection,
    staff_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<i64, StoreError> {
    Ok(x::timesheet_adjustments
        .filter(x::staff_id.eq(staff_id))
        .filter(x::work_date.between(from, to))
        .select(sql::<BigInt>(
            "CAST(COALESCE(SUM(hours_centi), 0) AS BIGINT)",
        ))
        .get_result(conn)?)
}

pub fn attest(
    conn: &mut DbConnection,
    id: i64,
    expected_version: i64,
    by: i64,
) -> Result<bool, StoreError> {
    let now = super::now();
    let n = diesel::update(
        x::timesheet_adjustments
            .filter(x::id.eq(id))
            .filter(x::version.eq(expected_version))
            .filter(x::state.eq(TimesheetState::Draft)),
    )
    .set((
        x::state.eq(TimesheetState::Attested),
        x::attested_by.eq(by),
        x::attested_at.eq(now),
        x::version.eq(super::next_version(expected_version)),
        x::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn delete(conn: &mut DbConnection, id: i64, expected_version: i64) -> Result<bool, StoreError> {
    let n = diesel::delete(
        x::timesheet_adjustments
            .filter(x::id.eq(id))
            .filter(x::version.eq(expected_version))
            .filter(x::state.eq(TimesheetState::Draft)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// `adjusted_hours` of many staff members at once: staff id → hours (those with none are
/// left out).
pub fn adjusted_hours_by_staff(
    conn: &mut DbConnection,
    staff_ids: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(x::timesheet_adjustments
        .filter(x::staff_id.eq_any(staff_ids))
        .filter(x::work_date.between(from, to))
        .group_by(x::staff_id)
        .select((
            x::staff_id,
            sql::<BigInt>("CAST(COALESCE(SUM(hours_centi), 0) AS BIGINT)"),
        ))
        .load(conn)?)
}
