//! Users: admins manage them, managers and auditors read them, everyone reads themselves.

use super::audit::{self, record, Change};
use super::{expect_version, stale, ChangedBy};
use crate::auth::password;
use crate::domain::access::{Action, Actor};
use crate::domain::roles::{Role, RoleSet};
use crate::domain::user as rules;
use crate::domain::validation::{required_text, Violations};
use crate::error::{AppError, AppResult};
use crate::store::login_failures as failures;
use crate::store::organisations::{self as orgs, OrganisationRow};
use crate::store::users::{self as store, NewUser, UserChanges, UserFilter, UserRow};
use crate::store::DbConnection;
use crate::views::users::{NewUserInput, PasswordChange, User, UserPatch, UserQuery};
use crate::views::{Page, PageParams};

/// The user with whether logins for them are locked now.
fn view(conn: &mut DbConnection, u: UserRow, o: &OrganisationRow) -> AppResult<User> {
    let locked = failures::locked_anywhere(conn, &u.email, crate::store::now())?;
    User::from_rows(u, o, locked)
}

impl User {
    /// The user's view; `locked`: logins for the address are refused from some client
    /// address now.
    pub fn from_rows(u: UserRow, o: &OrganisationRow, locked: bool) -> AppResult<Self> {
        let roles = u.roles;
        Ok(Self {
            id: u.id,
            organisation_id: u.organisation_id,
            organisation_code: o.code.clone(),
            organisation_name: o.name.clone(),
            name: u.name,
            email: u.email,
            roles: roles.to_vec(),
            active: u.active,
            locked,
            version: u.version,
            created_at: u.created_at.and_utc(),
            updated_at: u.updated_at.and_utc(),
        })
    }
}

/// Checked values of a new or edited user.
struct CheckedUser {
    name: String,
    email: String,
    roles: RoleSet,
}

fn check_user(name: &str, email: &str, roles: Vec<Role>) -> Result<CheckedUser, Violations> {
    let mut v = Violations::new();
    let name = v.check("name", required_text(name, 200));
    let email = v.check("email", rules::normalize_email(email));
    let roles = v.check("roles", RoleSet::new(roles));
    v.into_result()?;
    Ok(CheckedUser {
        name: name.unwrap_or_default(),
        email: email.unwrap_or_default(),
        roles: roles.unwrap_or_default(),
    })
}

/// Checks a new password (`about_user`: the user's name and e-mail address, which it must
/// not be made of) and hashes it.
fn hash_password(field: &str, pw: &str, about_user: &[&str]) -> AppResult<String> {
    rules::check_password(pw, about_user).map_err(|m| AppError::validation(field, m))?;
    password::hash(pw).map_err(|e| AppError::Failure {
        context: "cannot hash the password",
        source: e.to_string().into(),
    })
}

fn missing_user(id: i64) -> AppError {
    AppError::NotFound(format!("no user {id}"))
}

fn missing_org(id: i64) -> AppError {
    AppError::validation("organisation_id", format!("no organisation {id} exists"))
}

fn load(conn: &mut DbConnection, id: i64) -> AppResult<(UserRow, OrganisationRow)> {
    store::find_with_organisation(conn, id)?.ok_or_else(|| missing_user(id))
}

fn load_target_org(conn: &mut DbConnection, id: i64) -> AppResult<OrganisationRow> {
    orgs::find(conn, id)?.ok_or_else(|| missing_org(id))
}

fn check_roles_fit(roles: &RoleSet, org: &OrganisationRow) -> AppResult<()> {
    let kind = org.kind;
    rules::check_roles_for_organisation(roles, kind).map_err(|m| AppError::validation("roles", m))
}

fn check_email_free(conn: &mut DbConnection, email: &str, self_id: Option<i64>) -> AppResult<()> {
    match store::find_by_email(conn, email)? {
        Some(u) if Some(u.id) != self_id => Err(AppError::conflict(
            "email",
            format!("another user has the e-mail address {email}"),
        )),
        _ => Ok(()),
    }
}

pub fn me(conn: &mut DbConnection, actor: &Actor) -> AppResult<User> {
    let (u, o) = load(conn, actor.user_id)?;
    view(conn, u, &o)
}

pub fn get(conn: &mut DbConnection, actor: &Actor, id: i64) -> AppResult<User> {
    let (u, o) = load(conn, id)?;
    if id != actor.user_id {
        super::authorize_found(actor, Action::ReadUsers, &o, || missing_user(id))?;
    }
    view(conn, u, &o)
}

pub fn list(conn: &mut DbConnection, actor: &Actor, q: UserQuery) -> AppResult<Page<User>> {
    let (limit, offset) = PageParams {
        limit: q.limit,
        offset: q.offset,
    }
    .resolve()?;
    let root = super::list_root(conn, actor, q.organisation_id, Action::ReadUsers)?;
    let filter = UserFilter {
        organisation_id: q.organisation_id,
        active: q.active,
    };
    let (rows, total) = store::list_in_subtree(conn, &root.path, &filter, limit, offset)?;
    let emails: Vec<String> = rows.iter().map(|(u, _)| u.email.clone()).collect();
    let locked = failures::locked_among(conn, &emails, crate::store::now())?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|(u, o)| {
                let is_locked = locked.contains(&u.email);
                User::from_rows(u, &o, is_locked)
            })
            .collect::<AppResult<_>>()?,
        total,
        limit,
        offset,
    })
}

pub fn create(
    conn: &mut DbConnection,
    by: &ChangedBy,
    actor: Option<&Actor>,
    input: NewUserInput,
) -> AppResult<User> {
    let checked = check_user(&input.name, &input.email, input.roles)?;
    // Hashing is slow on purpose: do it before taking the write lock.
    let password_hash = hash_password(
        "password",
        &input.password,
        &[&checked.name, &checked.email],
    )?;
    conn.write_tx(|conn| {
        let org = load_target_org(conn, input.organisation_id)?;
        if let Some(actor) = actor {
            super::authorize_found(actor, Action::ManageUsers, &org, || {
                missing_org(input.organisation_id)
            })?;
        }
        check_roles_fit(&checked.roles, &org)?;
        check_email_free(conn, &checked.email, None)?;
        let now = crate::store::now();
        let id = store::insert(
            conn,
            &NewUser {
                organisation_id: org.id,
                name: checked.name,
                email: checked.email,
                password_hash,
                roles: checked.roles,
                active: input.active.unwrap_or(true),
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        let (u, o) = load(conn, id)?;
        let created = view(conn, u, &o)?;
        audit::created(conn, by, Change::of("user", id, org.id, "create"), &created)?;
        Ok(created)
    })
}

pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    patch: UserPatch,
) -> AppResult<User> {
    let password_hash = match patch.password.as_deref() {
        Some(pw) => {
            // Who may change the user comes before what is wrong with the password.
            let (u, org) = load(conn, id)?;
            super::authorize_found(actor, Action::ManageUsers, &org, || missing_user(id))?;
            let name = patch.name.as_deref().unwrap_or(&u.name);
            let email = patch.email.as_deref().unwrap_or(&u.email);
            Some(hash_password("password", pw, &[name, email])?)
        }
        None => None,
    };
    conn.write_tx(|conn| {
        let (current, current_org) = load(conn, id)?;
        super::authorize_found(actor, Action::ManageUsers, &current_org, || {
            missing_user(id)
        })?;
        let current_roles = current.roles.clone();
        let checked = check_user(
            patch.name.as_deref().unwrap_or(&current.name),
            patch.email.as_deref().unwrap_or(&current.email),
            patch
                .roles
                .clone()
                .unwrap_or_else(|| current_roles.to_vec()),
        )?;
        let org = match patch.organisation_id {
            Some(o) if o != current.organisation_id => {
                let org = load_target_org(conn, o)?;
                super::authorize_found(actor, Action::ManageUsers, &org, || missing_org(o))?;
                org
            }
            _ => current_org.clone(),
        };
        check_roles_fit(&checked.roles, &org)?;
        let active = patch.active.unwrap_or(current.active);
        if id == actor.user_id && (!active || !checked.roles.contains(Role::Admin)) {
            return Err(AppError::validation(
                if active { "roles" } else { "active" },
                "you cannot disable yourself or take away your own admin role; ask another admin",
            ));
        }
        check_email_free(conn, &checked.email, Some(id))?;
        // Never leave the project without an active admin (issue 13.8), even when two
        // admins disable each other at once: such changes queue on the owner's row and
        // each counts the others after the one before it committed.
        let was_admin = current.active && current.roles.contains(Role::Admin);
        if was_admin && (!active || !checked.roles.contains(Role::Admin)) {
            orgs::lock_owner(conn)?;
            if store::count_active_with_role(conn, Role::Admin, id)? == 0 {
                return Err(AppError::conflict(
                    if active { "roles" } else { "active" },
                    "this is the last active admin; make someone else an admin first",
                ));
            }
        }
        if patch.version != current.version {
            return Err(stale("user", patch.version));
        }
        let old_email = current.email.clone();
        let before = view(conn, current, &current_org)?;
        let changes_password = password_hash.is_some();
        let changes_email = checked.email.clone();
        let changes = UserChanges {
            organisation_id: org.id,
            name: checked.name,
            email: checked.email,
            roles: checked.roles,
            active,
            password_hash,
            updated_at: crate::store::now(),
        };
        expect_version(
            store::update(conn, id, patch.version, &changes)?,
            "user",
            patch.version,
        )?;
        // A new password, other roles, another organisation or disabling ends the
        // tokens issued before (issue 13.7).
        let roles_changed = changes.roles != current_roles;
        if changes_password || roles_changed || org.id != current_org.id || !active {
            store::bump_token_generation(conn, id)?;
        }
        if patch.unlock == Some(true) || changes_password {
            failures::clear(conn, &old_email)?;
            failures::clear(conn, &changes_email)?;
        }
        let (u, o) = load(conn, id)?;
        let after = view(conn, u, &o)?;
        audit::updated(
            conn,
            &ChangedBy::of(actor),
            Change::of("user", id, org.id, "update"),
            &before,
            &after,
        )?;
        Ok(after)
    })
}

/// Any user changes their own password by giving the current one.
pub fn change_own_password(
    conn: &mut DbConnection,
    actor: &Actor,
    change: PasswordChange,
) -> AppResult<()> {
    let (current, org) = load(conn, actor.user_id)?;
    // Wrong current passwords count like failed logins, under their own key, so a
    // stolen token cannot be used to guess the password (issue 13.8).
    const KEY: &str = "password change";
    let now = crate::store::now();
    if let Some(until) = failures::locked_until(conn, &current.email, KEY)?.filter(|t| *t > now) {
        return Err(AppError::TooManyRequests {
            detail: "too many wrong current passwords; try again later".into(),
            retry_after: (until - now).num_seconds().max(1) as u64,
        });
    }
    if !password::verify(&change.current_password, &current.password_hash) {
        let policy = crate::domain::user::LockoutPolicy::default();
        conn.write_tx(|conn| {
            failures::record_failure(
                conn,
                &current.email,
                KEY,
                policy.max_failures,
                now + policy.lock_for,
            )
            .map_err(AppError::from)
        })?;
        return Err(AppError::validation(
            "current_password",
            "is not your current password",
        ));
    }
    let new_hash = hash_password(
        "new_password",
        &change.new_password,
        &[&current.name, &current.email],
    )?;
    conn.write_tx(|conn| {
        let user = view(conn, current.clone(), &org)?;
        let changes = UserChanges {
            organisation_id: current.organisation_id,
            name: current.name.clone(),
            email: current.email.clone(),
            roles: current.roles.clone(),
            active: current.active,
            password_hash: Some(new_hash),
            updated_at: crate::store::now(),
        };
        expect_version(
            store::update(conn, current.id, current.version, &changes)?,
            "user",
            current.version,
        )?;
        // The new password ends the tokens issued before, this one too.
        store::bump_token_generation(conn, current.id)?;
        // The user as before; nothing of the new password is kept.
        record(
            conn,
            &ChangedBy::of(actor),
            Change::of(
                "user",
                current.id,
                current.organisation_id,
                "change_password",
            ),
            Some(&user),
            None::<&User>,
        )
    })
}
