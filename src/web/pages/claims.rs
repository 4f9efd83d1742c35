//! Ansökningar (issue 15), for the owner's managers (read-only for auditors): the next
//! claim's months and what blocks it, with a link to each blocking month; a draft with
//! every figure for the period and cumulatively against the budget and the ESF amount
//! with the limit that decided it, in words; the lines behind any figure, filtered and
//! paged; recompute; issue after a page that shows what will be frozen; the workbook;
//! the claims made.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::access::{authorize_project, Action};
use crate::domain::claim::{Category, ClaimState, EsfCap};
use crate::domain::money::Ore;
use crate::domain::names::Named;
use crate::domain::period::{Date, Month};
use crate::domain::rate::Ppm;
use crate::domain::workflow::ReportState;
use crate::error::AppError;
use crate::service::claims as service;
use crate::views::claims::{
    Claim, ClaimInput, ClaimLine, ClaimListItem, IssueInput, LineQuery, NextClaim, VersionInput,
};
use crate::web::format;
use crate::web::messages::swedish;
use crate::web::session::Signed;
use crate::web::{respond, see_other, WebError};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The gate's answer to whether the user makes claims (for offering the actions; the use
/// cases ask it again).
fn makes_claims(signed: &Signed) -> bool {
    authorize_project(&signed.actor, Action::MakeClaims).is_ok()
}

// ---------------------------------------------------------------------------------------
// The overview: the next claim and the claims made.

#[derive(Template)]
#[template(path = "claims.html")]
struct ClaimsPage {
    chrome: Chrome,
    next: NextClaim,
    claims: Vec<ClaimListItem>,
    makes: bool,
    problem: Option<String>,
}

impl ClaimsPage {
    fn month_words(&self, m: &Month) -> String {
        format::month_words(*m)
    }
    fn state(&self, s: &ReportState) -> &'static str {
        format::state(*s)
    }
    fn kr(&self, o: &Ore) -> String {
        format::kr(*o)
    }
    fn issued(&self, c: &ClaimListItem) -> bool {
        c.state == ClaimState::Issued
    }
    fn sv(&self, m: &str) -> String {
        swedish(m)
    }
}

#[derive(Deserialize)]
pub struct ClaimsQuery {
    till: Option<String>,
}

async fn claims_page(
    state: &AppState,
    signed: &Signed,
    to: Option<Month>,
    problem: Option<String>,
) -> Result<HttpResponse, WebError> {
    let actor = signed.actor.clone();
    let (next, claims) = state
        .db(move |conn| {
            let next = service::next(conn, &actor, to, today())?;
            let claims = service::list(conn, &actor)?;
            Ok((next, claims))
        })
        .await?;
    let status = if problem.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    respond(
        status,
        &ClaimsPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            next,
            claims,
            makes: makes_claims(signed),
            problem,
        },
    )
}

pub async fn overview(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<ClaimsQuery>,
) -> Result<HttpResponse, WebError> {
    let to = q
        .till
        .as_deref()
        .map(|t| Month::parse(t).map_err(|_| WebError::Unreadable))
        .transpose()?;
    claims_page(&state, &signed, to, None).await
}

#[derive(Deserialize)]
pub struct DraftForm {
    csrf: String,
    from: String,
    to: String,
}

/// Drafts the next claim over the months the overview showed.
pub async fn draft(
    state: web::Data<AppState>,
    signed: Signed,
    form: web::Form<DraftForm>,
) -> Result<HttpResponse, WebError> {
    signed.check_csrf(&form.csrf)?;
    let (from, to) = (
        Month::parse(&form.from).map_err(|_| WebError::Unreadable)?,
        Month::parse(&form.to).map_err(|_| WebError::Unreadable)?,
    );
    let actor = signed.actor.clone();
    match state
        .db(move |conn| service::create(conn, &actor, ClaimInput { from, to }))
        .await
    {
        Ok(c) => Ok(see_other(format!("/ansokningar/{}", c.id))),
        Err(AppError::Conflict { detail, .. }) => {
            claims_page(&state, &signed, Some(to), Some(swedish(&detail))).await
        }
        Err(AppError::Validation(v)) => {
            let text =
                v.0.iter()
                    .map(|f| swedish(&f.message))
                    .collect::<Vec<_>>()
                    .join(" ");
            claims_page(&state, &signed, Some(to), Some(text)).await
        }
        Err(e) => Err(WebError::App(e)),
    }
}

// ---------------------------------------------------------------------------------------
// A claim.

#[derive(Template)]
#[template(path = "claim.html")]
struct ClaimPage {
    chrome: Chrome,
    claim: Claim,
    makes: bool,
    done: Option<&'static str>,
    problem: Option<String>,
}

impl ClaimPage {
    fn when(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        format::when(*t)
    }
    fn kr(&self, o: &Ore) -> String {
        format::kr(*o)
    }
    /// A budget figure, or a dash where no budget line covers it.
    fn budget(&self, o: &Option<Ore>) -> String {
        o.map(format::kr).unwrap_or_else(|| "–".into())
    }
    fn percent(&self, p: &Ppm) -> String {
        format::percent(*p)
    }
    fn month_words(&self, m: &Month) -> String {
        format::month_words(*m)
    }
    fn draft(&self) -> bool {
        self.claim.state == ClaimState::Draft
    }
    fn category(&self, c: &Category) -> &'static str {
        c.as_str()
    }
    /// Which limit decided the ESF amount, in words.
    fn cap(&self) -> String {
        let esf = &self.claim.esf;
        match esf.cap {
            EsfCap::SupportRate => format!(
                "Stödnivån avgör: {} av de stödberättigande kostnaderna ({}), avrundat nedåt till hela kronor.",
                format::percent(self.claim.settings.support_rate),
                format::kr(self.claim.total_eligible.cumulative)
            ),
            EsfCap::Cofinancing => format!(
                "Medfinansieringen avgör: stödet får inte vara större än de stödberättigande kostnaderna ({}) minus medfinansieringen ({}).",
                format::kr(self.claim.total_eligible.cumulative),
                format::kr(self.claim.total_cofinancing.cumulative)
            ),
            EsfCap::ApprovedBudget => format!(
                "Den beviljade ESF-budgeten avgör: stödet är som mest {}.",
                format::kr(esf.approved_budget)
            ),
        }
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    klart: Option<String>,
}

async fn claim_page(
    state: &AppState,
    signed: &Signed,
    id: i64,
    done: Option<&'static str>,
    problem: Option<String>,
) -> Result<HttpResponse, WebError> {
    let actor = signed.actor.clone();
    let claim = state.db(move |conn| service::get(conn, &actor, id)).await?;
    let status = if problem.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    respond(
        status,
        &ClaimPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            claim,
            makes: makes_claims(signed),
            done,
            problem,
        },
    )
}

pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
    q: web::Query<DoneQuery>,
) -> Result<HttpResponse, WebError> {
    let done = match q.klart.as_deref() {
        Some("omraknad") => Some("Utkastet är omräknat med bokföringen som den ser ut nu."),
        Some("utfardad") => Some("Ansökan är utfärdad: dess siffror och månader är låsta."),
        _ => None,
    };
    claim_page(&state, &signed, id.into_inner(), done, None).await
}

#[derive(Deserialize)]
pub struct VersionForm {
    csrf: String,
    version: i64,
    #[serde(default)]
    sent_on: String,
}

pub async fn recompute(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
    form: web::Form<VersionForm>,
) -> Result<HttpResponse, WebError> {
    signed.check_csrf(&form.csrf)?;
    let (actor, id, version) = (signed.actor.clone(), id.into_inner(), form.version);
    match state
        .db(move |conn| service::recompute(conn, &actor, id, VersionInput { version }))
        .await
    {
        Ok(_) => Ok(see_other(format!("/ansokningar/{id}?klart=omraknad"))),
        Err(e @ (AppError::Conflict { .. } | AppError::StaleVersion(_))) => {
            let text = match &e {
                AppError::Conflict { detail, .. } => swedish(detail),
                _ => "Någon annan ändrade utkastet samtidigt; sidan visar det nu.".into(),
            };
            claim_page(&state, &signed, id, None, Some(text)).await
        }
        Err(e) => Err(WebError::App(e)),
    }
}

/// Check your answers: what issuing freezes, before it is done.
#[derive(Template)]
#[template(path = "claim_issue.html")]
struct IssuePage {
    chrome: Chrome,
    claim: Claim,
    sent_on: String,
    problem: Option<String>,
}

impl IssuePage {
    fn when(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        format::when(*t)
    }
    fn kr(&self, o: &Ore) -> String {
        format::kr(*o)
    }
    fn month_words(&self, m: &Month) -> String {
        format::month_words(*m)
    }
}

pub async fn confirm_issue(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
) -> Result<HttpResponse, WebError> {
    let (actor, id) = (signed.actor.clone(), id.into_inner());
    let claim = state.db(move |conn| service::get(conn, &actor, id)).await?;
    respond(
        StatusCode::OK,
        &IssuePage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            claim,
            sent_on: today().to_string(),
            problem: None,
        },
    )
}

pub async fn issue(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
    form: web::Form<VersionForm>,
) -> Result<HttpResponse, WebError> {
    signed.check_csrf(&form.csrf)?;
    let id = id.into_inner();
    let sent_on = form.sent_on.trim().to_string();
    let date = if sent_on.is_empty() {
        Ok(None)
    } else {
        Date::parse(&sent_on).map(Some)
    };
    let outcome: Result<(), String> = match date {
        Err(_) => Err("Skriv datumet som ÅÅÅÅ-MM-DD.".to_string()),
        Ok(sent) => {
            let (actor, version) = (signed.actor.clone(), form.version);
            match state
                .db(move |conn| {
                    service::issue(conn, &actor, id, IssueInput { version, sent_on: sent })
                })
                .await
            {
                Ok(_) => return Ok(see_other(format!("/ansokningar/{id}?klart=utfardad"))),
                Err(AppError::Conflict { detail, .. }) => Err(swedish(&detail)),
                Err(AppError::Validation(v)) => Err(v
                    .0
                    .iter()
                    .map(|f| swedish(&f.message))
                    .collect::<Vec<_>>()
                    .join(" ")),
                Err(AppError::StaleVersion(_)) => Err(
                    "Utkastet ändrades (omräknades) under tiden. Gå tillbaka och läs det igen innan du utfärdar."
                        .into(),
                ),
                Err(e) => return Err(WebError::App(e)),
            }
        }
    };
    let problem = outcome.err();
    let actor = signed.actor.clone();
    let claim = state.db(move |conn| service::get(conn, &actor, id)).await?;
    respond(
        StatusCode::UNPROCESSABLE_ENTITY,
        &IssuePage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            claim,
            sent_on,
            problem,
        },
    )
}

pub async fn workbook(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
) -> Result<HttpResponse, WebError> {
    let (actor, id) = (signed.actor.clone(), id.into_inner());
    let (bytes, name) = state
        .db(move |conn| service::export(conn, &actor, id, crate::excel::claims::claim_workbook))
        .await?;
    Ok(crate::api::excel::xlsx(bytes, &name))
}

// ---------------------------------------------------------------------------------------
// The lines behind a figure.

const LINES: i64 = 100;

#[derive(Template)]
#[template(path = "claim_lines.html")]
struct LinesPage {
    chrome: Chrome,
    claim: Claim,
    category: Option<Category>,
    organisation: Option<i64>,
    lines: Vec<ClaimLine>,
    page: i64,
    more: bool,
}

impl LinesPage {
    fn kr(&self, o: &Ore) -> String {
        format::kr(*o)
    }
    fn label(&self, c: &Category) -> &'static str {
        c.label()
    }
    fn chosen(&self, c: &Category) -> bool {
        self.category == Some(*c)
    }
    fn categories(&self) -> &'static [Category] {
        <Category as strum::VariantArray>::VARIANTS
    }
    fn value(&self, c: &Category) -> &'static str {
        c.as_str()
    }
    /// The query for another page with the same filters.
    fn query(&self, page: i64) -> String {
        let mut q = String::new();
        if let Some(c) = self.category {
            q.push_str(&format!("kategori={}&", c.as_str()));
        }
        if let Some(o) = self.organisation {
            q.push_str(&format!("organisation={o}&"));
        }
        q.push_str(&format!("sida={page}"));
        q
    }
}

#[derive(Deserialize)]
pub struct LinesQuery {
    kategori: Option<String>,
    organisation: Option<i64>,
    sida: Option<i64>,
}

pub async fn lines(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
    q: web::Query<LinesQuery>,
) -> Result<HttpResponse, WebError> {
    let id = id.into_inner();
    let category = match q.kategori.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(Category::parse(k).map_err(|_| WebError::Unreadable)?),
        None => None,
    };
    let organisation = q.organisation;
    let page = q.sida.unwrap_or(1).clamp(1, 100_000);
    let actor = signed.actor.clone();
    let (claim, mut lines) = state
        .db(move |conn| {
            let claim = service::get(conn, &actor, id)?;
            let lines = service::lines(
                conn,
                &actor,
                id,
                LineQuery {
                    category,
                    organisation_id: organisation,
                    limit: Some(LINES + 1),
                    offset: Some((page - 1) * LINES),
                },
            )?;
            Ok((claim, lines))
        })
        .await?;
    let more = lines.len() as i64 > LINES;
    lines.truncate(LINES as usize);
    respond(
        StatusCode::OK,
        &LinesPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            claim,
            category,
            organisation,
            lines,
            page,
            more,
        },
    )
}
