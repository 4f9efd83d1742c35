//! /timesheets: one per staff member and month; draft → signed → attested.

use actix_web::{delete, get, post, put, web, HttpResponse};

use super::json::ApiJson;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::error::{AppResult, Problem};
use crate::service::timesheets as service;
use crate::views::timesheets::{Timesheet, TimesheetInput, TimesheetQuery, TimesheetUpdate};
use crate::views::{Page, VersionInput};

/// Timesheets in your scope, filtered by month, staff member and state.
#[utoipa::path(
    tag = "timesheets",
    params(TimesheetQuery),
    responses((status = 200, body = Page<Timesheet>), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem))
)]
#[get("/timesheets")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<TimesheetQuery>,
) -> AppResult<web::Json<Page<Timesheet>>> {
    let q = q.into_inner();
    Ok(web::Json(
        state.db(move |c| service::list(c, &actor, q)).await?,
    ))
}

/// Create a draft timesheet with its daily rows (economists of the staff member's organisation).
#[utoipa::path(
    tag = "timesheets",
    request_body = TimesheetInput,
    responses((status = 201, body = Timesheet), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[post("/timesheets")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    input: ApiJson<TimesheetInput>,
) -> AppResult<HttpResponse> {
    let input = input.into_inner();
    let sheet = state.db(move |c| service::create(c, &actor, input)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/timesheets/{}", sheet.id)))
        .json(sheet))
}

/// One timesheet with its days, hourly rate and cost.
#[utoipa::path(
    tag = "timesheets",
    params(("id" = i64, Path, description = "Timesheet id")),
    responses((status = 200, body = Timesheet), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem))
)]
#[get("/timesheets/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> AppResult<web::Json<Timesheet>> {
    let id = id.into_inner();
    Ok(web::Json(
        state.db(move |c| service::get(c, &actor, id)).await?,
    ))
}

/// Replace a draft's rows and funding.
#[utoipa::path(
    tag = "timesheets",
    params(("id" = i64, Path, description = "Timesheet id")),
    request_body = TimesheetUpdate,
    responses((status = 200, body = Timesheet), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem))
)]
#[put("/timesheets/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    input: ApiJson<TimesheetUpdate>,
) -> AppResult<web::Json<Timesheet>> {
    let (id, input) = (id.into_inner(), input.into_inner());
    Ok(web::Json(
        state
            .db(move |c| service::update(c, &actor, id, input))
            .await?,
    ))
}

/// Delete a draft.
#[utoipa::path(
    tag = "timesheets",
    params(("id" = i64, Path, description = "Timesheet id"), ("version" = i64, Query)),
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem))
)]
#[delete("/timesheets/{id}")]
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

/// Record the employee's signature.
#[utoipa::path(
    tag = "timesheets",
    params(("id" = i64, Path, description = "Timesheet id")),
    request_body = VersionInput,
    responses((status = 200, body = Timesheet), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem))
)]
#[post("/timesheets/{id}/sign")]
pub async fn sign(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    input: ApiJson<VersionInput>,
) -> AppResult<web::Json<Timesheet>> {
    let (id, version) = (id.into_inner(), input.into_inner().version);
    Ok(web::Json(
        state
            .db(move |c| service::sign(c, &actor, id, version))
            .await?,
    ))
}

/// Attest a signed timesheet (a manager, never who entered or signed it); fixes rate and cost.
#[utoipa::path(
    tag = "timesheets",
    params(("id" = i64, Path, description = "Timesheet id")),
    request_body = VersionInput,
    responses((status = 200, body = Timesheet), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[post("/timesheets/{id}/attest")]
pub async fn attest(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    input: ApiJson<VersionInput>,
) -> AppResult<web::Json<Timesheet>> {
    let (id, version) = (id.into_inner(), input.into_inner().version);
    Ok(web::Json(
        state
            .db(move |c| service::attest(c, &actor, id, version))
            .await?,
    ))
}
