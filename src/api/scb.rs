//! /attendance (monthly attended hours) and /scb-reports (SCB's monthly participant
//! file, its totals and indicators, and the months to send again).

use actix_web::{get, put, web, HttpResponse};

use super::json::ApiJson;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::domain::period::Month;
use crate::error::{AppError, AppResult, Problem};
use crate::service::attendance::{self};
use crate::service::scb::{self};
use crate::service::statistics::{self};
use crate::views::attendance::{Attendance, AttendanceInput, AttendanceQuery};
use crate::views::scb::{ScbReport, ScbStatus};
use crate::views::statistics::{ParticipantStatistics, StatisticsQuery};
use crate::views::Page;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn month_of(path: &str) -> AppResult<Month> {
    Month::parse(path).map_err(|m| AppError::validation("month", m))
}

/// A month's attended hours per enrolment in your scope.
#[utoipa::path(
    tag = "participants",
    params(AttendanceQuery),
    responses((status = 200, body = Page<Attendance>), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem))
)]
#[get("/attendance")]
pub async fn list_attendance(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<AttendanceQuery>,
) -> AppResult<web::Json<Page<Attendance>>> {
    let q = q.into_inner();
    Ok(web::Json(
        state.db(move |c| attendance::list(c, &actor, q)).await?,
    ))
}

/// Set a participant's attended hours for a month (the municipality's economists);
/// changing a month already set needs the version you read.
#[utoipa::path(
    tag = "participants",
    request_body = AttendanceInput,
    responses((status = 200, body = Attendance), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[put("/attendance")]
pub async fn set_attendance(
    state: web::Data<AppState>,
    actor: Actor,
    input: ApiJson<AttendanceInput>,
) -> AppResult<web::Json<Attendance>> {
    let input = input.into_inner();
    Ok(web::Json(
        state.db(move |c| attendance::set(c, &actor, input)).await?,
    ))
}

/// The months whose SCB file was generated, and those to send again.
#[utoipa::path(
    tag = "scb",
    responses((status = 200, body = ScbStatus), (status = 401, body = Problem), (status = 403, body = Problem))
)]
#[get("/scb-reports")]
pub async fn status(state: web::Data<AppState>, actor: Actor) -> AppResult<web::Json<ScbStatus>> {
    Ok(web::Json(state.db(move |c| scb::status(c, &actor)).await?))
}

/// The month's SCB report as JSON: rows, totals by region and sex, ESF indicators.
/// Available from the 1st of the following month.
#[utoipa::path(
    tag = "scb",
    params(("month" = Month, Path, example = "2013-01")),
    responses((status = 200, body = ScbReport), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[get("/scb-reports/{month}")]
pub async fn report(
    state: web::Data<AppState>,
    actor: Actor,
    month: web::Path<String>,
) -> AppResult<web::Json<ScbReport>> {
    let month = month_of(&month)?;
    Ok(web::Json(
        state
            .db(move |c| scb::report(c, &actor, month, today()))
            .await?,
    ))
}

/// The month's file for SCB (`<Månad><År>_Projekt<case number>.xlsx`); generating it
/// records the month as sent, with a checksum.
#[utoipa::path(
    tag = "scb",
    params(("month" = Month, Path, example = "2013-01")),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[get("/scb-reports/{month}/export")]
pub async fn export(
    state: web::Data<AppState>,
    actor: Actor,
    month: web::Path<String>,
) -> AppResult<HttpResponse> {
    let month = month_of(&month)?;
    let (bytes, name) = state
        .db(move |c| scb::export(c, &actor, month, today(), crate::excel::scb::workbook))
        .await?;
    Ok(super::excel::xlsx(bytes, &name))
}

/// Participant statistics of the organisation's subtree: per month by sex and age group,
/// starts and exits, per organisation, exits by outcome and the share back in studies.
#[utoipa::path(
    tag = "scb",
    params(StatisticsQuery),
    responses((status = 200, body = ParticipantStatistics), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem))
)]
#[get("/statistics/participants")]
pub async fn participant_statistics(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<StatisticsQuery>,
) -> AppResult<web::Json<ParticipantStatistics>> {
    let q = q.into_inner();
    Ok(web::Json(
        state
            .db(move |c| statistics::participants(c, &actor, q))
            .await?,
    ))
}

/// The same statistics as a workbook with charts.
#[utoipa::path(
    tag = "scb",
    params(StatisticsQuery),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem))
)]
#[get("/statistics/participants/export")]
pub async fn participant_statistics_export(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<StatisticsQuery>,
) -> AppResult<HttpResponse> {
    let q = q.into_inner();
    let stats = state
        .db(move |c| statistics::participants(c, &actor, q))
        .await?;
    let name = format!("deltagarstatistik-{}-{}.xlsx", stats.from, stats.to);
    let bytes = web::block(move || crate::excel::statistics::workbook(&stats))
        .await
        .map_err(|e| AppError::Failure {
            context: "the workbook's worker stopped",
            source: Box::new(e),
        })??;
    Ok(super::excel::xlsx(bytes, &name))
}
