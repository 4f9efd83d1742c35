//! /monthly-reports/{organisation_id}/{month}: the report and the reporting chain.

use actix_web::{get, post, web, HttpResponse};

use super::json::ApiJson;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::domain::period::Month;
use crate::error::{AppResult, Problem};
use crate::service::monthly_reports as service;
use crate::views::monthly_reports::{
    EmptyMonthsInput, MonthlyReport, ReopenInput, ReportQuery, ReturnInput,
};
use crate::views::VersionInput;

/// The organisation's report for a month: its own figures, or consolidated with its
/// approved children (default), or everything under it.
#[utoipa::path(
    tag = "reports",
    params(("organisation_id" = i64, Path), ("month" = Month, Path, example = "2013-03"), ReportQuery),
    responses((status = 200, body = MonthlyReport), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem))
)]
#[get("/monthly-reports/{organisation_id}/{month}")]
pub async fn get_report(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(i64, Month)>,
    q: web::Query<ReportQuery>,
) -> AppResult<web::Json<MonthlyReport>> {
    let ((org, month), view) = (path.into_inner(), q.into_inner().view.unwrap_or_default());
    Ok(web::Json(
        state
            .db_read(move |c, directory| service::get(c, directory, &actor, org, month, view))
            .await?,
    ))
}

/// Submit the month (the organisation's economist). A region submits its consolidated
/// report once its municipalities' reports are approved.
#[utoipa::path(
    tag = "reports",
    params(("organisation_id" = i64, Path), ("month" = Month, Path, example = "2013-03")),
    request_body = VersionInput,
    responses((status = 200, body = MonthlyReport), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem))
)]
#[post("/monthly-reports/{organisation_id}/{month}/submit")]
pub async fn submit(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(i64, Month)>,
    input: ApiJson<VersionInput>,
) -> AppResult<web::Json<MonthlyReport>> {
    let ((org, month), version) = (path.into_inner(), input.version);
    Ok(web::Json(
        state
            .db(move |c| service::submit(c, &actor, org, month, version))
            .await?,
    ))
}

/// Approve a submitted report (a manager of the parent organisation).
#[utoipa::path(
    tag = "reports",
    params(("organisation_id" = i64, Path), ("month" = Month, Path, example = "2013-03")),
    request_body = VersionInput,
    responses((status = 200, body = MonthlyReport), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem))
)]
#[post("/monthly-reports/{organisation_id}/{month}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(i64, Month)>,
    input: ApiJson<VersionInput>,
) -> AppResult<web::Json<MonthlyReport>> {
    let ((org, month), version) = (path.into_inner(), input.version);
    Ok(web::Json(
        state
            .db(move |c| service::approve(c, &actor, org, month, version))
            .await?,
    ))
}

/// Return a submitted report with a comment (a manager of the parent organisation).
#[utoipa::path(
    tag = "reports",
    params(("organisation_id" = i64, Path), ("month" = Month, Path, example = "2013-03")),
    request_body = ReturnInput,
    responses((status = 200, body = MonthlyReport), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem))
)]
#[post("/monthly-reports/{organisation_id}/{month}/return")]
pub async fn return_report(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(i64, Month)>,
    input: ApiJson<ReturnInput>,
) -> AppResult<web::Json<MonthlyReport>> {
    let ((org, month), input) = (path.into_inner(), input.into_inner());
    Ok(web::Json(
        state
            .db(move |c| service::return_report(c, &actor, org, month, input))
            .await?,
    ))
}

/// Consolidate a run of months in which nothing was entered anywhere (the owner's
/// managers), so a claim can cover them: the owner's report of each month becomes
/// consolidated, audited with the reason. A month with an entry or a report under way is
/// named (409) and goes through the chain.
#[utoipa::path(
    tag = "reports",
    request_body = EmptyMonthsInput,
    responses((status = 200, body = Vec<MonthlyReport>), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[post("/monthly-reports/consolidate-empty")]
pub async fn consolidate_empty(
    state: web::Data<AppState>,
    actor: Actor,
    input: ApiJson<EmptyMonthsInput>,
) -> AppResult<web::Json<Vec<MonthlyReport>>> {
    let input = input.into_inner();
    Ok(web::Json(
        state
            .db(move |c| service::consolidate_empty(c, &actor, input))
            .await?,
    ))
}

/// Reopen a submitted, approved or consolidated month that is not claimed, with a
/// reason: the report and every report above it that consolidated it go back to
/// returned (audited). A manager who decides every report it changes.
#[utoipa::path(
    tag = "reports",
    params(("organisation_id" = i64, Path), ("month" = Month, Path, example = "2013-03")),
    request_body = ReopenInput,
    responses((status = 200, body = MonthlyReport), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem))
)]
#[post("/monthly-reports/{organisation_id}/{month}/reopen")]
pub async fn reopen(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(i64, Month)>,
    input: ApiJson<ReopenInput>,
) -> AppResult<web::Json<MonthlyReport>> {
    let ((org, month), input) = (path.into_inner(), input.into_inner());
    Ok(web::Json(
        state
            .db(move |c| service::reopen(c, &actor, org, month, input))
            .await?,
    ))
}

/// The report as an Excel workbook: a summary sheet, one row per organisation, and a
/// sheet per cost category with every line (SEK formats).
#[utoipa::path(
    tag = "reports",
    params(("organisation_id" = i64, Path), ("month" = Month, Path, example = "2013-03"), ReportQuery),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem))
)]
#[get("/monthly-reports/{organisation_id}/{month}/export")]
pub async fn export(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(i64, Month)>,
    q: web::Query<ReportQuery>,
) -> AppResult<HttpResponse> {
    let ((org, month), view) = (path.into_inner(), q.into_inner().view.unwrap_or_default());
    let (bytes, name) = state
        .db(move |c| {
            service::export(
                c,
                &actor,
                org,
                month,
                view,
                crate::excel::reports::monthly_report,
            )
        })
        .await?;
    Ok(super::excel::xlsx(bytes, &name))
}
