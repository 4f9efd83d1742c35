//! Utbetalningar (issue 15): the payments received; recording what the ESF paid for an
//! issued claim (the owner's managers); the distribution within the reader's part of the
//! project, per region and organisation; and each organisation's statement, on screen
//! and as a workbook. Regions and municipalities see their own part.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;
use serde_json::Value;

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::money::Ore;
use crate::service::payments as service;
use crate::views::payments::{Distribution, Received, Statement};
use crate::web::format;
use crate::web::forms::{self, decode, field, FormPage, Input, Problems};
use crate::web::session::Signed;
use crate::web::{respond, see_other, WebError};

#[derive(Template)]
#[template(path = "payments.html")]
struct PaymentsPage {
    chrome: Chrome,
    received: Vec<Received>,
}

impl PaymentsPage {
    fn kr(&self, o: &Ore) -> String {
        format::kr(*o)
    }
}

pub async fn list(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, WebError> {
    let actor = signed.actor.clone();
    let received = state
        .db(move |conn| service::received(conn, &actor))
        .await?;
    respond(
        StatusCode::OK,
        &PaymentsPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            received,
        },
    )
}

fn payment_form(
    signed: &Signed,
    id: i64,
    values: &HashMap<String, String>,
    problems: Problems,
) -> FormPage {
    let defs = vec![
        field(
            "amount",
            "Utbetalt belopp (kr)",
            "Det ESF-rådet betalade för ansökan.",
            Input::Money,
        ),
        field("paid_on", "Pengarna kom (ÅÅÅÅ-MM-DD)", "", Input::Date),
    ];
    FormPage::plain(
        Chrome::signed(&signed.actor, &signed.csrf),
        "Registrera utbetalning".into(),
        (format!("/ansokningar/{id}"), "Tillbaka till ansökan"),
        format!("/ansokningar/{id}/utbetalning"),
        defs,
        values,
        problems,
        "Registrera och fördela",
    )
}

pub async fn payment_page(signed: Signed, id: web::Path<i64>) -> Result<HttpResponse, WebError> {
    payment_form(&signed, id.into_inner(), &HashMap::new(), Vec::new()).respond(StatusCode::OK)
}

pub async fn record(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let id = id.into_inner();
    let values = forms::fields_of(posted.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    let defs = [
        field("amount", "Utbetalt belopp (kr)", "", Input::Money),
        field("paid_on", "Pengarna kom", "", Input::Date),
    ];
    let problems = match forms::read(&defs, &values) {
        Ok(input) => {
            let actor = signed.actor.clone();
            match state
                .db(move |conn| {
                    service::record_payment(conn, &actor, id, decode(Value::Object(input))?)
                })
                .await
            {
                Ok(_) => return Ok(see_other(format!("/utbetalningar/{id}"))),
                Err(e) => forms::problems_of(e, &["amount", "paid_on"], &[])?,
            }
        }
        Err(p) => p,
    };
    payment_form(&signed, id, &values, problems).respond(StatusCode::UNPROCESSABLE_ENTITY)
}

#[derive(Template)]
#[template(path = "distribution.html")]
struct DistributionPage {
    chrome: Chrome,
    d: Distribution,
    chart: String,
}

impl DistributionPage {
    fn kr(&self, o: &Ore) -> String {
        format::kr(*o)
    }
    fn months(&self) -> String {
        format!(
            "{} – {}",
            format::month_words(self.d.from),
            format::month_words(self.d.to)
        )
    }
    fn share(&self, p: &crate::domain::entered::ShownPercent) -> String {
        format::shown_percent(*p)
    }
    /// The parts of the regions shown, summed.
    fn regions_total(&self) -> Ore {
        Ore::checked_sum(self.d.regions.iter().map(|r| r.part)).unwrap_or(Ore::ZERO)
    }
    /// The parts of the organisations shown, summed (parts of one payment: a sum that
    /// overflowed could only come from a broken ledger, shown as zero beside its parts).
    fn shown_total(&self) -> Ore {
        Ore::checked_sum(self.d.organisations.iter().map(|p| p.part)).unwrap_or(Ore::ZERO)
    }
}

/// The payment's parts as bars: per region (its own part and its municipalities'
/// stacked) when the reader sees several regions, else per organisation when there are
/// a readable number; none for a single part.
fn distribution_chart(d: &Distribution) -> String {
    use crate::web::chart::{bars, Layout, Series, Unit};
    if d.regions.len() > 1 {
        bars(
            "Utbetalningen per region",
            &d.regions.iter().map(|r| r.name.clone()).collect::<Vec<_>>(),
            &[
                Series {
                    name: "Egen del".into(),
                    values: d.regions.iter().map(|r| r.own_part.get()).collect(),
                },
                Series {
                    name: "Kommunernas del".into(),
                    values: d
                        .regions
                        .iter()
                        .map(|r| r.municipalities_part.get())
                        .collect(),
                },
            ],
            Unit::Kronor,
            Layout::Stacked,
        )
    } else if (2..=20).contains(&d.organisations.len()) {
        bars(
            "Utbetalningen per organisation",
            &d.organisations
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>(),
            &[Series {
                name: "Del av utbetalningen".into(),
                values: d.organisations.iter().map(|p| p.part.get()).collect(),
            }],
            Unit::Kronor,
            Layout::Stacked,
        )
    } else {
        String::new()
    }
}

pub async fn distribution(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
) -> Result<HttpResponse, WebError> {
    let (actor, id) = (signed.actor.clone(), id.into_inner());
    let d = state
        .db(move |conn| service::distribution(conn, &actor, id))
        .await?;
    respond(
        StatusCode::OK,
        &DistributionPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            chart: distribution_chart(&d),
            d,
        },
    )
}

#[derive(Template)]
#[template(path = "statement.html")]
struct StatementPage {
    chrome: Chrome,
    claim_id: i64,
    s: Statement,
}

impl StatementPage {
    fn kr(&self, o: &Ore) -> String {
        format::kr(*o)
    }
    fn share(&self, p: &crate::domain::entered::ShownPercent) -> String {
        format::shown_percent(*p)
    }
}

#[derive(Deserialize)]
pub struct StatementQuery {
    organisation: Option<i64>,
}

pub async fn statement(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
    q: web::Query<StatementQuery>,
) -> Result<HttpResponse, WebError> {
    let (actor, id, org) = (signed.actor.clone(), id.into_inner(), q.organisation);
    let s = state
        .db(move |conn| service::statement(conn, &actor, id, org))
        .await?;
    respond(
        StatusCode::OK,
        &StatementPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            claim_id: id,
            s,
        },
    )
}

pub async fn statement_workbook(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
    q: web::Query<StatementQuery>,
) -> Result<HttpResponse, WebError> {
    let (actor, id, org) = (signed.actor.clone(), id.into_inner(), q.organisation);
    let (bytes, name) = state
        .db(move |c| {
            service::export_statement(c, &actor, id, org, crate::excel::claims::statement_workbook)
        })
        .await?;
    Ok(crate::api::excel::xlsx(bytes, &name))
}
