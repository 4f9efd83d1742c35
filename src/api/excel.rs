//! Excel templates to download and filled workbooks to import.

use actix_web::{get, post, web, HttpMessage, HttpRequest, HttpResponse};

use super::json::read_limited;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::error::{AppError, AppResult, Problem};
use crate::excel::{timesheets as sheet, XLSX_CONTENT_TYPE};
use crate::service::entry_imports::{self};
use crate::service::imports::{self, Upload};
use crate::service::participant_imports;
use crate::store::DbConnection;
use crate::views::entry_imports::EntryImportReport;
use crate::views::imports::ImportReport;

/// The uploaded workbook, refused when it is not sent as one or is too large.
pub(crate) async fn read_workbook(
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

/// The file name an upload was sent with (`Content-Disposition: attachment;
/// filename="…"`), kept with the imported entries so figures lead back to the file.
pub(crate) fn upload_name(req: &HttpRequest) -> Option<String> {
    let header = req.headers().get("content-disposition")?.to_str().ok()?;
    let (_, rest) = header.split_once("filename=")?;
    let name = rest.split(';').next()?.trim().trim_matches('"');
    let name: String = name.chars().filter(|c| !c.is_control()).collect();
    (!name.is_empty()).then_some(name)
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

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TimesheetTemplateQuery {
    /// With `month`: pre-fill the template with this organisation's active staff.
    pub organisation_id: Option<i64>,
    /// With `organisation_id`: pre-fill the template with this month's working days
    /// (YYYY-MM, within the project).
    #[param(value_type = Option<String>)]
    pub month: Option<crate::domain::period::Month>,
}

/// The timesheet template (.xlsx): Swedish headers, validation, an example row; with
/// `organisation_id` and `month`, pre-filled with the organisation's staff on every
/// working day of the month (a row left without hours is not imported).
#[utoipa::path(
    tag = "excel",
    params(TimesheetTemplateQuery),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem))
)]
#[get("/templates/timesheets")]
pub async fn timesheet_template(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<TimesheetTemplateQuery>,
) -> AppResult<HttpResponse> {
    let q = q.into_inner();
    let t = state
        .db(move |c| imports::timesheet_template(c, &actor, q.organisation_id, q.month))
        .await?;
    let name = match &t.prefill {
        Some(p) => format!("tidrapport-{}.xlsx", p.month),
        None => "tidrapport-mall.xlsx".to_string(),
    };
    let bytes = web::block(move || sheet::template(&t))
        .await
        .map_err(|e| AppError::Failure {
            context: "the workbook's worker stopped",
            source: Box::new(e),
        })??;
    Ok(xlsx(bytes, &name))
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
    let name = upload_name(&req);
    Ok(web::Json(
        state
            .db(move |c| {
                imports::import_timesheets(c, &actor, org, Upload::new(&body, name.as_deref()))
            })
            .await?,
    ))
}

/// Builds the template off the async runtime.
pub(crate) async fn template(
    build: fn() -> Result<Vec<u8>, crate::views::RenderError>,
    filename: &str,
) -> AppResult<HttpResponse> {
    let bytes = web::block(build).await.map_err(|e| AppError::Failure {
        context: "the workbook's worker stopped",
        source: Box::new(e),
    })??;
    Ok(xlsx(bytes, filename))
}

type EntryImport = fn(&mut DbConnection, &Actor, i64, Upload<'_>) -> AppResult<EntryImportReport>;

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
    let name = upload_name(&req);
    Ok(web::Json(
        state
            .db(move |c| {
                apply(
                    c,
                    &actor,
                    organisation_id,
                    Upload::new(&body, name.as_deref()),
                )
            })
            .await?,
    ))
}

/// The template download and the import of one kind of entry workbook; the import is
/// all rows or none, and a natural key makes importing the same file again add nothing.
macro_rules! entry_workbook {
    ($template:ident, $import:ident, $template_path:literal, $import_path:literal,
     $build:path, $file:literal, $apply:path, $template_doc:literal, $import_doc:literal) => {
        #[doc = $template_doc]
        #[utoipa::path(
            tag = "excel",
            responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (status = 401, body = Problem))
        )]
        #[get($template_path)]
        pub async fn $template(_actor: Actor) -> AppResult<HttpResponse> {
            template($build, $file).await
        }

        #[doc = $import_doc]
        #[utoipa::path(
            tag = "excel",
            params(ImportQuery),
            request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            responses((status = 200, body = EntryImportReport), (status = 401, body = Problem), (status = 403, body = Problem),
                (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem))
        )]
        #[post($import_path)]
        pub async fn $import(
            state: web::Data<AppState>,
            actor: Actor,
            req: HttpRequest,
            q: web::Query<ImportQuery>,
            payload: web::Payload,
        ) -> AppResult<web::Json<EntryImportReport>> {
            let org = q.into_inner().organisation_id;
            import_entries(state, actor, req, org, payload, $apply).await
        }
    };
}

entry_workbook!(
    premises_template,
    import_premises,
    "/templates/premises",
    "/imports/premises",
    crate::excel::premises::template,
    "lokaler-mall.xlsx",
    entry_imports::import_premises,
    "The premises template (.xlsx): one row per premises and month.",
    "Import a filled premises workbook (the body is the .xlsx file). All rows or none; month, description and financing identify an entry, so importing again adds no duplicates."
);
entry_workbook!(
    other_costs_template,
    import_other_costs,
    "/templates/other-costs",
    "/imports/other-costs",
    crate::excel::other_costs::template,
    "ovriga-kostnader-mall.xlsx",
    entry_imports::import_other_costs,
    "The other-costs template (.xlsx): services, travel and materials, one row per voucher.",
    "Import a filled other-costs workbook (the body is the .xlsx file). All rows or none; the voucher number identifies an entry, so importing again adds no duplicates."
);
entry_workbook!(
    cash_template,
    import_cash,
    "/templates/cash-cofinancing",
    "/imports/cash-cofinancing",
    crate::excel::cash::template,
    "kontant-medfinansiering-mall.xlsx",
    entry_imports::import_cash,
    "The cash co-financing template (.xlsx): one row per month, type and payer.",
    "Import a filled cash co-financing workbook (the body is the .xlsx file). All rows or none; month, type and payer identify an entry, so importing again adds no duplicates."
);
entry_workbook!(
    participants_template,
    import_participants,
    "/templates/participants",
    "/imports/participants",
    crate::excel::participants::participant_template,
    "deltagare-mall.xlsx",
    participant_imports::import_participants,
    "The participants template (.xlsx): one row per enrolment.",
    "Import a filled participants workbook: all rows or none; identity number and start date identify an enrolment."
);
entry_workbook!(
    attendance_template,
    import_attendance,
    "/templates/attendance",
    "/imports/attendance",
    crate::excel::participants::attendance_template,
    "narvaro-mall.xlsx",
    participant_imports::import_attendance,
    "The attendance template (.xlsx): hours per participant and month.",
    "Import a filled attendance workbook: all rows or none; identity number and month identify a row."
);
entry_workbook!(
    compensation_template,
    import_compensation,
    "/templates/compensation",
    "/imports/compensation",
    crate::excel::participants::compensation_template,
    "ersattning-mall.xlsx",
    participant_imports::import_compensation,
    "The compensation template (.xlsx): compensation paid per participant, month and kind.",
    "Import a filled compensation workbook: all rows or none; identity number, month and kind identify a row."
);
