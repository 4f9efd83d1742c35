//! Sessions of the web application (issue 14): started by the same credential check as
//! the API's token, resumed into the same `Actor`, ended on the server by logging out.
//!
//! The browser holds a random secret (256 bits) in an HttpOnly cookie; the database holds
//! its SHA-256, the user, the user's token generation when the session began (a new
//! password, a reset, other roles or disabling end the session as they end tokens) and
//! the session's CSRF token. A session expires after `idle` without a request and at the
//! latest `lifetime` after it began.

use base64::Engine;
use chrono::{NaiveDateTime, TimeDelta};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::auth::token::Subject;
use crate::domain::access::Actor;
use crate::domain::user::LockoutPolicy;
use crate::error::{AppError, AppResult};
use crate::store::web_sessions::{self as store, NewSession};
use crate::store::DbConnection;

/// How long sessions last.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// Without a request for this long the session ends.
    pub idle: TimeDelta,
    /// A session ends this long after it began, however busy.
    pub lifetime: TimeDelta,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: TimeDelta::minutes(30),
            lifetime: TimeDelta::hours(10),
        }
    }
}

/// A session just begun: the secret for the cookie (shown to nobody else, stored only
/// hashed).
pub struct Started {
    pub secret: String,
}

/// A live session: who, and the token every form that changes something must carry.
#[derive(Debug, Clone)]
pub struct Resumed {
    pub actor: Actor,
    pub csrf_token: String,
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A fresh random token for a form that comes before any session (the login form's
/// double-submit token).
pub fn form_token() -> String {
    random_token()
}

/// Checks the credentials as the API's login does (lockout and all) and begins a new
/// session: a new secret at every login, never one the browser brought.
pub fn start(
    conn: &mut DbConnection,
    lockout: &LockoutPolicy,
    policy: &SessionPolicy,
    email: &str,
    password: &str,
    address: &str,
) -> AppResult<Started> {
    let user = super::auth::verify_credentials(conn, lockout, email, password, address)?;
    let secret = random_token();
    let csrf = random_token();
    let now = crate::store::now();
    conn.write_tx(|conn| {
        store::delete_expired(conn, now)?;
        store::insert(
            conn,
            &NewSession {
                secret_sha256: &digest(&secret),
                user_id: user.id,
                token_generation: user.token_generation,
                csrf_token: &csrf,
                created_at: now,
                last_seen_at: now,
                expires_at: expiry(policy, now, now),
            },
        )
        .map_err(AppError::from)
    })?;
    Ok(Started { secret })
}

fn expiry(policy: &SessionPolicy, created: NaiveDateTime, now: NaiveDateTime) -> NaiveDateTime {
    (now + policy.idle).min(created + policy.lifetime)
}

/// The session this secret opens, with its actor loaded as for a token (a disabled user,
/// or one whose password or roles changed since, is refused); its idle expiry moves on
/// (at most once a minute, to spare writes).
pub fn resume(conn: &mut DbConnection, policy: &SessionPolicy, secret: &str) -> AppResult<Resumed> {
    let now = crate::store::now();
    let session = store::find_live(conn, &digest(secret), now)?
        .ok_or_else(|| AppError::Unauthorized("the session has ended; log in again".into()))?;
    let actor = super::auth::load_actor(
        conn,
        Subject {
            user_id: session.user_id,
            generation: session.token_generation,
        },
    )?;
    if now.signed_duration_since(session.last_seen_at) >= TimeDelta::minutes(1) {
        conn.write_tx(|conn| {
            store::touch(
                conn,
                session.id,
                now,
                expiry(policy, session.created_at, now),
            )
            .map_err(AppError::from)
        })?;
    }
    Ok(Resumed {
        actor,
        csrf_token: session.csrf_token,
    })
}

/// Ends the session with this secret, on the server (logging out).
pub fn end(conn: &mut DbConnection, secret: &str) -> AppResult<()> {
    conn.write_tx(|conn| store::delete(conn, &digest(secret)).map_err(AppError::from))?;
    Ok(())
}

/// Whether a form's CSRF token is the session's, compared in constant time.
pub fn csrf_matches(expected: &str, given: &str) -> bool {
    use subtle::ConstantTimeEq;
    expected.len() == given.len() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_is_idle_but_never_past_the_lifetime() {
        let p = SessionPolicy::default();
        let t0 = chrono::DateTime::from_timestamp(1_700_000_000, 0)
            .unwrap()
            .naive_utc();
        assert_eq!(expiry(&p, t0, t0), t0 + TimeDelta::minutes(30));
        let late = t0 + TimeDelta::hours(9) + TimeDelta::minutes(50);
        assert_eq!(expiry(&p, t0, late), t0 + TimeDelta::hours(10));
    }

    #[test]
    fn tokens_are_random_and_compared_whole() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(csrf_matches(&a, &a));
        assert!(!csrf_matches(&a, &b));
        assert!(!csrf_matches(&a, &a[..42]));
        assert!(!csrf_matches(&a, ""));
    }
}
