//! The state of each organisation's month (a missing row means open).

use diesel::prelude::*;

use super::schema::monthly_reports::{self, dsl as r};
use super::{DbConnection, StoreError};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = monthly_reports)]
pub struct MonthlyReportRow {
    pub id: i64,
    pub organisation_id: i64,
    pub month: i32,
    pub state: String,
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

/// The stored state, "open" when no report row exists yet.
pub fn state(
    conn: &mut DbConnection,
    organisation_id: i64,
    month: i32,
) -> Result<String, StoreError> {
    Ok(find(conn, organisation_id, month)?
        .map(|row| row.state)
        .unwrap_or_else(|| "open".to_string()))
}
