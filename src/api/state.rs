//! What every handler shares: the pool, the token keys, the lockout policy.

use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use actix_web::web;

use crate::auth::token::TokenKeys;
use crate::domain::user::LockoutPolicy;
use crate::error::{AppError, AppResult};
use crate::store::organisations::Directory;
use crate::store::{DbConnection, DbPool};

/// How long after the pool last failed to hand out a connection requests only wait
/// briefly for one, and how briefly.
const HURRY_FOR_MS: i64 = 2_000;
const HURRIED_WAIT: Duration = Duration::from_millis(250);

/// When the pool last failed to hand out a connection (milliseconds since the epoch,
/// 0 for not lately). While the database is down every request would otherwise wait
/// the pool's whole timeout (5 s) before its 503; just after a failure they wait
/// briefly, and the first success ends that.
#[derive(Clone, Default)]
pub struct PoolHealth(Arc<AtomicI64>);

impl PoolHealth {
    /// How long to wait for a connection at `now`: the pool's own timeout, or briefly
    /// after a recent failure.
    fn wait_at(&self, now: i64) -> Option<Duration> {
        let last = self.0.load(Ordering::Relaxed);
        (last != 0 && now - last < HURRY_FOR_MS).then_some(HURRIED_WAIT)
    }

    fn failed_at(&self, now: i64) {
        self.0.store(now, Ordering::Relaxed);
    }

    fn recovered(&self) {
        self.0.store(0, Ordering::Relaxed);
    }
}

/// Bounds the password checks running at once (argon2 takes about 19 MB and most of a
/// core each): a flood of logins waits in no queue and holds no memory beyond the bound;
/// a login finding every slot taken is answered 429 with Retry-After (issue 13.6).
#[derive(Clone)]
pub struct HashingSlots {
    in_use: Arc<AtomicUsize>,
    max: usize,
}

/// A taken slot, given back when dropped.
pub struct HashingSlot(Arc<AtomicUsize>);

impl Drop for HashingSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl HashingSlots {
    pub fn new(max: usize) -> Self {
        HashingSlots {
            in_use: Arc::new(AtomicUsize::new(0)),
            max,
        }
    }

    /// One slot per core.
    pub fn per_core() -> Self {
        Self::new(std::thread::available_parallelism().map_or(2, usize::from))
    }

    pub fn try_take(&self) -> AppResult<HashingSlot> {
        let taken = self
            .in_use
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max).then_some(n + 1)
            });
        match taken {
            Ok(_) => Ok(HashingSlot(self.in_use.clone())),
            Err(_) => Err(AppError::TooManyRequests {
                detail: "too many logins at once; try again in a moment".into(),
                retry_after: 1,
            }),
        }
    }
}

/// Logins per client address across every e-mail address (issue 13.6): the lockout counts
/// failures per e-mail and address, so this is what slows one address trying many
/// accounts (password spraying). A keyed GCRA limiter from the `governor` crate, shared by
/// every worker; a burst of `per_minute` and then one every 60/`per_minute` seconds.
#[derive(Clone)]
pub struct LoginLimiter {
    limiter: Arc<governor::DefaultKeyedRateLimiter<std::net::IpAddr>>,
}

impl LoginLimiter {
    /// Addresses remembered before idle ones are forgotten (a flood from many addresses
    /// holds no more memory than this).
    const REMEMBERED: usize = 100_000;

    pub fn per_minute(per_minute: std::num::NonZeroU32) -> Self {
        LoginLimiter {
            limiter: Arc::new(governor::RateLimiter::keyed(governor::Quota::per_minute(
                per_minute,
            ))),
        }
    }

    /// A login from `address` (unknown peers share one key) may go on, or 429 with the
    /// seconds until it may.
    pub fn check(&self, address: Option<std::net::IpAddr>) -> AppResult<()> {
        use governor::clock::{Clock, DefaultClock};
        if self.limiter.len() > Self::REMEMBERED {
            self.limiter.retain_recent();
        }
        let key = address.unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        self.limiter.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            AppError::TooManyRequests {
                detail: "too many logins from your address; try again later".into(),
                retry_after: wait.as_secs().max(1),
            }
        })
    }
}

#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub pool_health: PoolHealth,
    pub tokens: TokenKeys,
    pub lockout: LockoutPolicy,
    pub hashing: HashingSlots,
    pub login_limit: LoginLimiter,
    /// How long web sessions last.
    pub sessions: crate::service::sessions::SessionPolicy,
    /// Mark cookies `Secure` (the service runs behind HTTPS).
    pub secure_cookies: bool,
    pub max_json_bytes: usize,
    pub max_upload_bytes: usize,
    /// The actors this process has verified (`api::actors`).
    pub actors: super::actors::ActorCache,
}

/// A login let through to its password check: the client address the failures are
/// counted under, and the hashing slot to hold until the check is done.
pub struct AdmittedLogin {
    pub address: String,
    pub slot: HashingSlot,
}

impl AppState {
    /// What every login passes before its password is checked, the API's token and the
    /// web application's session alike: the per-address limit across e-mail addresses,
    /// then a hashing slot. Behind a proxy every client shares the proxy's address (see
    /// README).
    pub fn admit_login(&self, peer: Option<std::net::IpAddr>) -> AppResult<AdmittedLogin> {
        self.login_limit.check(peer)?;
        let slot = self.hashing.try_take()?;
        Ok(AdmittedLogin {
            address: peer.map_or_else(|| "unknown".into(), |ip| ip.to_string()),
            slot,
        })
    }

    /// Runs blocking database work on actix's thread pool with a pooled connection. In
    /// a request that may write (and outside any request), the directory generation is
    /// read after the work, in the same hop (`api::actors`).
    pub async fn db<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> AppResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        let health = self.pool_health.clone();
        let actors = self.actors.clone();
        let may_write = super::middleware::request_may_write();
        web::block(move || {
            let now = chrono::Utc::now().timestamp_millis();
            let hurried = health.wait_at(now);
            let got = match hurried {
                Some(wait) => pool.get_timeout(wait),
                None => pool.get(),
            };
            let mut conn = match got {
                Ok(conn) => conn,
                Err(e) => {
                    // When it failed, not when it began to wait (up to 5 s earlier).
                    health.failed_at(chrono::Utc::now().timestamp_millis());
                    return Err(e.into());
                }
            };
            if hurried.is_some() {
                health.recovered();
            }
            let done = f(&mut conn);
            if done
                .as_ref()
                .is_err_and(|e| actix_web::ResponseError::status_code(e).is_server_error())
            {
                conn.suspect();
            }
            // After work that may have changed the directory, so the change is seen by
            // the next request; if the read fails, no cached actor is trusted until a
            // later read succeeds.
            if may_write && actors.read_generation(&mut conn).is_err() {
                conn.suspect();
            }
            done
        })
        .await
        .map_err(|e| AppError::Internal(format!("blocking task failed: {e}")))?
    }

    /// `db` for a read that needs organisations by id: the work gets the organisations
    /// this process holds at the directory generation it trusts now (`api::actors`), or
    /// `None` (then it queries them) when it trusts none or the request may write, since
    /// work that changes an organisation must read it back from its own transaction.
    pub async fn db_read<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection, Option<&Directory>) -> AppResult<T> + Send + 'static,
    {
        let actors = self.actors.clone();
        let may_write = super::middleware::request_may_write();
        self.db(move |conn| {
            let directory = if may_write {
                None
            } else {
                actors.directory(conn)?
            };
            f(conn, directory.as_deref())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_hurry_only_just_after_a_failure() {
        let health = PoolHealth::default();
        assert_eq!(health.wait_at(10_000), None);
        health.failed_at(10_000);
        assert_eq!(health.wait_at(10_001), Some(HURRIED_WAIT));
        assert_eq!(health.wait_at(11_999), Some(HURRIED_WAIT));
        assert_eq!(health.wait_at(12_000), None);
        health.recovered();
        assert_eq!(health.wait_at(10_001), None);
    }

    #[test]
    fn hashing_slots_are_bounded_and_given_back() {
        let slots = HashingSlots::new(2);
        let a = slots.try_take().unwrap();
        let _b = slots.try_take().unwrap();
        assert!(matches!(
            slots.try_take(),
            Err(AppError::TooManyRequests { retry_after: 1, .. })
        ));
        drop(a);
        assert!(slots.try_take().is_ok());
    }
}
