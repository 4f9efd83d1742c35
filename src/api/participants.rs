//! /participants (enrolments with the person's identity, masked unless the reader may
//! see it) and /workshops.

use actix_web::{get, patch, post, web, HttpResponse};

use super::json::ApiJson;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::error::{AppResult, Problem};
use crate::service::participants as service;
use crate::views::participants::{
    Enrolment, EnrolmentInput, EnrolmentPatch, EnrolmentQuery, Workshop, WorkshopInput,
    WorkshopQuery,
};
use crate::views::Page;

/// Participants enrolled in the organisation's subtree, optionally only those active in a month.
#[utoipa::path(
    tag = "participants",
    params(EnrolmentQuery),
    responses((status = 200, body = Page<Enrolment>), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem))
)]
#[get("/participants")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<EnrolmentQuery>,
) -> AppResult<web::Json<Page<Enrolment>>> {
    let q = q.into_inner();
    Ok(web::Json(
        state
            .db_read(move |c, directory| service::list(c, directory, &actor, q))
            .await?,
    ))
}

/// Enrol a participant in a municipality (its economists). The identity number is
/// validated and stored as 12 digits; a protected identity keeps only SCB's code.
#[utoipa::path(
    tag = "participants",
    request_body = EnrolmentInput,
    responses((status = 201, body = Enrolment), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[post("/participants")]
pub async fn enrol(
    state: web::Data<AppState>,
    actor: Actor,
    input: ApiJson<EnrolmentInput>,
) -> AppResult<HttpResponse> {
    let input = input.into_inner();
    let created = state.db(move |c| service::enrol(c, &actor, input)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/participants/{}", created.id)))
        .json(created))
}

/// One enrolment, with the identity number masked unless your role may see it.
#[utoipa::path(
    tag = "participants",
    params(("id" = i64, Path, description = "Enrolment id")),
    responses((status = 200, body = Enrolment), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem))
)]
#[get("/participants/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> AppResult<web::Json<Enrolment>> {
    let id = id.into_inner();
    Ok(web::Json(
        state.db(move |c| service::get(c, &actor, id)).await?,
    ))
}

/// Record the exit (end date and outcome) or correct an enrolment.
#[utoipa::path(
    tag = "participants",
    params(("id" = i64, Path, description = "Enrolment id")),
    request_body = EnrolmentPatch,
    responses((status = 200, body = Enrolment), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem))
)]
#[patch("/participants/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    input: ApiJson<EnrolmentPatch>,
) -> AppResult<web::Json<Enrolment>> {
    let (id, patch) = (id.into_inner(), input.into_inner());
    Ok(web::Json(
        state
            .db(move |c| service::update(c, &actor, id, patch))
            .await?,
    ))
}

/// The workshops (metodverkstäder) of the organisation's subtree.
#[utoipa::path(
    tag = "participants",
    params(WorkshopQuery),
    responses((status = 200, body = Vec<Workshop>), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem))
)]
#[get("/workshops")]
pub async fn workshops(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<WorkshopQuery>,
) -> AppResult<web::Json<Vec<Workshop>>> {
    let q = q.into_inner();
    Ok(web::Json(
        state.db(move |c| service::workshops(c, &actor, q)).await?,
    ))
}

/// Add a workshop to a municipality (its economists).
#[utoipa::path(
    tag = "participants",
    request_body = WorkshopInput,
    responses((status = 201, body = Workshop), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[post("/workshops")]
pub async fn create_workshop(
    state: web::Data<AppState>,
    actor: Actor,
    input: ApiJson<WorkshopInput>,
) -> AppResult<HttpResponse> {
    let input = input.into_inner();
    let created = state
        .db(move |c| service::create_workshop(c, &actor, input))
        .await?;
    Ok(HttpResponse::Created().json(created))
}
