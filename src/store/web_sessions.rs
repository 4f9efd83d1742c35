//! Sessions of the web application: one row per logged-in browser, found by the SHA-256
//! of the cookie's secret (the secret itself is never stored).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::web_sessions::{self, dsl as w};
use super::{DbConnection, StoreError};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = web_sessions)]
pub struct SessionRow {
    pub id: i64,
    pub user_id: i64,
    pub token_generation: i64,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = web_sessions)]
pub struct NewSession<'a> {
    pub secret_sha256: &'a str,
    pub user_id: i64,
    pub token_generation: i64,
    pub csrf_token: &'a str,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, new: &NewSession) -> Result<i64, StoreError> {
    Ok(diesel::insert_into(w::web_sessions)
        .values(new)
        .returning(w::id)
        .get_result(conn)?)
}

/// The session whose secret hashes to `secret_sha256`, if it has not expired at `now`.
pub fn find_live(
    conn: &mut DbConnection,
    secret_sha256: &str,
    now: NaiveDateTime,
) -> Result<Option<SessionRow>, StoreError> {
    Ok(w::web_sessions
        .filter(w::secret_sha256.eq(secret_sha256))
        .filter(w::expires_at.gt(now))
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?)
}

/// Moves a session's idle expiry on.
pub fn touch(
    conn: &mut DbConnection,
    id: i64,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(w::web_sessions.filter(w::id.eq(id)))
        .set((w::last_seen_at.eq(now), w::expires_at.eq(expires_at)))
        .execute(conn)?;
    Ok(())
}

/// Ends the session with this secret (logging out); `true` if there was one.
pub fn delete(conn: &mut DbConnection, secret_sha256: &str) -> Result<bool, StoreError> {
    Ok(
        diesel::delete(w::web_sessions.filter(w::secret_sha256.eq(secret_sha256))).execute(conn)?
            == 1,
    )
}

/// Forgets sessions that expired before `now`.
pub fn delete_expired(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, StoreError> {
    Ok(diesel::delete(w::web_sessions.filter(w::expires_at.le(now))).execute(conn)?)
}
