//! Administration (issue 15), the project's own settings for its admins: the grant's
//! terms (dates, rates, budgets, the distribution key) and the social-fee table by year
//! and employer kind. Both go through the same use cases as the API, with their rules
//! shown at their fields; changing the terms after a claim needs a reason.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;
use serde_json::Value;

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::access::{authorize_project, Action};
use crate::domain::names::Named;
use crate::domain::organisation::EmployerKind;
use crate::domain::project::{DistributionKey, IndirectBase};
use crate::error::AppError;
use crate::service::{project, social_fees, ChangedBy};
use crate::views::social_fees::{SocialFeeInput, SocialFeeRate};
use crate::web::format;
use crate::web::forms::{
    self, choices, decode, field, optional, FieldDef, FormPage, Input, Problems,
};
use crate::web::session::Signed;
use crate::web::{respond, see_other, WebError};

fn project_fields() -> Vec<FieldDef> {
    vec![
        field("name", "Projektets namn", "", Input::Text),
        field("esf_case_number", "Ärendenummer hos ESF-rådet", "T.ex. 2011-3010123.", Input::Text),
        field("start_date", "Startdatum", "ÅÅÅÅ-MM-DD", Input::Date),
        field("end_date", "Slutdatum", "ÅÅÅÅ-MM-DD", Input::Date),
        field("support_rate_percent", "Stödnivå (%)", "ESF:s andel av de stödberättigande kostnaderna.", Input::Decimal),
        field("approved_esf_budget", "Beviljat ESF-stöd (kr)", "", Input::Money),
        field("total_budget", "Projektets totala budget (kr)", "", Input::Money),
        field("indirect_rate_percent", "Schablon för indirekta kostnader (%)", "0 om projektet inte har någon schablon.", Input::Decimal),
        field("indirect_base", "Schablonen räknas på", "", choices::<IndirectBase>(format::indirect_base)),
        field("distribution_key", "Utbetalningen fördelas efter", "", choices::<DistributionKey>(format::distribution_key)),
        field("required_cofinancing_percent", "Krav på medfinansiering (%)", "Andel av de stödberättigande kostnaderna enligt beslutet.", Input::Decimal),
        optional(field(
            "amendment_reason",
            "Skäl till ändringen",
            "Krävs för att ändra stödnivå, schablon, ESF-stöd eller fördelning efter att en ansökan har gjorts (ett ändringsbeslut). Ansökningar som redan gjorts behåller sina siffror.",
            Input::Text,
        )),
    ]
}

fn project_form(signed: &Signed, values: &HashMap<String, String>, problems: Problems) -> FormPage {
    FormPage::plain(
        Chrome::signed(&signed.actor, &signed.csrf),
        "Projektets inställningar".into(),
        ("/admin/anvandare".into(), "Till administrationen"),
        "/admin/projekt".into(),
        project_fields(),
        values,
        problems,
        "Spara inställningarna",
    )
}

#[derive(Deserialize)]
pub struct DoneQuery {
    klart: Option<String>,
}

pub async fn project_page(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<DoneQuery>,
) -> Result<HttpResponse, WebError> {
    authorize_project(&signed.actor, Action::ManageProject).map_err(AppError::from)?;
    let values = match state.db(project::get).await {
        Ok(p) => forms::values_of(&serde_json::to_value(&p).unwrap_or_default()),
        // Not configured yet: an empty form sets it up.
        Err(AppError::Conflict { .. }) => HashMap::new(),
        Err(e) => return Err(e.into()),
    };
    let mut page = project_form(&signed, &values, Vec::new());
    page.notice = q.klart.is_some().then_some("Inställningarna är sparade.");
    page.respond(StatusCode::OK)
}

pub async fn save_project(
    state: web::Data<AppState>,
    signed: Signed,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let values = forms::fields_of(posted.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    let defs = project_fields();
    let names: Vec<&str> = defs.iter().map(|f| f.name).collect();
    let problems = match forms::read(&defs, &values) {
        Ok(mut input) => {
            if let Some(v) = forms::version_of(&values)? {
                input.insert("version".into(), serde_json::json!(v));
            }
            let actor = signed.actor.clone();
            let saved = state
                .db(move |conn| {
                    project::put(
                        conn,
                        &ChangedBy::of(&actor),
                        Some(&actor),
                        decode(Value::Object(input))?,
                    )
                })
                .await;
            match saved {
                Ok(_) => return Ok(see_other("/admin/projekt?klart=1".into())),
                Err(e) => forms::problems_of(e, &names, &[])?,
            }
        }
        Err(p) => p,
    };
    project_form(&signed, &values, problems).respond(StatusCode::UNPROCESSABLE_ENTITY)
}

#[derive(Template)]
#[template(path = "social_fees.html")]
struct SocialFeesPage {
    chrome: Chrome,
    rates: Vec<SocialFeeRate>,
    done: bool,
}

impl SocialFeesPage {
    fn kind(&self, k: &EmployerKind) -> &'static str {
        format::employer_kind(*k)
    }
    fn rate(&self, r: &SocialFeeRate) -> String {
        format::percent(r.rate_percent)
    }
}

pub async fn social_fee_table(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<DoneQuery>,
) -> Result<HttpResponse, WebError> {
    authorize_project(&signed.actor, Action::ManageProject).map_err(AppError::from)?;
    let mut rates = state.db(social_fees::list).await?;
    rates.sort_by(|a, b| {
        (b.year, a.employer_kind.as_str()).cmp(&(a.year, b.employer_kind.as_str()))
    });
    respond(
        StatusCode::OK,
        &SocialFeesPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            rates,
            done: q.klart.is_some(),
        },
    )
}

fn fee_fields() -> Vec<FieldDef> {
    vec![
        field("year", "År", "Fyra siffror.", Input::Text),
        field(
            "employer_kind",
            "Slag av arbetsgivare",
            "En annan arbetsgivare har ingen tabellsats: den anges på varje lönerad.",
            choices::<EmployerKind>(format::employer_kind),
        ),
        field("rate_percent", "Sats (%)", "T.ex. 38,46.", Input::Decimal),
        field(
            "source",
            "Källa",
            "Var satsen kommer ifrån, t.ex. SKL:s cirkulär.",
            Input::Text,
        ),
    ]
}

fn fee_form(signed: &Signed, values: &HashMap<String, String>, problems: Problems) -> FormPage {
    FormPage::plain(
        Chrome::signed(&signed.actor, &signed.csrf),
        "Arbetsgivaravgift".into(),
        (
            "/admin/arbetsgivaravgifter".into(),
            "Till arbetsgivaravgifterna",
        ),
        "/admin/arbetsgivaravgifter/ny".into(),
        fee_fields(),
        values,
        problems,
        "Spara satsen",
    )
}

#[derive(Deserialize)]
pub struct FeeQuery {
    ar: Option<i32>,
    slag: Option<String>,
}

/// The form for a rate: empty, or the rate asked for with its figures and version.
pub async fn fee_page(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<FeeQuery>,
) -> Result<HttpResponse, WebError> {
    authorize_project(&signed.actor, Action::ManageProject).map_err(AppError::from)?;
    let mut values = HashMap::new();
    if let (Some(year), Some(kind)) = (q.ar, q.slag.as_deref()) {
        let kind = EmployerKind::parse(kind).map_err(|_| WebError::Unreadable)?;
        let found = state
            .db(social_fees::list)
            .await?
            .into_iter()
            .find(|r| r.year == year && r.employer_kind == kind);
        match found {
            Some(r) => values = forms::values_of(&serde_json::to_value(&r).unwrap_or_default()),
            None => {
                values.insert("year".into(), year.to_string());
                values.insert("employer_kind".into(), kind.as_str().to_string());
            }
        }
    }
    fee_form(&signed, &values, Vec::new()).respond(StatusCode::OK)
}

pub async fn save_fee(
    state: web::Data<AppState>,
    signed: Signed,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let values = forms::fields_of(posted.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    let defs = fee_fields();
    let names: Vec<&str> = defs.iter().map(|f| f.name).collect();
    let problems = match forms::read(&defs, &values) {
        Ok(input) => {
            let year = input
                .get("year")
                .and_then(Value::as_str)
                .and_then(|y| y.trim().parse::<i32>().ok());
            let kind = input
                .get("employer_kind")
                .and_then(Value::as_str)
                .and_then(|k| EmployerKind::parse(k).ok());
            match (year, kind) {
                (Some(year), Some(kind)) => {
                    let version = forms::version_of(&values)?;
                    let fee = SocialFeeInput {
                        rate_percent: decode(
                            input.get("rate_percent").cloned().unwrap_or(Value::Null),
                        )?,
                        source: input
                            .get("source")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string(),
                        version,
                    };
                    let actor = signed.actor.clone();
                    match state
                        .db(move |conn| social_fees::put(conn, &actor, year, kind, fee))
                        .await
                    {
                        Ok(_) => return Ok(see_other("/admin/arbetsgivaravgifter?klart=1".into())),
                        Err(e) => forms::problems_of(e, &names, &[])?,
                    }
                }
                (None, _) => vec![(
                    "year".to_string(),
                    "År: skriv året med fyra siffror, t.ex. 2014.".to_string(),
                )],
                (_, None) => return Err(WebError::Unreadable),
            }
        }
        Err(p) => p,
    };
    fee_form(&signed, &values, problems).respond(StatusCode::UNPROCESSABLE_ENTITY)
}
