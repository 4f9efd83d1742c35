//! The entries behind a month's figures, one thing per page: add a premises line, an
//! other cost or a cash co-financing while the month is open, change or delete one, and
//! correct an entry of a closed month with an adjustment booked into an open month
//! (with its reason). The forms are described once per kind; what they send becomes the
//! API's own input and goes to the same use cases, so every rule and message is theirs.

use std::collections::HashMap;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde_json::{json, Value};

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::period::Month;
use crate::error::AppError;
use crate::service::entries::{cash_service, other_cost_service, premises_service};
use crate::store::DbConnection;
use crate::views::entries::Versioned;
use crate::web::format;
use crate::web::forms::{
    self, choices, decode, field, optional, values_of, FieldDef, FormPage, Input, Problems,
};
use crate::web::session::Signed;
use crate::web::{render, WebError};

/// The kinds of entry a month page adds and changes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Premises,
    OtherCost,
    Cash,
}

impl Kind {
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Premises => "lokaler",
            Kind::OtherCost => "ovriga-kostnader",
            Kind::Cash => "kontant-medfinansiering",
        }
    }

    fn named(slug: &str) -> Result<Kind, WebError> {
        [Kind::Premises, Kind::OtherCost, Kind::Cash]
            .into_iter()
            .find(|k| k.slug() == slug)
            .ok_or_else(|| WebError::App(AppError::NotFound(format!("no kind {slug}"))))
    }

    fn title(self) -> &'static str {
        match self {
            Kind::Premises => "lokalkostnad",
            Kind::OtherCost => "övrig kostnad",
            Kind::Cash => "kontant medfinansiering",
        }
    }

    /// The month field's name (an other cost is dated; its month follows the date).
    fn month_field(self) -> &'static str {
        match self {
            Kind::OtherCost => "date",
            _ => "month",
        }
    }

    fn fields(self) -> Vec<FieldDef> {
        match self {
            Kind::Premises => vec![
                field("month", "Månad", "ÅÅÅÅ-MM", Input::Month),
                field(
                    "description",
                    "Beskrivning",
                    "Till exempel lokalens adress.",
                    Input::Text,
                ),
                optional(field(
                    "monthly_cost",
                    "Kostnad per månad (kr)",
                    "Hela lokalens kostnad per månad; eller fyll i yta och årshyra nedan.",
                    Input::Money,
                )),
                optional(field("area_m2", "Yta (m²)", "", Input::Decimal)),
                optional(field(
                    "annual_rent_per_m2",
                    "Årshyra per m² (kr)",
                    "",
                    Input::Money,
                )),
                field(
                    "share_percent",
                    "Projektets andel (%)",
                    "Hur stor del av lokalen projektet använder.",
                    Input::Decimal,
                ),
                field(
                    "financing",
                    "Finansiering",
                    "",
                    choices(format::premises_financing),
                ),
            ],
            Kind::OtherCost => vec![
                field(
                    "date",
                    "Datum",
                    "ÅÅÅÅ-MM-DD, verifikationens datum.",
                    Input::Date,
                ),
                field("category", "Slag", "", choices(format::other_category)),
                field("amount", "Belopp exklusive moms (kr)", "", Input::Money),
                field("supplier", "Leverantör", "", Input::Text),
                field(
                    "voucher_number",
                    "Verifikationsnummer",
                    "Unikt inom organisationen.",
                    Input::Text,
                ),
                field("description", "Beskrivning", "", Input::Text),
            ],
            Kind::Cash => vec![
                field("month", "Månad", "ÅÅÅÅ-MM", Input::Month),
                field("kind", "Slag", "", choices(format::cash_kind)),
                field("amount", "Belopp (kr)", "", Input::Money),
                field("paid_by", "Betalare", "", Input::Text),
            ],
        }
    }
}

/// The form's values as the use case's input (JSON, as the API receives it), or the
/// fields that could not be read.
fn to_input(
    kind: Kind,
    organisation_id: i64,
    values: &HashMap<String, String>,
    adjustment: Option<(i64, &str)>,
) -> Result<Value, Problems> {
    let mut object = forms::read(&kind.fields(), values)?;
    object.insert("organisation_id".into(), json!(organisation_id));
    object.insert(
        "adjustment".into(),
        match adjustment {
            Some((id, reason)) => json!({ "adjusts_id": id, "reason": reason }),
            None => Value::Null,
        },
    );
    Ok(Value::Object(object))
}

/// The entry's month (or date's month), organisation and JSON, read with the gate.
fn load(
    conn: &mut DbConnection,
    actor: &crate::domain::access::Actor,
    kind: Kind,
    id: i64,
) -> Result<(i64, Month, i64, Value), AppError> {
    let to_json = |v: Result<Value, serde_json::Error>| {
        v.map_err(|e| AppError::Failure {
            context: "cannot show the entry",
            source: Box::new(e),
        })
    };
    Ok(match kind {
        Kind::Premises => {
            let e = premises_service::get(conn, actor, id)?;
            (
                e.input.organisation_id,
                e.input.month,
                e.version,
                to_json(serde_json::to_value(&e))?,
            )
        }
        Kind::OtherCost => {
            let e = other_cost_service::get(conn, actor, id)?;
            (
                e.input.organisation_id,
                e.month,
                e.version,
                to_json(serde_json::to_value(&e))?,
            )
        }
        Kind::Cash => {
            let e = cash_service::get(conn, actor, id)?;
            (
                e.input.organisation_id,
                e.input.month,
                e.version,
                to_json(serde_json::to_value(&e))?,
            )
        }
    })
}

/// What a form does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Add,
    Change { id: i64, version: i64 },
    Correct { id: i64 },
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    signed: &Signed,
    kind: Kind,
    (org, month): (i64, Month),
    organisation_name: &str,
    purpose: Purpose,
    values: &HashMap<String, String>,
    problems: Problems,
) -> FormPage {
    let base = format!("/manad/{org}/{month}");
    let (heading, action, submit) = match purpose {
        Purpose::Add => (
            format!("Lägg till {} för {organisation_name}", kind.title()),
            format!("{base}/ny/{}", kind.slug()),
            "Lägg till",
        ),
        Purpose::Change { id, .. } => (
            format!("Ändra {} för {organisation_name}", kind.title()),
            format!("{base}/post/{}/{id}", kind.slug()),
            "Spara ändringen",
        ),
        Purpose::Correct { id } => (
            format!(
                "Rätta {} från {} {} för {organisation_name}",
                kind.title(),
                format::month_name(month.month()),
                month.year()
            ),
            format!("{base}/ratta/{}/{id}", kind.slug()),
            "Boka rättelsen",
        ),
    };
    let correcting = matches!(purpose, Purpose::Correct { .. });
    let month_field = kind.month_field();
    let fields = forms::shown(kind.fields(), values, &problems, |f: &FieldDef| {
        if correcting && matches!(f.input, Input::Money) {
            Some("Rättelsens belopp: minus för att sänka, till exempel −500,00.")
        } else if correcting && f.name == month_field {
            Some("Den öppna månad rättelsen bokas i.")
        } else {
            None
        }
    });
    FormPage {
        chrome: Chrome::signed(&signed.actor, &signed.csrf),
        heading,
        back: (format!("{base}?vy=egen"), "Tillbaka till månaden"),
        action,
        fields,
        version: match purpose {
            Purpose::Change { version, .. } => Some(version),
            _ => None,
        },
        correcting,
        reason: values.get("reason").cloned().unwrap_or_default(),
        reason_error: forms::error_of(&problems, "reason"),
        problems,
        submit,
        notice: None,
    }
}

fn month_of(text: &str) -> Result<Month, WebError> {
    Month::parse(text).map_err(|_| WebError::App(AppError::NotFound(format!("no month {text}"))))
}

fn organisation_name(
    conn: &mut DbConnection,
    actor: &crate::domain::access::Actor,
    org: i64,
) -> Result<String, AppError> {
    Ok(crate::service::organisations::get(conn, actor, org)?.name)
}

/// Where a use case's error belongs on the form (its fields are the form's names).
fn problems_of(e: AppError, kind: Kind) -> Result<Problems, WebError> {
    let names: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
    forms::problems_of(e, &names, &["reason"])
}

// ---------------------------------------------------------------------------------------
// Handlers.

pub async fn new_form(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(i64, String, String)>,
) -> Result<HttpResponse, WebError> {
    let (org, month, kind) = path.into_inner();
    let (month, kind) = (month_of(&month)?, Kind::named(&kind)?);
    let actor = signed.actor.clone();
    let name = state.db(move |c| organisation_name(c, &actor, org)).await?;
    let mut values = HashMap::new();
    if kind.month_field() == "month" {
        values.insert("month".to_string(), month.to_string());
    }
    form_page(
        &signed,
        kind,
        (org, month),
        &name,
        Purpose::Add,
        &values,
        Vec::new(),
    )
    .respond(StatusCode::OK)
}

pub async fn create(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(i64, String, String)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let (org, month, kind) = path.into_inner();
    let (month, kind) = (month_of(&month)?, Kind::named(&kind)?);
    let values = forms::fields_of(form.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    save(&state, &signed, kind, (org, month), Purpose::Add, values).await
}

async fn save(
    state: &AppState,
    signed: &Signed,
    kind: Kind,
    (org, month): (i64, Month),
    purpose: Purpose,
    values: HashMap<String, String>,
) -> Result<HttpResponse, WebError> {
    let adjustment = match purpose {
        Purpose::Correct { id } => Some((id, values.get("reason").map_or("", |r| r.trim()))),
        _ => None,
    };
    let mut problems = Vec::new();
    if let Some((_, "")) = adjustment {
        problems.push((
            "reason".to_string(),
            "Skriv varför posten rättas.".to_string(),
        ));
    }
    let input = to_input(kind, org, &values, adjustment);
    let (input, problems) = match input {
        Ok(input) if problems.is_empty() => (Some(input), problems),
        Ok(_) => (None, problems),
        Err(mut more) => {
            more.extend(problems);
            (None, more)
        }
    };
    let actor = signed.actor.clone();
    let outcome = match input {
        None => Err(problems),
        Some(input) => {
            let done = state
                .db(move |conn| {
                    let month_of_entry = match purpose {
                        Purpose::Add | Purpose::Correct { .. } => match kind {
                            Kind::Premises => {
                                premises_service::create(conn, &actor, decode(input)?)
                                    .map(|e| e.input.month)
                            }
                            Kind::OtherCost => {
                                other_cost_service::create(conn, &actor, decode(input)?)
                                    .map(|e| e.month)
                            }
                            Kind::Cash => cash_service::create(conn, &actor, decode(input)?)
                                .map(|e| e.input.month),
                        },
                        Purpose::Change { id, version } => match kind {
                            Kind::Premises => premises_service::replace(
                                conn,
                                &actor,
                                id,
                                Versioned {
                                    version,
                                    entry: decode(input)?,
                                },
                            )
                            .map(|e| e.input.month),
                            Kind::OtherCost => other_cost_service::replace(
                                conn,
                                &actor,
                                id,
                                Versioned {
                                    version,
                                    entry: decode(input)?,
                                },
                            )
                            .map(|e| e.month),
                            Kind::Cash => cash_service::replace(
                                conn,
                                &actor,
                                id,
                                Versioned {
                                    version,
                                    entry: decode(input)?,
                                },
                            )
                            .map(|e| e.input.month),
                        },
                    }?;
                    Ok(month_of_entry)
                })
                .await;
            match done {
                Ok(m) => Ok(m),
                Err(e) => Err(problems_of(e, kind)?),
            }
        }
    };
    match outcome {
        Ok(booked) => {
            let word = match purpose {
                Purpose::Add => "tillagd",
                Purpose::Change { .. } => "andrad",
                Purpose::Correct { .. } => "rattad",
            };
            Ok(HttpResponse::SeeOther()
                .insert_header((
                    header::LOCATION,
                    format!("/manad/{org}/{booked}?vy=egen&klart={word}"),
                ))
                .finish())
        }
        Err(problems) => {
            let actor = signed.actor.clone();
            let name = state.db(move |c| organisation_name(c, &actor, org)).await?;
            form_page(
                signed,
                kind,
                (org, month),
                &name,
                purpose,
                &values,
                problems,
            )
            .respond(StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

/// The form of an entry: to change it (open month) or to correct it (closed month).
pub async fn edit_form(
    state: web::Data<AppState>,
    signed: Signed,
    req: HttpRequest,
    path: web::Path<(i64, String, String, i64)>,
) -> Result<HttpResponse, WebError> {
    let (org, month, kind, id) = path.into_inner();
    let (month, kind) = (month_of(&month)?, Kind::named(&kind)?);
    let correcting = req.path().contains("/ratta/");
    let actor = signed.actor.clone();
    let (entry_org, entry_month, version, entry, name) = state
        .db(move |conn| {
            let (o, m, v, e) = load(conn, &actor, kind, id)?;
            let name = organisation_name(conn, &actor, o)?;
            Ok((o, m, v, e, name))
        })
        .await?;
    if entry_org != org || entry_month != month {
        return Err(WebError::App(AppError::NotFound(format!(
            "no entry {id} in this month"
        ))));
    }
    let mut values = values_of(&entry);
    let purpose = if correcting {
        // A correction starts from nothing but what it describes: the amount and the
        // month are the user's to give.
        for f in kind.fields() {
            if matches!(f.input, Input::Money) || f.name == kind.month_field() {
                values.remove(f.name);
            }
        }
        if kind == Kind::OtherCost {
            // A voucher number is unique: the correction has its own.
            values.remove("voucher_number");
        }
        Purpose::Correct { id }
    } else {
        Purpose::Change { id, version }
    };
    form_page(
        &signed,
        kind,
        (org, month),
        &name,
        purpose,
        &values,
        Vec::new(),
    )
    .respond(StatusCode::OK)
}

pub async fn update(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(i64, String, String, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let (org, month, kind, id) = path.into_inner();
    let (month, kind) = (month_of(&month)?, Kind::named(&kind)?);
    let values = forms::fields_of(form.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    let version = values
        .get("version")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| WebError::App(AppError::validation("version", "the form has no version")))?;
    save(
        &state,
        &signed,
        kind,
        (org, month),
        Purpose::Change { id, version },
        values,
    )
    .await
}

pub async fn correct(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(i64, String, String, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let (org, month, kind, id) = path.into_inner();
    let (month, kind) = (month_of(&month)?, Kind::named(&kind)?);
    let values = forms::fields_of(form.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    save(
        &state,
        &signed,
        kind,
        (org, month),
        Purpose::Correct { id },
        values,
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct DeleteForm {
    csrf: String,
    version: i64,
}

/// Deletes an entry of an open month; with htmx, only its row goes.
pub async fn delete(
    state: web::Data<AppState>,
    signed: Signed,
    req: HttpRequest,
    path: web::Path<(i64, String, String, i64)>,
    form: web::Form<DeleteForm>,
) -> Result<HttpResponse, WebError> {
    let (org, month, kind, id) = path.into_inner();
    let (month, kind) = (month_of(&month)?, Kind::named(&kind)?);
    signed.check_csrf(&form.csrf)?;
    let (actor, version) = (signed.actor.clone(), form.version);
    let done = state
        .db(move |conn| {
            let (entry_org, entry_month, _, _) = load(conn, &actor, kind, id)?;
            if entry_org != org || entry_month != month {
                return Err(AppError::NotFound(format!("no entry {id} in this month")));
            }
            match kind {
                Kind::Premises => premises_service::delete(conn, &actor, id, version),
                Kind::OtherCost => other_cost_service::delete(conn, &actor, id, version),
                Kind::Cash => cash_service::delete(conn, &actor, id, version),
            }
        })
        .await;
    match done {
        Ok(()) if req.headers().contains_key("HX-Request") => Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(render(&Deleted)?)),
        Ok(()) => Ok(HttpResponse::SeeOther()
            .insert_header((
                header::LOCATION,
                format!("/manad/{org}/{month}?vy=egen&klart=borttagen"),
            ))
            .finish()),
        Err(e) => {
            let problems = problems_of(e, kind)?;
            let text = problems
                .into_iter()
                .map(|(_, m)| m)
                .collect::<Vec<_>>()
                .join(" ");
            Err(WebError::App(AppError::conflict("id", text)))
        }
    }
}

#[derive(Template)]
#[template(
    source = r#"<td colspan="6" class="done" role="status">Borttagen.</td>"#,
    ext = "html"
)]
struct Deleted;
