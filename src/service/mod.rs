//! Use cases: each runs domain rules, the scope check and storage in one transaction.
//! Handlers call these through `AppState::db`; the CLI calls them directly.

pub mod attendance;
pub mod audit;
pub mod auth;
pub mod budget_follow_up;
pub mod budgets;
pub mod claims;
pub mod entries;
pub mod entry_imports;
pub mod frozen;
pub mod imports;
pub mod monthly_reports;
pub mod organisations;
pub mod participant_imports;
pub mod participants;
pub mod payments;
pub mod periods;
pub mod project;
pub mod scb;
pub mod sessions;
pub mod social_fees;
pub mod staff;
pub mod statistics;
pub mod timesheet_adjustments;
pub mod timesheets;
pub mod todo;
pub mod uploads;
pub mod users;
pub mod verify;

use crate::domain::access::{Actor, OrgScope};
use crate::error::{AppError, AppResult};
use crate::store::organisations::{Directory, OrganisationRow};
use crate::views::PageParams;

pub const DEFAULT_PAGE_SIZE: i64 = 100;
pub const MAX_PAGE_SIZE: i64 = 1000;

impl PageParams {
    pub fn resolve(self) -> AppResult<(i64, i64)> {
        let limit = self.limit.unwrap_or(DEFAULT_PAGE_SIZE);
        let offset = self.offset.unwrap_or(0);
        let mut v = crate::domain::validation::Violations::new();
        if !(1..=MAX_PAGE_SIZE).contains(&limit) {
            v.add("limit", format!("{limit} is outside 1-{MAX_PAGE_SIZE}"));
        }
        if offset < 0 {
            v.add("offset", format!("{offset} must not be negative"));
        }
        v.into_result()?;
        Ok((limit, offset))
    }
}

/// Who made a change, for the audit log.
#[derive(Debug, Clone)]
pub enum ChangedBy {
    User {
        id: i64,
        name: String,
    },
    /// A command-line operation on the server (seed, user add).
    Cli,
}

impl ChangedBy {
    pub fn of(actor: &Actor) -> Self {
        ChangedBy::User {
            id: actor.user_id,
            name: actor.name.clone(),
        }
    }
}

/// The organisation a list is rooted at (the given one, or the actor's own) after
/// checking that the actor may perform `action` there.
pub fn list_root(
    conn: &mut crate::store::DbConnection,
    actor: &Actor,
    organisation_id: Option<i64>,
    action: crate::domain::access::Action,
) -> AppResult<OrganisationRow> {
    list_root_in(conn, None, actor, organisation_id, action)
}

/// `list_root`, taking the organisation from `directory` when the caller has one (a
/// request that cannot write: `api::state::AppState::db_read`).
pub fn list_root_in(
    conn: &mut crate::store::DbConnection,
    directory: Option<&Directory>,
    actor: &Actor,
    organisation_id: Option<i64>,
    action: crate::domain::access::Action,
) -> AppResult<OrganisationRow> {
    let root_id = organisation_id.unwrap_or(actor.organisation_id);
    let missing = || AppError::NotFound(format!("no organisation {root_id}"));
    let root = match directory {
        Some(d) => d.find(root_id).cloned(),
        None => crate::store::organisations::find(conn, root_id)?,
    }
    .ok_or_else(missing)?;
    authorize_found(actor, action, &root, missing)?;
    Ok(root)
}

/// The ids of the organisations under (and including) `root`: a municipality's is
/// itself, with no query (nothing is placed under one).
pub fn subtree_ids(
    conn: &mut crate::store::DbConnection,
    directory: Option<&Directory>,
    root: &OrganisationRow,
) -> AppResult<Vec<i64>> {
    if !root.kind.may_have_children() {
        return Ok(vec![root.id]);
    }
    Ok(match directory {
        Some(d) => d.ids_in_subtree(&root.path),
        None => crate::store::organisations::ids_in_subtree(conn, &root.path)?,
    })
}

/// The gate for a record the request names by id (in its path or body), found in
/// `org`: where the actor may not see `org`, the record is answered with `missing()`,
/// exactly as one that does not exist, so ids of other organisations cannot be probed.
/// Use the same `missing` for the lookup itself.
pub fn authorize_found(
    actor: &Actor,
    action: crate::domain::access::Action,
    org: &OrganisationRow,
    missing: impl FnOnce() -> AppError,
) -> AppResult<()> {
    use crate::domain::access::Denied;
    match crate::domain::access::authorize(actor, action, &scope_of(org)) {
        Ok(()) => Ok(()),
        Err(Denied::OutOfSight) => Err(missing()),
        Err(Denied::Refused(rule)) => Err(AppError::Forbidden(rule)),
    }
}

pub fn scope_of(row: &OrganisationRow) -> OrgScope {
    OrgScope {
        id: row.id,
        parent_id: row.parent_id,
        path: row.path.clone(),
    }
}

/// A write conditioned on the version the user read: `Ok` when it went through (or the
/// versions match), the stale-version conflict when someone else changed the record
/// first.
pub fn expect_version(current: bool, entity: &str, expected: i64) -> AppResult<()> {
    if current {
        Ok(())
    } else {
        Err(stale(entity, expected))
    }
}

pub fn stale(entity: &str, expected: i64) -> AppError {
    AppError::StaleVersion(format!(
        "the {entity} was changed by someone else (your version {expected} is not the current one); reload and try again"
    ))
}
