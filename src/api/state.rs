//! What every handler shares: the pool, the token keys, the lockout policy.

use actix_web::web;

use crate::auth::token::TokenKeys;
use crate::domain::user::LockoutPolicy;
use crate::error::{AppError, AppResult};
use crate::store::{DbConnection, DbPool};

#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub tokens: TokenKeys,
    pub lockout: LockoutPolicy,
    pub max_json_bytes: usize,
    pub max_upload_bytes: usize,
}

impl AppState {
    /// Runs blocking database work on actix's thread pool with a pooled connection.
    pub async fn db<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> AppResult<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await
        .map_err(|e| AppError::Internal(format!("blocking task failed: {e}")))?
    }
}
