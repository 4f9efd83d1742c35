//! Excel templates to download and filled workbooks to import.

use actix_web::{get, post, web, HttpMessage, HttpRequest, HttpResponse};

use super::json::read_limited;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::error::{AppError, AppResult, Problem};
use crate::excel::{timesheets as sheet, XLSX_CONTENT_TYPE};
use crate::service::entry_imports::{self, EntryImportReport};
use crate::service::imports::{self, ImportReport};
use crate::service::participant_imports;
use crate::store::DbConnection;

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

/// A workbook download named `filename`.
pub(crate) fn xlsx(bytes: Vec<u8>, filename: &str) -> HttpResponse {
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

/// Builds the template off the async runtime.
async fn template(
    build: fn() -> Result<Vec<u8>, String>,
    filename: &str,
) -> AppResult<HttpResponse> {
    let bytes = web::block(build)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(AppError::Internal)?;
    Ok(xlsx(bytes, filename))
}

type EntryImport = fn(&mut DbConnection, &Actor, i64, &[u8]) -> AppResult<EntryImportReport>;

/// Reads the uploaded workbook and applies it with `apply`, off the async runtime.
async fn import_entries(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    organisation_id: i64,
    payload: web::Payload,
    apply: EntryImport,
) -> AppResult<web::Json<EntryImportReport>> {
    let body = read_workbook(&req, payload, state.max_upload_bytes).await?;
    Ok(web::Json(
        state
            .db(move |c| apply(c, &actor, organisation_id, &body))
            .await?,
    ))
}

/// The premises template (.xlsx): one row per premises and month.
#[utoipa::path(
    tag = "excel",
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem))
)]
#[get("/templates/premises")]
pub async fn premises_template(_actor: Actor) -> AppResult<HttpResponse> {
    template(crate::excel::premises::template, "lokaler-mall.xlsx").await
}

/// The other-costs template (.xlsx): services, travel and materials, one row per voucher.
#[utoipa::path(
    tag = "excel",
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem))
)]
#[get("/templates/other-costs")]
pub async fn other_costs_template(_actor: Actor) -> AppResult<HttpResponse> {
    template(
        crate::excel::other_costs::template,
        "ovriga-kostnader-mall.xlsx",
    )
    .await
}

/// The cash co-financing template (.xlsx): one row per month, type and payer.
#[utoipa::path(
    tag = "excel",
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem))
)]
#[get("/templates/cash-cofinancing")]
pub async fn cash_template(_actor: Actor) -> AppResult<HttpResponse> {
    template(
        crate::excel::cash::template,
        "kontant-medfinansiering-mall.xlsx",
    )
    .await
}

/// Import a filled premises workbook (the body is the .xlsx file). All rows or none;
/// month, description and financing identify an entry, so importing again adds no duplicates.
#[utoipa::path(
    tag = "excel",
    params(ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    responses((status = 200, body = EntryImportReport), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem))
)]
#[post("/imports/premises")]
pub async fn import_premises(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    q: web::Query<ImportQuery>,
    payload: web::Payload,
) -> AppResult<web::Json<EntryImportReport>> {
    let org = q.into_inner().organisation_id;
    import_entries(
        state,
        actor,
        req,
        org,
        payload,
        entry_imports::import_premises,
    )
    .await
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
    let org = q.into_inner().organisation_id;
    import_entries(
        state,
        actor,
        req,
        org,
        payload,
        entry_imports::import_other_costs,
    )
    .await
}

/// Import a filled cash co-financing workbook (the body is the .xlsx file). All rows or
/// none; month, type and payer identify an entry, so importing again adds no duplicates.
#[utoipa::path(
    tag = "excel",
    params(ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    responses((status = 200, body = EntryImportReport), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem))
)]
#[post("/imports/cash-cofinancing")]
pub async fn import_cash(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    q: web::Query<ImportQuery>,
    payload: web::Payload,
) -> AppResult<web::Json<EntryImportReport>> {
    let org = q.into_inner().organisation_id;
    import_entries(state, actor, req, org, payload, entry_imports::import_cash).await
}

/// The participants template (.xlsx): one row per enrolment.
#[utoipa::path(
    tag = "excel",
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem))
)]
#[get("/templates/participants")]
pub async fn participants_template(_actor: Actor) -> AppResult<HttpResponse> {
    template(
        crate::excel::participants::participant_template,
        "deltagare-mall.xlsx",
    )
    .await
}

/// Import a filled participants workbook: all rows or none; identity number and start date identify an enrolment.
#[utoipa::path(
    tag = "excel",
    params(ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    responses((status = 200, body = EntryImportReport), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem))
)]
#[post("/imports/participants")]
pub async fn import_participants(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    q: web::Query<ImportQuery>,
    payload: web::Payload,
) -> AppResult<web::Json<EntryImportReport>> {
    let org = q.into_inner().organisation_id;
    import_entries(
        state,
        actor,
        req,
        org,
        payload,
        participant_imports::import_participants,
    )
    .await
}

/// The attendance template (.xlsx): hours per participant and month.
#[utoipa::path(
    tag = "excel",
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem))
)]
#[get("/templates/attendance")]
pub async fn attendance_template(_actor: Actor) -> AppResult<HttpResponse> {
    template(
        crate::excel::participants::attendance_template,
        "narvaro-mall.xlsx",
    )
    .await
}

/// Import a filled attendance workbook: all rows or none; identity number and month identify a row.
#[utoipa::path(
    tag = "excel",
    params(ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    responses((status = 200, body = EntryImportReport), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem))
)]
#[post("/imports/attendance")]
pub async fn import_attendance(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    q: web::Query<ImportQuery>,
    payload: web::Payload,
) -> AppResult<web::Json<EntryImportReport>> {
    let org = q.into_inner().organisation_id;
    import_entries(
        state,
        actor,
        req,
        org,
        payload,
        participant_imports::import_attendance,
    )
    .await
}

/// The compensation template (.xlsx): compensation paid per participant, month and kind.
#[utoipa::path(
    tag = "excel",
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem))
)]
#[get("/templates/compensation")]
pub async fn compensation_template(_actor: Actor) -> AppResult<HttpResponse> {
    template(
        crate::excel::participants::compensation_template,
        "ersattning-mall.xlsx",
    )
    .await
}

/// Import a filled compensation workbook: all rows or none; identity number, month and kind identify a row.
#[utoipa::path(
    tag = "excel",
    params(ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    responses((status = 200, body = EntryImportReport), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem))
)]
#[post("/imports/compensation")]
pub async fn import_compensation(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    q: web::Query<ImportQuery>,
    payload: web::Payload,
) -> AppResult<web::Json<EntryImportReport>> {
    let org = q.into_inner().organisation_id;
    import_entries(
        state,
        actor,
        req,
        org,
        payload,
        participant_imports::import_compensation,
    )
    .await
}
