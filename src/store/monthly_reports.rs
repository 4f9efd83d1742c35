//! The state of each organisation's month (a missing row means open).

use crate::domain::period::Month;
use diesel::prelude::*;

use super::schema::monthly_reports::{self, dsl as r};
use super::{DbConnection, StoreError};
use crate::domain::workflow::ReportState;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = monthly_reports)]
pub struct MonthlyReportRow {
    pub id: i64,
    pub organisation_id: i64,
    pub month: Month,
    pub state: ReportState,
    pub comment: Option<String>,
    pub submitted_by: Option<i64>,
    pub submitted_at: Option<chrono::NaiveDateTime>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<chrono::NaiveDateTime>,
    pub version: i64,
    pub updated_at: chrono::NaiveDateTime,
}

pub fn find(
    conn: &mut DbConnection,
    organisation_id: i64,
    month: i32,
) -> Result<Option<MonthlyReportRow>, StoreError> {
    Ok(r::monthly_reports
        .filter(r::organisation_id.eq(organisation_id))
        .filter(r::month.eq(month))
        .select(MonthlyReportRow::as_select())
        .first(conn)
        .optional()?)
}

/// The stored state, open when no report row exists yet.
pub fn state(
    conn: &mut DbConnection,
    organisation_id: i64,
    month: i32,
) -> Result<ReportState, StoreError> {
    Ok(find(conn, organisation_id, month)?
        .map(|row| row.state)
        .unwrap_or(ReportState::Open))
}

/// States of the month's stored reports of the organisations `ids` (one statement; an
/// organisation without a row has an open report).
pub fn states_of(
    conn: &mut DbConnection,
    ids: &[i64],
    month: i32,
) -> Result<Vec<(i64, ReportState)>, StoreError> {
    Ok(r::monthly_reports
        .filter(r::organisation_id.eq_any(ids))
        .filter(r::month.eq(month))
        .select((r::organisation_id, r::state))
        .load(conn)?)
}

/// States of the month's reports of all organisations under the node at `path`.
pub fn states_in_subtree(
    conn: &mut DbConnection,
    path: &str,
    month: i32,
) -> Result<Vec<(i64, ReportState)>, StoreError> {
    use super::schema::organisations::dsl as o;
    Ok(r::monthly_reports
        .inner_join(o::organisations.on(o::id.eq(r::organisation_id)))
        .filter(super::organisations::in_subtree(path))
        .filter(r::month.eq(month))
        .select((r::organisation_id, r::state))
        .load(conn)?)
}

/// A stored report on the board: organisation, month, state, the comment it was returned
/// with.
pub type BoardState = (i64, Month, ReportState, Option<String>);

/// The reports of every organisation under the node at `path` for the months
/// `first..=last` (rows that exist; a missing row is an open report): organisation,
/// month, state and the comment it was returned with.
pub fn board_states(
    conn: &mut DbConnection,
    path: &str,
    first: Month,
    last: Month,
) -> Result<Vec<BoardState>, StoreError> {
    use super::schema::organisations::dsl as o;
    Ok(r::monthly_reports
        .inner_join(o::organisations.on(o::id.eq(r::organisation_id)))
        .filter(super::organisations::in_subtree(path))
        .filter(r::month.between(first, last))
        .select((r::organisation_id, r::month, r::state, r::comment))
        .load(conn)?)
}

/// Moves the month's report to `state` if its version is `expected_version` (0 when no
/// report row exists yet); returns false when someone else changed it meanwhile.
pub fn transition(
    conn: &mut DbConnection,
    organisation_id: i64,
    month: i32,
    expected_version: i64,
    change: &Transition,
) -> Result<bool, StoreError> {
    let now = super::now();
    if expected_version == 0 {
        if find(conn, organisation_id, month)?.is_some() {
            return Ok(false);
        }
        diesel::insert_into(r::monthly_reports)
            .values((
                r::organisation_id.eq(organisation_id),
                r::month.eq(month),
                r::state.eq(ReportState::Open),
                r::version.eq(0i64),
                r::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    let target = r::monthly_reports
        .filter(r::organisation_id.eq(organisation_id))
        .filter(r::month.eq(month))
        .filter(r::version.eq(expected_version));
    let n = match change {
        Transition::Submitted { by } => diesel::update(target)
            .set((
                r::state.eq(ReportState::Submitted),
                r::submitted_by.eq(by),
                r::submitted_at.eq(now),
                r::comment.eq(None::<String>),
                r::version.eq(super::next_version(expected_version)),
                r::updated_at.eq(now),
            ))
            .execute(conn)?,
        Transition::Decided { state, by, comment } => diesel::update(target)
            .set((
                r::state.eq(*state),
                r::decided_by.eq(by),
                r::decided_at.eq(now),
                r::comment.eq(comment.clone()),
                r::version.eq(super::next_version(expected_version)),
                r::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    Ok(n == 1)
}

pub enum Transition {
    Submitted {
        by: i64,
    },
    Decided {
        state: ReportState,
        by: i64,
        comment: Option<String>,
    },
}

/// Moves the reports of `parent_id`'s children for the month from `from` to `to`:
/// approved → consolidated when the parent is approved, back when it is reopened (still
/// decided by the parent, no longer consolidated with it).
pub fn move_children(
    conn: &mut DbConnection,
    parent_id: i64,
    month: i32,
    (from, to): (ReportState, ReportState),
) -> Result<usize, StoreError> {
    use super::schema::organisations::dsl as o;
    let children = o::organisations
        .filter(o::parent_id.eq(parent_id))
        .select(o::id);
    Ok(diesel::update(
        r::monthly_reports
            .filter(r::month.eq(month))
            .filter(r::state.eq(from))
            .filter(r::organisation_id.eq_any(children)),
    )
    .set((r::state.eq(to), r::updated_at.eq(super::now())))
    .execute(conn)?)
}
