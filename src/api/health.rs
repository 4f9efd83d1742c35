//! Liveness and readiness probes (no authentication).

use actix_web::{web, HttpResponse};
use diesel::prelude::*;
use diesel::sql_types::Integer;

use super::state::AppState;
use crate::error::AppError;

pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// 200 when a pooled connection answers `SELECT 1`, else 503 problem+json.
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    state
        .db(|conn| {
            diesel::select(1.into_sql::<Integer>())
                .execute(conn)
                .map_err(|e| AppError::Unavailable(e.to_string()))
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "status": "ready" })))
}
