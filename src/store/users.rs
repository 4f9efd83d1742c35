//! User rows, login bookkeeping, and the per-request actor lookup.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::organisations::OrganisationRow;
use super::schema::organisations::dsl as o;
use super::schema::users::{self, dsl as u};
use super::{DbConnection, StoreError};
use crate::domain::roles::RoleSet;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub email: String,
    pub password_hash: String,
    pub roles: RoleSet,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Tokens carry it; a password change, reset, role change or disabling bumps it.
    pub token_generation: i64,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser {
    pub organisation_id: i64,
    pub name: String,
    pub email: String,
    pub password_hash: String,
    pub roles: RoleSet,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The editable fields; `password_hash` only when the password changes.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserChanges {
    pub organisation_id: i64,
    pub name: String,
    pub email: String,
    pub roles: RoleSet,
    pub active: bool,
    pub password_hash: Option<String>,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub organisation_id: Option<i64>,
    pub active: Option<bool>,
}

pub fn find(conn: &mut DbConnection, id: i64) -> Result<Option<UserRow>, StoreError> {
    Ok(u::users
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_by_email(conn: &mut DbConnection, email: &str) -> Result<Option<UserRow>, StoreError> {
    Ok(u::users
        .filter(u::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// The user with their organisation: one query per request for the auth check.
pub fn find_with_organisation(
    conn: &mut DbConnection,
    id: i64,
) -> Result<Option<(UserRow, OrganisationRow)>, StoreError> {
    Ok(u::users
        .inner_join(o::organisations)
        .filter(u::id.eq(id))
        .select((UserRow::as_select(), OrganisationRow::as_select()))
        .first(conn)
        .optional()?)
}

/// Users of organisations under (and including) the node at `path`, one page at a time.
pub fn list_in_subtree(
    conn: &mut DbConnection,
    path: &str,
    filter: &UserFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<(UserRow, OrganisationRow)>, i64), StoreError> {
    let build = || {
        let mut q = u::users
            .inner_join(o::organisations)
            .filter(super::organisations::in_subtree(path))
            .into_boxed();
        if let Some(org) = filter.organisation_id {
            q = q.filter(u::organisation_id.eq(org));
        }
        if let Some(active) = filter.active {
            q = q.filter(u::active.eq(active));
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let rows = build()
        .order((o::path.asc(), u::email.asc()))
        .limit(limit)
        .offset(offset)
        .select((UserRow::as_select(), OrganisationRow::as_select()))
        .load(conn)?;
    Ok((rows, total))
}

pub fn insert(conn: &mut DbConnection, new: &NewUser) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(u::users)
        .values(new)
        .returning(u::id)
        .get_result(conn)?)
}

/// Applies the changes if the stored version is `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    id: i64,
    expected_version: i64,
    changes: &UserChanges,
) -> Result<bool, StoreError> {
    let n = diesel::update(
        u::users
            .filter(u::id.eq(id))
            .filter(u::version.eq(expected_version)),
    )
    .set((
        changes,
        u::version.eq(super::next_version(expected_version)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Ends every token issued to the user so far (they carry the old generation).
pub fn bump_token_generation(conn: &mut DbConnection, id: i64) -> Result<(), StoreError> {
    diesel::update(u::users.find(id))
        .set(u::token_generation.eq(u::token_generation + 1))
        .execute(conn)?;
    Ok(())
}

/// Active users holding `role`, leaving out `except`.
pub fn count_active_with_role(
    conn: &mut DbConnection,
    role: crate::domain::roles::Role,
    except: i64,
) -> Result<i64, StoreError> {
    use crate::domain::names::Named;
    // Roles are stored as their sorted comma-separated names; no name contains another.
    Ok(u::users
        .filter(u::active.eq(true))
        .filter(u::id.ne(except))
        .filter(u::roles.like(format!("%{}%", role.as_str())))
        .count()
        .get_result(conn)?)
}
