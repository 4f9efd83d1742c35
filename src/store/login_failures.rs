//! Failed logins per e-mail address and client address (issue 13.5; see the migration).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::login_failures::dsl as f;
use super::{DbConnection, StoreError};

/// Until when logins for `email` from `address` are refused, if they are.
pub fn locked_until(
    conn: &mut DbConnection,
    email: &str,
    address: &str,
) -> Result<Option<NaiveDateTime>, StoreError> {
    Ok(f::login_failures
        .filter(f::email.eq(email))
        .filter(f::address.eq(address))
        .select(f::locked_until)
        .first::<Option<NaiveDateTime>>(conn)
        .optional()?
        .flatten())
}

/// Counts a failed login in one conditional statement, so failures in flight at once all
/// count and none undoes another's lock (issue 13.1): the count grows by one, and the
/// failure that makes `max_failures` sets the lock and starts the count over. A lock
/// already set stays.
pub fn record_failure(
    conn: &mut DbConnection,
    email: &str,
    address: &str,
    max_failures: i32,
    lock_until: NaiveDateTime,
) -> Result<(), StoreError> {
    use diesel::dsl::case_when;
    use diesel::sql_types::{Integer, Nullable, Timestamp};
    // The row first, if none: in a savepoint, so the unique violation of a failure
    // inserting it at the same time leaves the transaction usable (PostgreSQL).
    let exists = f::login_failures
        .filter(f::email.eq(email))
        .filter(f::address.eq(address))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if !exists {
        let inserted = conn.transaction(|c| {
            diesel::insert_into(f::login_failures)
                .values((
                    f::email.eq(email),
                    f::address.eq(address),
                    f::failures.eq(0),
                ))
                .execute(c)
        });
        match inserted {
            Ok(_)
            | Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let reaches = || f::failures.ge(max_failures - 1);
    diesel::update(
        f::login_failures
            .filter(f::email.eq(email))
            .filter(f::address.eq(address)),
    )
    .set((
        f::failures.eq(case_when(reaches(), 0.into_sql::<Integer>()).otherwise(f::failures + 1)),
        f::locked_until.eq(case_when(
            reaches(),
            Some(lock_until).into_sql::<Nullable<Timestamp>>(),
        )
        .otherwise(f::locked_until)),
    ))
    .execute(conn)?;
    Ok(())
}

/// Clears the failures of a successful login from `address` unless a lock is in force
/// at `now` (set by failures that finished while the password was being checked): false
/// then, and the login is refused.
pub fn record_success(
    conn: &mut DbConnection,
    email: &str,
    address: &str,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let locked: i64 = f::login_failures
        .filter(f::email.eq(email))
        .filter(f::address.eq(address))
        .filter(f::locked_until.gt(now))
        .count()
        .get_result(conn)?;
    if locked > 0 {
        return Ok(false);
    }
    diesel::delete(
        f::login_failures
            .filter(f::email.eq(email))
            .filter(f::address.eq(address)),
    )
    .execute(conn)?;
    Ok(true)
}

/// Whether logins for `email` are refused from some address at `now`.
pub fn locked_anywhere(
    conn: &mut DbConnection,
    email: &str,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let n: i64 = f::login_failures
        .filter(f::email.eq(email))
        .filter(f::locked_until.gt(now))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Forgets every failure and lock of `email` (an admin's unlock or password reset).
pub fn clear(conn: &mut DbConnection, email: &str) -> Result<usize, StoreError> {
    Ok(diesel::delete(f::login_failures.filter(f::email.eq(email))).execute(conn)?)
}

/// Which of `emails` are locked from some address at `now`.
pub fn locked_among(
    conn: &mut DbConnection,
    emails: &[String],
    now: NaiveDateTime,
) -> Result<std::collections::HashSet<String>, StoreError> {
    Ok(f::login_failures
        .filter(f::email.eq_any(emails))
        .filter(f::locked_until.gt(now))
        .select(f::email)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}
