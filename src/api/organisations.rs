//! /organisations: the visible tree; admins create and edit.

use actix_web::{get, patch, post, web, HttpResponse};

use super::json::ApiJson;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::error::{AppResult, Problem};
use crate::service::organisations as service;
use crate::views::organisations::{
    NewOrganisationInput, Organisation, OrganisationNode, OrganisationPatch, OrganisationQuery,
};
use crate::views::Page;

/// The organisations you can see: yours and everything under it, parents first.
#[utoipa::path(
    tag = "organisations",
    params(OrganisationQuery),
    responses(
        (status = 200, body = Page<Organisation>),
        (status = 401, body = Problem), (status = 422, body = Problem),
    )
)]
#[get("/organisations")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<OrganisationQuery>,
) -> AppResult<web::Json<Page<Organisation>>> {
    let q = q.into_inner();
    Ok(web::Json(
        state.db(move |c| service::list(c, &actor, q)).await?,
    ))
}

/// The visible tree, nested, rooted at your organisation.
#[utoipa::path(
    tag = "organisations",
    responses((status = 200, body = OrganisationNode), (status = 401, body = Problem))
)]
#[get("/organisations/tree")]
pub async fn tree(
    state: web::Data<AppState>,
    actor: Actor,
) -> AppResult<web::Json<OrganisationNode>> {
    Ok(web::Json(
        state.db(move |c| service::tree(c, &actor)).await?,
    ))
}

/// One organisation in your scope.
#[utoipa::path(
    tag = "organisations",
    params(("id" = i64, Path, description = "Organisation id")),
    responses(
        (status = 200, body = Organisation), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem),
    )
)]
#[get("/organisations/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> AppResult<web::Json<Organisation>> {
    let id = id.into_inner();
    Ok(web::Json(
        state.db(move |c| service::get(c, &actor, id)).await?,
    ))
}

/// Create a region (under the owner) or a municipality (under a region). Admins only.
#[utoipa::path(
    tag = "organisations",
    request_body = NewOrganisationInput,
    responses(
        (status = 201, body = Organisation), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem),
    )
)]
#[post("/organisations")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    input: ApiJson<NewOrganisationInput>,
) -> AppResult<HttpResponse> {
    let input = input.into_inner();
    let org = state.db(move |c| service::create(c, &actor, input)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/organisations/{}", org.id)))
        .json(org))
}

/// Edit or move an organisation. Admins only; send the `version` you read.
#[utoipa::path(
    tag = "organisations",
    params(("id" = i64, Path, description = "Organisation id")),
    request_body = OrganisationPatch,
    responses(
        (status = 200, body = Organisation), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem),
    )
)]
#[patch("/organisations/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    input: ApiJson<OrganisationPatch>,
) -> AppResult<web::Json<Organisation>> {
    let (id, input) = (id.into_inner(), input.into_inner());
    Ok(web::Json(
        state
            .db(move |c| service::update(c, &actor, id, input))
            .await?,
    ))
}
