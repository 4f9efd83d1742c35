//! /budgets: the approved budget per organisation, year and category.

use actix_web::{get, put, web};

use super::json::ApiJson;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::error::{AppResult, Problem};
use crate::service::budgets::{self as service, BudgetInput, BudgetLine, BudgetQuery};

/// Budget lines of the organisation's subtree.
#[utoipa::path(
    tag = "budget",
    params(BudgetQuery),
    responses((status = 200, body = Vec<BudgetLine>), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem))
)]
#[get("/budgets")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<BudgetQuery>,
) -> AppResult<web::Json<Vec<BudgetLine>>> {
    let q = q.into_inner();
    Ok(web::Json(
        state.db(move |c| service::list(c, &actor, q)).await?,
    ))
}

/// Set a budget line (the owner's admins); changing one needs the version you read.
#[utoipa::path(
    tag = "budget",
    request_body = BudgetInput,
    responses((status = 200, body = BudgetLine), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[put("/budgets")]
pub async fn set(
    state: web::Data<AppState>,
    actor: Actor,
    input: ApiJson<BudgetInput>,
) -> AppResult<web::Json<BudgetLine>> {
    let input = input.into_inner();
    Ok(web::Json(
        state.db(move |c| service::set(c, &actor, input)).await?,
    ))
}
