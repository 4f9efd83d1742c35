//! /timesheet-adjustments: corrections of attested timesheets in closed months.

use actix_web::{delete, get, post, web, HttpResponse};

use super::json::ApiJson;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::error::{AppResult, Problem};
use crate::service::timesheet_adjustments as service;
use crate::views::timesheet_adjustments::{AdjustmentInput, AdjustmentQuery, TimesheetAdjustment};
use crate::views::{Page, VersionInput};

/// Adjustments to attested timesheets of closed months, in your scope.
#[utoipa::path(
    tag = "timesheets",
    params(AdjustmentQuery),
    responses((status = 200, body = Page<TimesheetAdjustment>), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem))
)]
#[get("/timesheet-adjustments")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<AdjustmentQuery>,
) -> AppResult<web::Json<Page<TimesheetAdjustment>>> {
    let q = q.into_inner();
    Ok(web::Json(
        state.db(move |c| service::list(c, &actor, q)).await?,
    ))
}

/// Correct one day of an attested timesheet whose month is closed: signed hours at the
/// original rate, booked in an open month, with a reason (economists of the organisation).
#[utoipa::path(
    tag = "timesheets",
    request_body = AdjustmentInput,
    responses((status = 201, body = TimesheetAdjustment), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[post("/timesheet-adjustments")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    input: ApiJson<AdjustmentInput>,
) -> AppResult<HttpResponse> {
    let input = input.into_inner();
    let adj = state.db(move |c| service::create(c, &actor, input)).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/timesheet-adjustments/{}", adj.id),
        ))
        .json(adj))
}

/// One timesheet adjustment.
#[utoipa::path(
    tag = "timesheets",
    params(("id" = i64, Path, description = "Adjustment id")),
    responses((status = 200, body = TimesheetAdjustment), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem))
)]
#[get("/timesheet-adjustments/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> AppResult<web::Json<TimesheetAdjustment>> {
    let id = id.into_inner();
    Ok(web::Json(
        state.db(move |c| service::get(c, &actor, id)).await?,
    ))
}

/// Attest a draft adjustment (a manager, never its author); then it counts.
#[utoipa::path(
    tag = "timesheets",
    params(("id" = i64, Path, description = "Adjustment id")),
    request_body = VersionInput,
    responses((status = 200, body = TimesheetAdjustment), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem))
)]
#[post("/timesheet-adjustments/{id}/attest")]
pub async fn attest(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    input: ApiJson<VersionInput>,
) -> AppResult<web::Json<TimesheetAdjustment>> {
    let (id, version) = (id.into_inner(), input.into_inner().version);
    Ok(web::Json(
        state
            .db(move |c| service::attest(c, &actor, id, version))
            .await?,
    ))
}

/// Delete a draft adjustment while its month is open.
#[utoipa::path(
    tag = "timesheets",
    params(("id" = i64, Path, description = "Adjustment id"), ("version" = i64, Query)),
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem))
)]
#[delete("/timesheet-adjustments/{id}")]
pub async fn delete_one(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    q: web::Query<VersionInput>,
) -> AppResult<HttpResponse> {
    let (id, version) = (id.into_inner(), q.into_inner().version);
    state
        .db(move |c| service::delete(c, &actor, id, version))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
