//! Excel templates to download and filled workbooks to import.

use actix_web::{get, post, web, HttpMessage, HttpRequest, HttpResponse};

use super::json::read_limited;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::error::{AppError, AppResult, Problem};
use crate::excel::{timesheets as sheet, XLSX_CONTENT_TYPE};
use crate::service::imports::{self, EntryImportReport, ImportReport};

/// The uploaded workbook, refused when it is not sent as one or is too large.
async fn read_workbook(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> AppResult<web::BytesMut> {
    let ct = req.content_type().to_string();
    if ct != XLSX_CONTENT_TYPE && ct != "application/octet-stream" {
        return Err(AppError::UnsupportedMediaType(format!(
            "send the workbook with Content-Type: {XLSX_CONTENT_TYPE}"
        )));
    }
    read_limited(payload.into_inner(), limit, "workbook").await
}

fn xlsx(bytes: Vec<u8>, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(XLSX_CONTENT_TYPE)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(bytes)
}

/// The timesheet template (.xlsx): Swedish headers, validation, an example row.
#[utoipa::path(
    tag = "excel",
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem))
)]
#[get("/templates/timesheets")]
pub async fn timesheet_template(
    state: web::Data<AppState>,
    _actor: Actor,
) -> AppResult<HttpResponse> {
    let project = state.db(crate::service::project::get).await?;
    let bytes = web::block(move || sheet::template(project.start_date, project.end_date))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(AppError::Internal)?;
    Ok(xlsx(bytes, "tidrapport-mall.xlsx"))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// The organisation whose timesheets the workbook holds.
    pub organisation_id: i64,
}

/// Import a filled timesheet workbook (the body is the .xlsx file). All rows are
/// applied or none; every error names its sheet, row, column, value and rule.
#[utoipa::path(
    tag = "excel",
    params(ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    responses((status = 200, body = ImportReport), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem))
)]
#[post("/imports/timesheets")]
pub async fn import_timesheets(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    q: web::Query<ImportQuery>,
    payload: web::Payload,
) -> AppResult<web::Json<ImportReport>> {
    let body = read_workbook(&req, payload, state.max_upload_bytes).await?;
    let org = q.into_inner().organisation_id;
    Ok(web::Json(
        state
            .db(move |c| imports::import_timesheets(c, &actor, org, &body))
            .await?,
    ))
}

/// The other-costs template (.xlsx): services, travel and materials, one row per voucher.
#[utoipa::path(
    tag = "excel",
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem))
)]
#[get("/templates/other-costs")]
pub async fn other_costs_template(_actor: Actor) -> AppResult<HttpResponse> {
    let bytes = web::block(crate::excel::other_costs::template)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(AppError::Internal)?;
    Ok(xlsx(bytes, "ovriga-kostnader-mall.xlsx"))
}

/// Import a filled other-costs workbook (the body is the .xlsx file). All rows or none;
/// the voucher number identifies an entry, so importing again adds no duplicates.
#[utoipa::path(
    tag = "excel",
    params(ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    responses((status = 200, body = EntryImportReport), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem))
)]
#[post("/imports/other-costs")]
pub async fn import_other_costs(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    q: web::Query<ImportQuery>,
    payload: web::Payload,
) -> AppResult<web::Json<EntryImportReport>> {
    let body = read_workbook(&req, payload, state.max_upload_bytes).await?;
    let org = q.into_inner().organisation_id;
    Ok(web::Json(
        state
            .db(move |c| imports::import_other_costs(c, &actor, org, &body))
            .await?,
    ))
}
