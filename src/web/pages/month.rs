//! Månad: an organisation's monthly report (its figures per category and financing, own,
//! consolidated or everything below), the organisations in it, the chain's actions
//! (submit, approve, return with a comment) and the workbook.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::money::Ore;
use crate::domain::period::Month;
use crate::domain::workflow::ReportState;
use crate::error::AppError;
use crate::service::monthly_reports::{self as service, ReportRights};
use crate::views::entries::MonthEntries;
use crate::views::monthly_reports::{MonthlyReport, ReportView, ReturnInput};
use crate::web::format;
use crate::web::session::Signed;
use crate::web::{render, WebError};

#[derive(Template)]
#[template(path = "month.html")]
struct MonthPage {
    chrome: Chrome,
    report: MonthlyReport,
    rights: ReportRights,
    view: &'static str,
    done: Option<&'static str>,
    problem: Option<(&'static str, String)>,
    comment: String,
    entries: MonthEntries,
}

impl MonthPage {
    fn kr(&self, o: &Ore) -> String {
        format::kr(*o)
    }

    fn state(&self, s: &ReportState) -> &'static str {
        format::state(*s)
    }

    fn title(&self) -> String {
        format!(
            "{} {} {}",
            self.report.organisation_name,
            format::month_name(self.report.month.month()),
            self.report.month.year()
        )
    }

    fn path(&self) -> String {
        format!(
            "/manad/{}/{}",
            self.report.organisation_id, self.report.month
        )
    }

    fn percent(&self, p: &crate::domain::rate::Ppm) -> String {
        format::percent(*p)
    }

    fn hours(&self, h: &crate::domain::hours::CentiHours) -> String {
        format::hours(*h)
    }

    fn timesheet_state(&self, s: &crate::domain::workflow::TimesheetState) -> &'static str {
        format::timesheet_state(*s)
    }

    fn financing(&self, f: &crate::domain::entry::PremisesFinancing) -> &'static str {
        format::premises_financing(*f)
    }

    fn category(&self, c: &crate::domain::entry::OtherCategory) -> &'static str {
        format::other_category(*c)
    }

    fn cash_kind(&self, k: &crate::domain::entry::CashKind) -> &'static str {
        format::cash_kind(*k)
    }

    /// An entered amount as money (the use case has checked it).
    fn entered(&self, e: &crate::domain::entered::Entered<Ore>) -> String {
        e.check().map(format::kr).unwrap_or_default()
    }

    /// Entries may be added, changed and deleted.
    /// The timesheet template's name in the Excel in paths.
    fn timesheets_kind(&self) -> &'static str {
        crate::domain::upload::UploadKind::Timesheets.into()
    }

    fn changes(&self) -> bool {
        self.entries.month_open && self.entries.enters_data
    }

    /// Entries of this closed month may be corrected in an open one.
    fn corrects(&self) -> bool {
        !self.entries.month_open && self.entries.enters_data
    }

    fn premises_slug(&self) -> &'static str {
        crate::web::pages::entries::Kind::Premises.slug()
    }

    fn other_slug(&self) -> &'static str {
        crate::web::pages::entries::Kind::OtherCost.slug()
    }

    fn cash_slug(&self) -> &'static str {
        crate::web::pages::entries::Kind::Cash.slug()
    }

    fn may_submit(&self) -> bool {
        self.rights.submit && self.report.state.is_editable()
    }

    fn may_decide(&self) -> bool {
        self.rights.decide && self.report.state == ReportState::Submitted
    }
}

#[derive(Deserialize)]
pub struct MonthQuery {
    vy: Option<String>,
    klart: Option<String>,
}

fn view_of(vy: Option<&str>) -> (ReportView, &'static str) {
    match vy {
        Some("egen") => (ReportView::Own, "egen"),
        Some("alla") => (ReportView::All, "alla"),
        _ => (ReportView::Consolidated, "sammanstalld"),
    }
}

fn month_of(text: &str) -> Result<Month, WebError> {
    Month::parse(text).map_err(|_| WebError::App(AppError::NotFound(format!("no month {text}"))))
}

async fn page(
    state: &AppState,
    signed: &Signed,
    (org, month): (i64, Month),
    vy: Option<&str>,
    done: Option<&'static str>,
    problem: Option<(StatusCode, &'static str, String)>,
) -> Result<HttpResponse, WebError> {
    let (view, view_name) = view_of(vy);
    let actor = signed.actor.clone();
    let (report, rights, entries) = state
        .db_read(move |conn, directory| {
            let report = service::get(conn, directory, &actor, org, month, view)?;
            let rights = service::rights(conn, &actor, org)?;
            let entries = crate::service::entries::of_month(conn, &actor, org, month)?;
            Ok((report, rights, entries))
        })
        .await?;
    let status = problem.as_ref().map_or(StatusCode::OK, |p| p.0);
    let page = MonthPage {
        chrome: Chrome::signed(&signed.actor, &signed.csrf),
        report,
        rights,
        view: view_name,
        done,
        problem: problem.map(|(_, heading, text)| (heading, text)),
        comment: String::new(),
        entries,
    };
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(render(&page)?))
}

pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(i64, String)>,
    q: web::Query<MonthQuery>,
) -> Result<HttpResponse, WebError> {
    let (org, month) = path.into_inner();
    let month = month_of(&month)?;
    let done = match q.klart.as_deref() {
        Some("inskickad") => Some("Rapporten är inskickad."),
        Some("godkand") => Some("Rapporten är godkänd."),
        Some("aterskickad") => Some("Rapporten är återsänd med din kommentar."),
        Some("tillagd") => Some("Posten är tillagd."),
        Some("andrad") => Some("Posten är ändrad."),
        Some("rattad") => Some("Rättelsen är bokförd i den här månaden."),
        Some("borttagen") => Some("Posten är borttagen."),
        _ => None,
    };
    page(&state, &signed, (org, month), q.vy.as_deref(), done, None).await
}

#[derive(Deserialize)]
pub struct ActionForm {
    csrf: String,
    version: i64,
    #[serde(default)]
    comment: String,
}

#[derive(Clone, Copy)]
enum Step {
    Submit,
    Approve,
    Return,
}

impl Step {
    /// The step a form posts to (`/manad/{org}/{month}/{step}`).
    fn named(name: &str) -> Option<Step> {
        match name {
            "skicka-in" => Some(Step::Submit),
            "godkann" => Some(Step::Approve),
            "skicka-tillbaka" => Some(Step::Return),
            _ => None,
        }
    }
}

/// Submit, approve or return the month's report, as the form names it.
pub async fn act(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(i64, String, String)>,
    form: web::Form<ActionForm>,
) -> Result<HttpResponse, WebError> {
    let (org, month, step) = path.into_inner();
    let step = Step::named(&step)
        .ok_or_else(|| WebError::App(AppError::NotFound(format!("no step {step}"))))?;
    let month = month_of(&month)?;
    let form = form.into_inner();
    signed.check_csrf(&form.csrf)?;
    let actor = signed.actor.clone();
    let (version, comment) = (form.version, form.comment.clone());
    let done = state
        .db(move |conn| match step {
            Step::Submit => service::submit(conn, &actor, org, month, version).map(|_| "inskickad"),
            Step::Approve => service::approve(conn, &actor, org, month, version).map(|_| "godkand"),
            Step::Return => {
                service::return_report(conn, &actor, org, month, ReturnInput { version, comment })
                    .map(|_| "aterskickad")
            }
        })
        .await;
    let heading = match step {
        Step::Submit => "Rapporten kunde inte skickas in",
        Step::Approve => "Rapporten kunde inte godkännas",
        Step::Return => "Rapporten kunde inte skickas tillbaka",
    };
    match done {
        Ok(word) => Ok(HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!("/manad/{org}/{month}?klart={word}"),
            ))
            .finish()),
        Err(
            e @ (AppError::Validation(_) | AppError::Conflict { .. } | AppError::StaleVersion(_)),
        ) => {
            let status = actix_web::ResponseError::status_code(&e);
            let text = match &e {
                AppError::StaleVersion(_) => "Någon annan ändrade rapporten samtidigt. Sidan visar nu hur den ser ut; försök igen.".to_string(),
                AppError::Validation(v) if v.0.iter().any(|f| f.field == "comment") => {
                    "Skriv en kommentar som säger vad som ska rättas.".to_string()
                }
                AppError::Conflict { detail, .. } => crate::web::messages::swedish(detail),
                other => format!("{other}"),
            };
            page(
                &state,
                &signed,
                (org, month),
                None,
                None,
                Some((status, heading, text)),
            )
            .await
        }
        Err(e) => Err(WebError::App(e)),
    }
}

/// The report as the API's workbook.
pub async fn workbook(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(i64, String)>,
    q: web::Query<MonthQuery>,
) -> Result<HttpResponse, WebError> {
    let (org, month) = path.into_inner();
    let month = month_of(&month)?;
    let (view, _) = view_of(q.vy.as_deref());
    let actor = signed.actor.clone();
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
    Ok(crate::api::excel::xlsx(bytes, &name))
}
