//! Excel in: download each template, upload a filled one (with a progress bar when
//! scripts run), and read what became of it. Every upload is kept with its outcome
//! (`service::uploads`), so its result page survives a reload and a colleague sees it.

use actix_multipart::Multipart;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use futures_util::TryStreamExt;
use serde::Deserialize;
use strum::VariantArray;

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::names::Named;
use crate::domain::upload::{UploadKind, UploadOutcome};
use crate::error::AppError;
use crate::service::imports::Upload;
use crate::views::uploads::UploadRecord;
use crate::web::format;
use crate::web::messages::swedish;
use crate::web::session::Signed;
use crate::web::{render, WebError};

/// How many uploads the page lists (the total is always shown).
const LATEST: i64 = 50;

#[derive(Template)]
#[template(path = "uploads.html")]
struct UploadsPage {
    chrome: Chrome,
    kinds: Vec<UploadKind>,
    chosen: Option<UploadKind>,
    uploads: Vec<UploadRecord>,
    total: i64,
    /// Problems with the form itself (no file chosen, no kind): field and message.
    problems: Vec<(&'static str, String)>,
}

impl UploadsPage {
    fn when(&self, r: &UploadRecord) -> String {
        format::when(r.uploaded_at)
    }
}

async fn uploads_page(
    state: &AppState,
    signed: &Signed,
    chosen: Option<UploadKind>,
    problems: Vec<(&'static str, String)>,
) -> Result<HttpResponse, WebError> {
    let actor = signed.actor.clone();
    let (uploads, total) = state
        .db(move |conn| crate::service::uploads::latest(conn, &actor, LATEST))
        .await?;
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(render(&UploadsPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            kinds: offered(&signed.actor),
            chosen,
            uploads,
            total,
            problems,
        })?))
}

#[derive(Deserialize)]
pub struct UploadsQuery {
    typ: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<UploadsQuery>,
) -> Result<HttpResponse, WebError> {
    let chosen = q.typ.as_deref().and_then(|t| UploadKind::parse(t).ok());
    uploads_page(&state, &signed, chosen, Vec::new()).await
}

/// A timesheet template pre-filled for an organisation and month (from the month page).
#[derive(Deserialize)]
pub struct TemplateQuery {
    organisation_id: Option<i64>,
    manad: Option<String>,
}

/// The template of a kind, as the API serves it; the timesheet template pre-filled when
/// an organisation and month are given.
pub async fn template(
    state: web::Data<AppState>,
    signed: Signed,
    kind: web::Path<String>,
    q: web::Query<TemplateQuery>,
) -> Result<HttpResponse, WebError> {
    let kind = UploadKind::parse(&kind)
        .map_err(|_| WebError::App(AppError::NotFound(format!("no template {kind}"))))?;
    let q = q.into_inner();
    let month = match q.manad.as_deref() {
        Some(m) => Some(
            crate::domain::period::Month::parse(m)
                .map_err(|e| WebError::App(AppError::validation("manad", e)))?,
        ),
        None => None,
    };
    let timesheets = if kind == UploadKind::Timesheets {
        let actor = signed.actor.clone();
        Some(
            state
                .db(move |c| {
                    crate::service::imports::timesheet_template(c, &actor, q.organisation_id, month)
                })
                .await?,
        )
    } else {
        None
    };
    let prefilled = timesheets
        .as_ref()
        .and_then(|t| t.prefill.as_ref())
        .map(|p| p.month);
    let bytes = web::block(move || match kind {
        UploadKind::Timesheets => match &timesheets {
            Some(t) => crate::excel::timesheets::template(t),
            None => Err(crate::views::RenderError::new(
                "the template",
                "no timesheet template",
            )),
        },
        UploadKind::Premises => crate::excel::premises::template(),
        UploadKind::OtherCosts => crate::excel::other_costs::template(),
        UploadKind::CashCofinancing => crate::excel::cash::template(),
        UploadKind::Participants => crate::excel::participants::participant_template(),
        UploadKind::Attendance => crate::excel::participants::attendance_template(),
        UploadKind::Compensation => crate::excel::participants::compensation_template(),
        UploadKind::Budget => crate::excel::budget::template(),
    })
    .await
    .map_err(|e| AppError::Failure {
        context: "the workbook's worker stopped",
        source: Box::new(e),
    })?
    .map_err(AppError::from)?;
    let slug: String = kind
        .label()
        .to_lowercase()
        .replace(' ', "-")
        .replace(['å', 'ä'], "a")
        .replace('ö', "o");
    let name = match prefilled {
        Some(month) => format!("{slug}-{month}.xlsx"),
        None => format!(
            "{slug}-mall-v{}.xlsx",
            crate::excel::template::version_of(sheet_of(kind))
        ),
    };
    Ok(crate::api::excel::xlsx(bytes, &name))
}

/// The kinds the user is offered: the budget only to those who set budgets (the gate's
/// rule; the import asks the gate again).
fn offered(actor: &crate::domain::access::Actor) -> Vec<UploadKind> {
    use crate::domain::access::{authorize_project, Action};
    let budgets = authorize_project(actor, Action::SetBudgets).is_ok();
    UploadKind::VARIANTS
        .iter()
        .copied()
        .filter(|k| *k != UploadKind::Budget || budgets)
        .collect()
}

/// The data sheet (and so the template's name) of each kind.
fn sheet_of(kind: UploadKind) -> &'static str {
    match kind {
        UploadKind::Timesheets => crate::excel::timesheets::SHEET,
        UploadKind::Premises => crate::excel::premises::SHEET,
        UploadKind::OtherCosts => crate::excel::other_costs::SHEET,
        UploadKind::CashCofinancing => crate::excel::cash::SHEET,
        UploadKind::Participants => crate::excel::participants::PARTICIPANT_SHEET,
        UploadKind::Attendance => crate::excel::participants::ATTENDANCE_SHEET,
        UploadKind::Compensation => crate::excel::participants::COMPENSATION_SHEET,
        UploadKind::Budget => crate::excel::budget::SHEET,
    }
}

/// Reads a multipart field into memory, refusing more than `limit` bytes.
async fn field_bytes(
    field: &mut actix_multipart::Field,
    limit: usize,
    what: &'static str,
) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::new();
    while let Some(chunk) = field
        .try_next()
        .await
        .map_err(|e| AppError::validation(what, format!("the upload broke off: {e}")))?
    {
        if out.len() + chunk.len() > limit {
            return Err(AppError::PayloadTooLarge(format!(
                "the file is larger than {} MB",
                limit / (1024 * 1024)
            )));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// The upload form as sent: the token, the kind, and the file with its name.
#[derive(Default)]
struct Sent {
    csrf: String,
    kind: Option<String>,
    file: Vec<u8>,
    file_name: Option<String>,
}

async fn read_form(mut form: Multipart, limit: usize) -> Result<Sent, AppError> {
    let mut sent = Sent::default();
    while let Some(mut field) = form
        .try_next()
        .await
        .map_err(|e| AppError::validation("fil", format!("the form cannot be read: {e}")))?
    {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "csrf" | "typ" => {
                let text = String::from_utf8(field_bytes(&mut field, 200, "csrf").await?)
                    .unwrap_or_default();
                if name == "csrf" {
                    sent.csrf = text;
                } else {
                    sent.kind = Some(text);
                }
            }
            "fil" => {
                sent.file_name = field
                    .content_disposition()
                    .and_then(|d| d.get_filename())
                    .map(|n| n.chars().filter(|c| !c.is_control()).collect());
                sent.file = field_bytes(&mut field, limit, "fil").await?;
            }
            // Anything else is drained and ignored.
            _ => {
                field_bytes(&mut field, limit, "fil").await?;
            }
        }
    }
    Ok(sent)
}

/// Imports an uploaded workbook for the user's organisation and shows what became of it.
pub async fn upload(
    state: web::Data<AppState>,
    signed: Signed,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, WebError> {
    // Made here rather than extracted, so a body that is no form gets this page's answer.
    let form = Multipart::new(req.headers(), payload);
    let sent = match read_form(form, state.max_upload_bytes).await {
        Ok(sent) => sent,
        Err(AppError::PayloadTooLarge(_)) => {
            return uploads_page(
                &state,
                &signed,
                None,
                vec![(
                    "fil",
                    format!(
                        "Filen är större än {} MB. Dela upp den i flera filer.",
                        state.max_upload_bytes / (1024 * 1024)
                    ),
                )],
            )
            .await
        }
        Err(_) => return Err(WebError::Unreadable),
    };
    signed.check_csrf(&sent.csrf)?;
    let kind = sent.kind.as_deref().and_then(|k| UploadKind::parse(k).ok());
    let mut problems = Vec::new();
    if kind.is_none() {
        problems.push((
            "typ",
            "Välj vilken sorts arbetsbok du läser in.".to_string(),
        ));
    }
    if sent.file.is_empty() {
        problems.push(("fil", "Välj en ifylld arbetsbok (.xlsx).".to_string()));
    }
    let Some(kind) = kind.filter(|_| problems.is_empty()) else {
        return uploads_page(&state, &signed, kind, problems).await;
    };
    let actor = signed.actor.clone();
    let org = actor.organisation_id;
    let id = state
        .db(move |conn| {
            crate::service::uploads::upload(
                conn,
                &actor,
                kind,
                org,
                Upload::new(&sent.file, sent.file_name.as_deref()),
            )
        })
        .await?;
    let to = format!("/excel/{id}");
    if req.headers().contains_key("HX-Request") {
        // htmx sent it (with the progress bar): the whole page goes to the result.
        return Ok(HttpResponse::Ok()
            .insert_header(("HX-Redirect", to))
            .finish());
    }
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .finish())
}

#[derive(Template)]
#[template(path = "upload.html")]
struct ResultPage {
    chrome: Chrome,
    upload: UploadRecord,
}

impl ResultPage {
    fn when(&self) -> String {
        format::when(self.upload.uploaded_at)
    }
    fn imported(&self) -> bool {
        self.upload.outcome == UploadOutcome::Imported
    }
    fn sv(&self, rule: &str) -> String {
        swedish(rule)
    }
    fn grouped(&self, n: &i64) -> String {
        format::grouped(n.unsigned_abs())
    }
}

pub async fn result(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
) -> Result<HttpResponse, WebError> {
    let (actor, id) = (signed.actor.clone(), id.into_inner());
    let upload = state
        .db(move |conn| crate::service::uploads::get(conn, &actor, id))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(render(&ResultPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            upload,
        })?))
}
