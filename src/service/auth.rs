//! Login (with lockout after repeated failures) and the per-request actor lookup.

use crate::auth::password;
use crate::auth::token::{Subject, TokenKeys};
use crate::domain::access::Actor;
use crate::domain::user::LockoutPolicy;
use crate::error::{AppError, AppResult};
use crate::store::login_failures as failures;
use crate::store::users as store;
use crate::store::DbConnection;
use crate::views::auth::{LoginInput, TokenResponse};

/// One answer for a wrong password, an unknown address and a disabled account, so the
/// answer tells a stranger nothing (issue 13.8).
const INVALID_CREDENTIALS: &str = "invalid e-mail address or password, or the account is disabled";

const LOCKED: &str = "too many failed logins for this e-mail address from here; try again later";

/// Logs in from `address` (the client's). Failures are counted per e-mail address and
/// client address, for unknown addresses exactly as for real ones: a stranger's guesses
/// lock out only the stranger, and a 429 tells nothing about which accounts exist
/// (issue 13.5). An admin's unlock or password reset clears the count.
pub fn login(
    conn: &mut DbConnection,
    keys: &TokenKeys,
    policy: &LockoutPolicy,
    input: &LoginInput,
    address: &str,
) -> AppResult<TokenResponse> {
    let user = verify_credentials(conn, policy, &input.email, &input.password, address)?;
    Ok(TokenResponse {
        access_token: keys.issue(user.id, user.token_generation).map_err(|e| {
            AppError::Failure {
                context: "cannot sign the access token",
                source: Box::new(e),
            }
        })?,
        token_type: "Bearer".into(),
        expires_in: keys.ttl_seconds,
    })
}

/// The user whose e-mail address and password these are, active and not locked from
/// `address`; failures are counted per e-mail and address (the API's token and the web
/// application's session both start here).
pub fn verify_credentials(
    conn: &mut DbConnection,
    policy: &LockoutPolicy,
    email: &str,
    password: &str,
    address: &str,
) -> AppResult<crate::store::users::UserRow> {
    let email = email.trim().to_lowercase();
    let now = crate::store::now();
    if let Some(until) = failures::locked_until(conn, &email, address)?.filter(|t| *t > now) {
        return Err(AppError::TooManyRequests {
            detail: LOCKED.into(),
            retry_after: (until - now).num_seconds().max(1) as u64,
        });
    }
    let user = store::find_by_email(conn, &email)?;
    let right = match &user {
        Some(u) => password::verify(password, &u.password_hash),
        None => {
            password::verify_dummy(password);
            false
        }
    };
    let Some(user) = user.filter(|u| right && u.active) else {
        let lock_until = now + policy.lock_for;
        conn.write_tx(|conn| {
            failures::record_failure(conn, &email, address, policy.max_failures, lock_until)
                .map_err(AppError::from)
        })?;
        tracing::info!("failed login");
        return Err(AppError::Unauthorized(INVALID_CREDENTIALS.into()));
    };
    // The right password still loses to a lock that failures in flight set while it was
    // being checked: the lock is read again in the statement that clears the count.
    let now = crate::store::now();
    if !conn.write_tx(|conn| {
        failures::record_success(conn, &email, address, now).map_err(AppError::from)
    })? {
        return Err(AppError::TooManyRequests {
            detail: LOCKED.into(),
            retry_after: policy.lock_for.num_seconds().max(1) as u64,
        });
    }
    tracing::info!(user_id = user.id, "login");
    Ok(user)
}

/// The directory generation (`store::directory`): what a cached actor is checked against.
pub fn directory_generation(conn: &mut DbConnection) -> AppResult<i64> {
    Ok(crate::store::directory::generation(conn)?)
}

/// Loads the user named by a verified token. Disabled or deleted users are refused
/// here, on every request, whatever their token says.
pub fn load_actor(conn: &mut DbConnection, subject: Subject) -> AppResult<Actor> {
    let (user, org) = store::find_with_organisation(conn, subject.user_id)?
        .ok_or_else(|| AppError::Unauthorized("the token's user no longer exists".into()))?;
    if !user.active {
        return Err(AppError::Unauthorized("this account is disabled".into()));
    }
    // A password change, reset, role change or disabling ends the tokens issued before.
    if subject.generation != user.token_generation {
        return Err(AppError::Unauthorized(
            "the token is no longer valid (the password or roles changed); log in again".into(),
        ));
    }
    Ok(Actor {
        user_id: user.id,
        name: user.name,
        organisation_id: org.id,
        organisation_kind: org.kind,
        organisation_path: org.path,
        roles: user.roles,
    })
}
