//! Personal: the staff of the user's part of the project, and for each member the salary
//! records and the hourly rate every month gives, with what it is computed from (before
//! any timesheet is attested).

use std::collections::HashMap;

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::access::{authorize, Action, Actor, OrgScope};
use crate::domain::money::Ore;
use crate::domain::rate::Ppm;
use crate::views::staff::{NewStaffInput, SalaryInput};
use crate::views::staff::{StaffMember, StaffQuery, StaffRates};
use crate::web::format;
use crate::web::forms::{self, decode, field, optional, FieldDef, FormPage, Input, Problems};
use crate::web::session::Signed;
use crate::web::{html, WebError};
use actix_web::http::{header, StatusCode};

#[derive(Template)]
#[template(path = "staff_list.html")]
struct StaffList {
    chrome: Chrome,
    staff: Vec<StaffMember>,
    total: i64,
    page: i64,
    pages: i64,
    /// The user enters their organisation's data (and so adds staff).
    adds: bool,
}

#[derive(Template)]
#[template(path = "staff_member.html")]
struct StaffPage {
    chrome: Chrome,
    rates: StaffRates,
    done: Option<&'static str>,
}

impl StaffPage {
    fn kr(&self, o: &Ore) -> String {
        format::kr(*o)
    }

    fn percent(&self, p: &Ppm) -> String {
        format::percent(*p)
    }

    fn sv(&self, message: &str) -> String {
        crate::web::messages::swedish(message)
    }

    fn month_words(&self, m: &crate::domain::period::Month) -> String {
        format!("{} {}", format::month_name(m.month()), m.year())
    }
}

/// Staff members a page of the list shows.
const PAGE: i64 = 100;

#[derive(Deserialize)]
pub struct ListQuery {
    sida: Option<i64>,
}

pub async fn list(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, WebError> {
    let actor = signed.actor.clone();
    let page = q.sida.unwrap_or(1).clamp(1, i64::MAX / PAGE);
    let found = state
        .db_read(move |conn, directory| {
            crate::service::staff::list(
                conn,
                directory,
                &actor,
                StaffQuery {
                    organisation_id: None,
                    limit: Some(PAGE),
                    offset: Some((page - 1) * PAGE),
                },
            )
        })
        .await?;
    html(&StaffList {
        chrome: Chrome::signed(&signed.actor, &signed.csrf),
        staff: found.items,
        total: found.total,
        page,
        pages: ((found.total + PAGE - 1) / PAGE).max(1),
        adds: enters_own_data(&signed.actor),
    })
}

#[derive(Deserialize)]
pub struct YearQuery {
    ar: Option<i32>,
    klart: Option<String>,
}

pub async fn member(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
    q: web::Query<YearQuery>,
) -> Result<HttpResponse, WebError> {
    let (actor, id, year) = (signed.actor.clone(), id.into_inner(), q.ar);
    let rates = state
        .db(move |conn| crate::service::staff::monthly_rates(conn, &actor, id, year))
        .await?;
    html(&StaffPage {
        chrome: Chrome::signed(&signed.actor, &signed.csrf),
        rates,
        done: match q.klart.as_deref() {
            Some("ny") => Some(
                "Personen är tillagd. Lägg till en lönerad så att timkostnaden kan räknas fram.",
            ),
            Some("lon") => Some("Löneraden är tillagd."),
            _ => None,
        },
    })
}

/// The gate's answer to whether the user enters their own organisation's data (for
/// offering the forms; the use cases ask the gate again).
fn enters_own_data(actor: &Actor) -> bool {
    authorize(
        actor,
        Action::EnterData,
        &OrgScope {
            id: actor.organisation_id,
            parent_id: None,
            path: actor.organisation_path.clone(),
        },
    )
    .is_ok()
}

fn staff_fields() -> Vec<FieldDef> {
    vec![
        field("name", "Namn", "", Input::Text),
        field(
            "employee_number",
            "Anställningsnummer",
            "Som i lönesystemet; det knyter tidrapporter i Excel till personen.",
            Input::Text,
        ),
    ]
}

fn salary_fields() -> Vec<FieldDef> {
    vec![
        field(
            "valid_from",
            "Gäller från månad",
            "ÅÅÅÅ-MM. Gäller tills en senare lönerad tar över.",
            Input::Month,
        ),
        field("monthly_salary", "Månadslön (kr)", "", Input::Money),
        field(
            "employment_rate_percent",
            "Sysselsättningsgrad i projektet (%)",
            "Till exempel 50 för halvtid.",
            Input::Decimal,
        ),
        optional(field(
            "social_fee_override_percent",
            "Sociala avgifter (%)",
            "Lämna tomt för årets avgift för arbetsgivarslaget.",
            Input::Decimal,
        )),
        optional(field(
            "reason",
            "Anledning",
            "Krävs när en attesterad månad rättas med en ny lönerad.",
            Input::Text,
        )),
    ]
}

#[allow(clippy::too_many_arguments)]
fn form(
    signed: &Signed,
    heading: String,
    back: (String, &'static str),
    action: String,
    defs: Vec<FieldDef>,
    values: &HashMap<String, String>,
    problems: Problems,
    submit: &'static str,
) -> FormPage {
    let chrome = Chrome::signed(&signed.actor, &signed.csrf);
    FormPage::plain(
        chrome, heading, back, action, defs, values, problems, submit,
    )
}

pub async fn new_member_form(signed: Signed) -> Result<HttpResponse, WebError> {
    form(
        &signed,
        "Lägg till personal".into(),
        ("/personal".into(), "Till personalen"),
        "/personal/ny".into(),
        staff_fields(),
        &Default::default(),
        Vec::new(),
        "Lägg till",
    )
    .respond(StatusCode::OK)
}

pub async fn add_member(
    state: web::Data<AppState>,
    signed: Signed,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let values = forms::fields_of(posted.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    let problems = match forms::read(&staff_fields(), &values) {
        Ok(mut input) => {
            input.insert(
                "organisation_id".into(),
                serde_json::json!(signed.actor.organisation_id),
            );
            let actor = signed.actor.clone();
            let made = state
                .db(move |conn| {
                    let input: NewStaffInput = decode(serde_json::Value::Object(input))?;
                    crate::service::staff::create(conn, &actor, input)
                })
                .await;
            match made {
                Ok(member) => {
                    return Ok(HttpResponse::SeeOther()
                        .insert_header((
                            header::LOCATION,
                            format!("/personal/{}?klart=ny", member.id),
                        ))
                        .finish())
                }
                Err(e) => forms::problems_of(e, &["name", "employee_number"], &[])?,
            }
        }
        Err(problems) => problems,
    };
    form(
        &signed,
        "Lägg till personal".into(),
        ("/personal".into(), "Till personalen"),
        "/personal/ny".into(),
        staff_fields(),
        &values,
        problems,
        "Lägg till",
    )
    .respond(StatusCode::UNPROCESSABLE_ENTITY)
}

async fn salary_page(
    state: &AppState,
    signed: &Signed,
    id: i64,
    values: &std::collections::HashMap<String, String>,
    problems: Problems,
) -> Result<HttpResponse, WebError> {
    let actor = signed.actor.clone();
    let member = state
        .db(move |conn| crate::service::staff::get(conn, &actor, id))
        .await?;
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    form(
        signed,
        format!("Ny lönerad för {}", member.name),
        (format!("/personal/{id}"), "Tillbaka till personen"),
        format!("/personal/{id}/lon"),
        salary_fields(),
        values,
        problems,
        "Lägg till löneraden",
    )
    .respond(status)
}

pub async fn salary_form(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
) -> Result<HttpResponse, WebError> {
    salary_page(
        &state,
        &signed,
        id.into_inner(),
        &Default::default(),
        Vec::new(),
    )
    .await
}

pub async fn add_salary(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let id = id.into_inner();
    let values = forms::fields_of(posted.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    let defs = salary_fields();
    let names: Vec<&str> = defs.iter().map(|f| f.name).collect();
    let problems = match forms::read(&defs, &values) {
        Ok(input) => {
            let actor = signed.actor.clone();
            let added = state
                .db(move |conn| {
                    let input: SalaryInput = decode(serde_json::Value::Object(input))?;
                    crate::service::staff::add_salary(conn, &actor, id, input)
                })
                .await;
            match added {
                Ok(_) => {
                    return Ok(HttpResponse::SeeOther()
                        .insert_header((header::LOCATION, format!("/personal/{id}?klart=lon")))
                        .finish())
                }
                Err(e) => forms::problems_of(e, &names, &[])?,
            }
        }
        Err(problems) => problems,
    };
    salary_page(&state, &signed, id, &values, problems).await
}
