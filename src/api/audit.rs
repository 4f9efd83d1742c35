//! /audit-log: who changed what, for managers, auditors and admins in their scope.

use actix_web::{get, web};

use super::state::AppState;
use crate::domain::access::Actor;
use crate::error::{AppResult, Problem};
use crate::service::audit as service;
use crate::views::audit::{AuditEntry, AuditQuery};
use crate::views::Page;

/// The audit log of your scope, filtered by entity, organisation, user and time (identity numbers masked).
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    responses(
        (status = 200, body = Page<AuditEntry>), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem),
    )
)]
#[get("/audit-log")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<AuditQuery>,
) -> AppResult<web::Json<Page<AuditEntry>>> {
    let q = q.into_inner();
    Ok(web::Json(
        state.db(move |c| service::list(c, &actor, q)).await?,
    ))
}
