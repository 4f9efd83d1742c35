//! Recording and reading the audit log.

use serde::Serialize;

use super::ChangedBy;
use crate::domain::access::{Action, Actor};
use crate::error::{AppError, AppResult};
use crate::store::audit::{self as store, AuditFilter, NewAuditEntry};
use crate::store::DbConnection;
use crate::views::audit::{AuditEntry, AuditQuery};
use crate::views::{Page, PageParams};

/// What changed, for one audit entry.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    /// The organisation the record belongs to (the entry's scope).
    pub organisation_id: i64,
    /// `create`, `update`, `delete`, ...
    pub action: &'a str,
    /// The kind of record, e.g. `organisation`.
    pub entity: &'a str,
    pub entity_id: i64,
}

impl<'a> Change<'a> {
    /// `action` on `entity` `entity_id`, which belongs to `organisation_id`.
    pub fn of(entity: &'a str, entity_id: i64, organisation_id: i64, action: &'a str) -> Self {
        Change {
            organisation_id,
            action,
            entity,
            entity_id,
        }
    }
}

/// Records a record's creation: its view after.
pub fn created<A: Serialize>(
    conn: &mut DbConnection,
    by: &ChangedBy,
    change: Change<'_>,
    after: &A,
) -> AppResult<()> {
    record(conn, by, change, None::<&()>, Some(after))
}

/// Records a change: the record's view before and after.
pub fn updated<B: Serialize, A: Serialize>(
    conn: &mut DbConnection,
    by: &ChangedBy,
    change: Change<'_>,
    before: &B,
    after: &A,
) -> AppResult<()> {
    record(conn, by, change, Some(before), Some(after))
}

/// Records a deletion: the record's view before.
pub fn deleted<B: Serialize>(
    conn: &mut DbConnection,
    by: &ChangedBy,
    change: Change<'_>,
    before: &B,
) -> AppResult<()> {
    record(conn, by, change, Some(before), None::<&()>)
}

fn to_json<T: Serialize>(value: &T) -> AppResult<String> {
    serde_json::to_string(value).map_err(|e| AppError::Failure {
        context: "cannot write the audit record",
        source: Box::new(e),
    })
}

/// Writes one audit entry inside the caller's transaction. `before` and `after` are
/// the public views of the record (never password hashes or full identity numbers).
pub fn record<B: Serialize, A: Serialize>(
    conn: &mut DbConnection,
    by: &ChangedBy,
    change: Change<'_>,
    before: Option<&B>,
    after: Option<&A>,
) -> AppResult<()> {
    let (user_id, actor) = match by {
        ChangedBy::User { id, name } => (Some(*id), format!("{name} (user {id})")),
        ChangedBy::Cli => (None, "command line".to_string()),
    };
    store::insert(
        conn,
        &NewAuditEntry {
            at: crate::store::now(),
            user_id,
            actor,
            organisation_id: Some(change.organisation_id),
            action: change.action.into(),
            entity: change.entity.into(),
            entity_id: change.entity_id,
            before_json: before.map(to_json).transpose()?,
            after_json: after.map(to_json).transpose()?,
        },
    )?;
    Ok(())
}

pub fn list(conn: &mut DbConnection, actor: &Actor, q: AuditQuery) -> AppResult<Page<AuditEntry>> {
    let (limit, offset) = PageParams {
        limit: q.limit,
        offset: q.offset,
    }
    .resolve()?;
    let root = super::list_root(conn, actor, q.organisation_id, Action::ReadAudit)?;
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if to.get() < from.get() {
            return Err(AppError::validation(
                "to",
                format!("{} is before from ({})", *to, *from),
            ));
        }
    }
    let filter = AuditFilter {
        organisation_id: q.organisation_id,
        entity: q.entity,
        entity_id: q.entity_id,
        user_id: q.user_id,
        from: q.from.and_then(|d| d.get().and_hms_opt(0, 0, 0)),
        until: q
            .to
            .and_then(|d| d.get().succ_opt())
            .and_then(|d| d.and_hms_opt(0, 0, 0)),
    };
    let (rows, total) = store::list_in_subtree(conn, &root.path, &filter, limit, offset)?;
    let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    Ok(Page {
        items: rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: r.at.and_utc(),
                user_id: r.user_id,
                actor: r.actor,
                organisation_id: r.organisation_id,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                before: parse(r.before_json),
                after: parse(r.after_json),
            })
            .collect(),
        total,
        limit,
        offset,
    })
}
