//! /budgets: the approved budget per organisation, year and category.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};

use super::json::ApiJson;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::error::{AppResult, Problem};
use crate::service::budget_follow_up as tracking;
use crate::service::budgets as service;
use crate::views::budget_follow_up::{FollowUp, FollowUpQuery};
use crate::views::budgets::{BudgetInput, BudgetLine, BudgetQuery};

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

/// The budget template (.xlsx): organisation code, year, category, amount.
#[utoipa::path(
    tag = "budget",
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem))
)]
#[get("/templates/budget")]
pub async fn template(_actor: Actor) -> AppResult<HttpResponse> {
    super::excel::template(crate::excel::budget::template, "budget-mall.xlsx").await
}

/// Import a budget workbook (the owner's admins); all rows or none.
#[utoipa::path(
    tag = "budget",
    request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    responses((status = 200, body = crate::views::entry_imports::EntryImportReport), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem))
)]
#[post("/imports/budget")]
pub async fn import(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<web::Json<crate::views::entry_imports::EntryImportReport>> {
    let body = super::excel::read_workbook(&req, payload, state.max_upload_bytes).await?;
    let name = super::excel::upload_name(&req);
    Ok(web::Json(
        state
            .db(move |c| {
                service::import(
                    c,
                    &actor,
                    crate::service::imports::Upload::new(&body, name.as_deref()),
                )
            })
            .await?,
    ))
}

/// Actual against budget per organisation, region and category, for a year or the
/// whole project so far, with co-financing share warnings.
#[utoipa::path(
    tag = "budget",
    params(FollowUpQuery),
    responses((status = 200, body = FollowUp), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem))
)]
#[get("/budget-follow-up")]
pub async fn follow_up(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<FollowUpQuery>,
) -> AppResult<web::Json<FollowUp>> {
    let q = q.into_inner();
    Ok(web::Json(
        state.db(move |c| tracking::follow_up(c, &actor, q)).await?,
    ))
}

/// The follow-up as a workbook with charts.
#[utoipa::path(
    tag = "budget",
    params(FollowUpQuery),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem))
)]
#[get("/budget-follow-up/export")]
pub async fn follow_up_export(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<FollowUpQuery>,
) -> AppResult<HttpResponse> {
    let q = q.into_inner();
    let (bytes, name) = state
        .db(move |c| tracking::export(c, &actor, q, crate::excel::budget::follow_up_workbook))
        .await?;
    Ok(super::excel::xlsx(bytes, &name))
}
