//! Uploaded workbooks and their outcomes: one row per upload, whether it was imported or
//! refused (a refused upload stores nothing else; its row here is what remains of it).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::organisations::dsl as o;
use super::schema::uploads::{self, dsl as u};
use super::schema::users::dsl as us;
use super::{DbConnection, StoreError};
use crate::domain::upload::{UploadKind, UploadOutcome};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = uploads)]
pub struct UploadRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub organisation_id: i64,
    pub kind: UploadKind,
    pub file_name: String,
    pub sha256: String,
    pub uploaded_by: i64,
    pub uploaded_at: NaiveDateTime,
    pub outcome: UploadOutcome,
    pub row_count: i64,
    pub created_count: i64,
    pub updated_count: i64,
    pub unchanged_count: i64,
    pub error_total: i64,
    /// The listed errors, as JSON.
    pub errors: String,
    /// Timesheet rows left without hours: read, not imported.
    pub without_hours_count: i64,
}

pub fn insert(conn: &mut DbConnection, row: &UploadRow) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(u::uploads)
        .values(row)
        .returning(u::id)
        .get_result(conn)?)
}

/// An upload with the names of its organisation and of the user who sent it.
pub type Named = (UploadRow, String, String);

pub fn find(conn: &mut DbConnection, id: i64) -> Result<Option<Named>, StoreError> {
    Ok(u::uploads
        .inner_join(o::organisations.on(o::id.eq(u::organisation_id)))
        .inner_join(us::users.on(us::id.eq(u::uploaded_by)))
        .filter(u::id.eq(id))
        .select((UploadRow::as_select(), o::name, us::name))
        .first(conn)
        .optional()?)
}

/// The latest uploads of the organisations under `path`, newest first, and how many in all.
pub fn latest_in_subtree(
    conn: &mut DbConnection,
    path: &str,
    limit: i64,
) -> Result<(Vec<Named>, i64), StoreError> {
    let total: i64 = u::uploads
        .inner_join(o::organisations.on(o::id.eq(u::organisation_id)))
        .filter(super::organisations::in_subtree(path))
        .count()
        .get_result(conn)?;
    let rows = u::uploads
        .inner_join(o::organisations.on(o::id.eq(u::organisation_id)))
        .inner_join(us::users.on(us::id.eq(u::uploaded_by)))
        .filter(super::organisations::in_subtree(path))
        .order(u::id.desc())
        .limit(limit)
        .select((UploadRow::as_select(), o::name, us::name))
        .load(conn)?;
    Ok((rows, total))
}
