//! SCB (issue 15): a month's participant report to SCB for those who send it (the
//! owner's admins): whether the month is open for reporting, its totals and ESF
//! indicators, its rows (a page at a time), the file with SCB's name (downloading it
//! records the month as sent), and the months to send again after later corrections.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::hours::CentiHours;
use crate::domain::identity::Sex;
use crate::domain::participant::{Outcome, StatusAtStart};
use crate::domain::period::Month;
use crate::error::AppError;
use crate::views::scb::{ScbReport, ScbStatus};
use crate::web::format;
use crate::web::session::Signed;
use crate::web::{render, WebError};

const PAGE: usize = 100;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[derive(Template)]
#[template(path = "scb.html")]
struct ScbPage {
    chrome: Chrome,
    month: Month,
    /// The report, or the day the month opens.
    report: Result<ScbReport, chrono::NaiveDate>,
    status: ScbStatus,
    page: usize,
    pages: usize,
}

impl ScbPage {
    fn month_words(&self, m: &Month) -> String {
        format!("{} {}", format::month_name(m.month()), m.year())
    }
    fn hours(&self, h: &CentiHours) -> String {
        format::hours(*h)
    }
    fn sex(&self, s: &Sex) -> &'static str {
        format::sex(*s)
    }
    fn status_at_start(&self, s: &StatusAtStart) -> &'static str {
        format::status_at_start(*s)
    }
    fn outcome(&self, o: &Outcome) -> &'static str {
        format::outcome(*o)
    }
    fn when(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        format::when(*t)
    }
    /// When this month's file was last made, if ever.
    fn sent(&self) -> Option<String> {
        self.status
            .months
            .iter()
            .find(|m| m.month == self.month)
            .map(|m| format::when(m.last_generated_at))
    }
    fn rows(&self) -> &[crate::views::scb::ScbRow] {
        match &self.report {
            Ok(r) => {
                let start = ((self.page - 1) * PAGE).min(r.rows.len());
                &r.rows[start..(start + PAGE).min(r.rows.len())]
            }
            Err(_) => &[],
        }
    }
}

#[derive(Deserialize)]
pub struct ScbQuery {
    manad: Option<String>,
    sida: Option<usize>,
}

pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<ScbQuery>,
) -> Result<HttpResponse, WebError> {
    let month = match q.manad.as_deref() {
        Some(m) => Month::parse(m).map_err(|_| WebError::Unreadable)?,
        // The latest month that has opened.
        None => Month::of(today()).previous(),
    };
    let actor = signed.actor.clone();
    let (report, status) = state
        .db(move |conn| {
            let status = crate::service::scb::status(conn, &actor)?;
            let report = match crate::service::scb::report(conn, &actor, month, today()) {
                Ok(r) => Ok(r),
                Err(AppError::Conflict { .. }) => Err(crate::domain::scb::opens_on(month)),
                Err(e) => return Err(e),
            };
            Ok((report, status))
        })
        .await?;
    let rows = report.as_ref().map_or(0, |r| r.rows.len());
    let pages = rows.div_ceil(PAGE).max(1);
    let page = q.sida.unwrap_or(1).clamp(1, pages);
    Ok(HttpResponse::build(StatusCode::OK)
        .content_type("text/html; charset=utf-8")
        .body(render(&ScbPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            month,
            report,
            status,
            page,
            pages,
        })?))
}

/// The month's file, as the API gives it (and recorded as sent).
pub async fn file(
    state: web::Data<AppState>,
    signed: Signed,
    month: web::Path<String>,
) -> Result<HttpResponse, WebError> {
    let month = Month::parse(&month).map_err(|_| WebError::Unreadable)?;
    let actor = signed.actor.clone();
    let (bytes, name) = state
        .db(move |c| {
            crate::service::scb::export(c, &actor, month, today(), crate::excel::scb::workbook)
        })
        .await?;
    Ok(crate::api::excel::xlsx(bytes, &name))
}
