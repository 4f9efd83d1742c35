//! /project: the ESF project's settings.

use actix_web::{get, put, web};

use super::json::ApiJson;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::error::{AppResult, Problem};
use crate::service::project as service;
use crate::service::ChangedBy;
use crate::views::project::{Project, ProjectInput};

/// The project's settings: dates, rates, budgets and the distribution key.
#[utoipa::path(
    tag = "project",
    responses((status = 200, body = Project), (status = 401, body = Problem), (status = 404, body = Problem))
)]
#[get("/project")]
pub async fn get_project(
    state: web::Data<AppState>,
    _actor: Actor,
) -> AppResult<web::Json<Project>> {
    Ok(web::Json(state.db(service::get).await?))
}

/// Set the project's settings. Admins of the owner only; send the `version` you read.
#[utoipa::path(
    tag = "project",
    request_body = ProjectInput,
    responses(
        (status = 200, body = Project), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem),
    )
)]
#[put("/project")]
pub async fn put_project(
    state: web::Data<AppState>,
    actor: Actor,
    input: ApiJson<ProjectInput>,
) -> AppResult<web::Json<Project>> {
    let input = input.into_inner();
    Ok(web::Json(
        state
            .db(move |c| service::put(c, &ChangedBy::of(&actor), Some(&actor), input))
            .await?,
    ))
}
