//! The audit log: every change, who made it, and the record before and after.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::audit_log::{self, dsl as a};
use super::schema::organisations::dsl as o;
use super::{DbConnection, StoreError};

// `None` is written as NULL (every optional column defaults to NULL), not as DEFAULT:
// the statement's text then never varies, and PostgreSQL keeps its plan.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = audit_log, treat_none_as_default_value = false)]
pub struct NewAuditEntry {
    pub at: NaiveDateTime,
    pub user_id: Option<i64>,
    pub actor: String,
    pub organisation_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub user_id: Option<i64>,
    pub actor: String,
    pub organisation_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub organisation_id: Option<i64>,
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    pub user_id: Option<i64>,
    /// At or after this moment.
    pub from: Option<chrono::NaiveDateTime>,
    /// Before this moment.
    pub until: Option<chrono::NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, entry: &NewAuditEntry) -> Result<(), StoreError> {
    diesel::insert_into(a::audit_log)
        .values(entry)
        .execute(conn)?;
    Ok(())
}

/// Entries about organisations in the subtree at `path`, newest first.
pub fn list_in_subtree(
    conn: &mut DbConnection,
    path: &str,
    filter: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AuditRow>, i64), StoreError> {
    let build = || {
        let mut q = a::audit_log
            .inner_join(o::organisations.on(a::organisation_id.eq(o::id.nullable())))
            .filter(super::organisations::in_subtree(path))
            .into_boxed();
        if let Some(org) = filter.organisation_id {
            q = q.filter(a::organisation_id.eq(org));
        }
        if let Some(entity) = &filter.entity {
            q = q.filter(a::entity.eq(entity.clone()));
        }
        if let Some(id) = filter.entity_id {
            q = q.filter(a::entity_id.eq(id));
        }
        if let Some(user) = filter.user_id {
            q = q.filter(a::user_id.eq(user));
        }
        if let Some(t) = filter.from {
            q = q.filter(a::at.ge(t));
        }
        if let Some(t) = filter.until {
            q = q.filter(a::at.lt(t));
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let rows = build()
        .order(a::id.desc())
        .limit(limit)
        .offset(offset)
        .select(AuditRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}
