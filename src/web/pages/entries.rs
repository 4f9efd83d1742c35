//! The entries behind a month's figures, one thing per page: add a premises line, an
//! other cost or a cash co-financing while the month is open, change or delete one, and
//! correct an entry of a closed month with an adjustment booked into an open month
//! (with its reason). The forms are described once per kind; what they send becomes the
//! API's own input and goes to the same use cases, so every rule and message is theirs.

use std::collections::HashMap;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde_json::{json, Map, Value};

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::names::Named;
use crate::domain::period::{Date, Month};
use crate::error::AppError;
use crate::service::entries::{cash_service, other_cost_service, premises_service};
use crate::store::DbConnection;
use crate::views::entries::Versioned;
use crate::web::format;
use crate::web::messages::swedish;
use crate::web::session::Signed;
use crate::web::{render, WebError};

/// The kinds of entry a month page adds and changes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Premises,
    OtherCost,
    Cash,
}

/// How a field is typed, and so checked before the use case sees it.
enum Input {
    Text,
    /// Kronor with up to two decimals (`1 234,50`); negative only in an adjustment.
    Money,
    /// A plain decimal (an area, a percentage).
    Decimal,
    Month,
    Date,
    Choice(Vec<(&'static str, &'static str)>),
}

struct FieldDef {
    /// The input's field name (as the API names it).
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    input: Input,
    optional: bool,
}

const fn field(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    input: Input,
) -> FieldDef {
    FieldDef {
        name,
        label,
        hint,
        input,
        optional: false,
    }
}

fn choices<T: Named>(label: fn(T) -> &'static str) -> Input {
    Input::Choice(
        T::VARIANTS
            .iter()
            .map(|v| (v.as_str(), label(*v)))
            .collect(),
    )
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
                FieldDef {
                    optional: true,
                    ..field(
                        "monthly_cost",
                        "Kostnad per månad (kr)",
                        "Hela lokalens kostnad per månad; eller fyll i yta och årshyra nedan.",
                        Input::Money,
                    )
                },
                FieldDef {
                    optional: true,
                    ..field("area_m2", "Yta (m²)", "", Input::Decimal)
                },
                FieldDef {
                    optional: true,
                    ..field(
                        "annual_rent_per_m2",
                        "Årshyra per m² (kr)",
                        "",
                        Input::Money,
                    )
                },
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

/// Problems for the error summary: the field to link to, and the message.
type Problems = Vec<(String, String)>;

/// A typed number as the API writes it: spaces out, a decimal point for a comma.
fn plain_number(text: &str) -> Option<String> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect::<String>()
        .replace(',', ".")
        .replace('\u{2212}', "-");
    let digits = t.strip_prefix('-').unwrap_or(&t);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (all(whole) && fraction.is_none_or(all)).then_some(t)
}

/// The form's values as the use case's input (JSON, as the API receives it), or the
/// fields that could not be read.
fn to_input(
    kind: Kind,
    organisation_id: i64,
    values: &HashMap<String, String>,
    adjustment: Option<(i64, &str)>,
) -> Result<Value, Problems> {
    let mut object = Map::new();
    let mut problems = Vec::new();
    object.insert("organisation_id".into(), json!(organisation_id));
    for f in kind.fields() {
        let text = values.get(f.name).map(|v| v.trim()).unwrap_or_default();
        if text.is_empty() {
            if f.optional {
                continue;
            }
            problems.push((f.name.to_string(), format!("{}: fyll i.", f.label)));
            continue;
        }
        let value = match &f.input {
            Input::Text => Some(json!(text)),
            Input::Money | Input::Decimal => plain_number(text).map(Value::String),
            Input::Month => Month::parse(text).ok().map(|_| json!(text)),
            Input::Date => Date::parse(text).ok().map(|_| json!(text)),
            Input::Choice(options) => options
                .iter()
                .find(|(v, _)| *v == text)
                .map(|(v, _)| json!(v)),
        };
        match value {
            Some(v) => {
                object.insert(f.name.into(), v);
            }
            None => problems.push((
                f.name.to_string(),
                match f.input {
                    Input::Money => {
                        format!("{}: skriv ett belopp, till exempel 1 234,50.", f.label)
                    }
                    Input::Decimal => format!("{}: skriv ett tal, till exempel 12,5.", f.label),
                    Input::Month => format!("{}: skriv månaden som ÅÅÅÅ-MM.", f.label),
                    Input::Date => format!("{}: skriv datumet som ÅÅÅÅ-MM-DD.", f.label),
                    _ => format!("{}: välj ett av alternativen.", f.label),
                },
            )),
        }
    }
    object.insert(
        "adjustment".into(),
        match adjustment {
            Some((id, reason)) => json!({ "adjusts_id": id, "reason": reason }),
            None => Value::Null,
        },
    );
    if problems.is_empty() {
        Ok(Value::Object(object))
    } else {
        Err(problems)
    }
}

/// An entry's values as the form shows them (decimal commas).
fn values_of(entry: &Value) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if let Some(object) = entry.as_object() {
        for (k, v) in object {
            let text = match v {
                Value::String(s) if plain_number(s).as_deref() == Some(s.as_str()) => {
                    s.replace('.', ",")
                }
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => continue,
            };
            out.insert(k.clone(), text);
        }
    }
    out
}

fn decode<T: serde::de::DeserializeOwned>(input: Value) -> Result<T, AppError> {
    serde_json::from_value(input).map_err(|e| AppError::validation("form", e.to_string()))
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

struct FormField {
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    value: String,
    options: Vec<(&'static str, &'static str)>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "entry_form.html")]
struct FormPage {
    chrome: Chrome,
    heading: String,
    back: String,
    action: String,
    fields: Vec<FormField>,
    version: Option<i64>,
    correcting: bool,
    reason: String,
    reason_error: Option<String>,
    problems: Problems,
    submit: &'static str,
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
    let error_of = |name: &str| {
        problems
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, m)| m.clone())
    };
    let fields = kind
        .fields()
        .into_iter()
        .map(|f| FormField {
            name: f.name,
            label: f.label,
            hint: if matches!(purpose, Purpose::Correct { .. }) && matches!(f.input, Input::Money) {
                "Rättelsens belopp: minus för att sänka, till exempel −500,00."
            } else if matches!(purpose, Purpose::Correct { .. }) && f.name == kind.month_field() {
                "Den öppna månad rättelsen bokas i."
            } else {
                f.hint
            },
            value: values.get(f.name).cloned().unwrap_or_default(),
            options: match f.input {
                Input::Choice(o) => o,
                _ => Vec::new(),
            },
            error: error_of(f.name),
        })
        .collect();
    FormPage {
        chrome: Chrome::signed(&signed.actor, &signed.csrf),
        heading,
        back: base,
        action,
        fields,
        version: match purpose {
            Purpose::Change { version, .. } => Some(version),
            _ => None,
        },
        correcting: matches!(purpose, Purpose::Correct { .. }),
        reason: values.get("reason").cloned().unwrap_or_default(),
        reason_error: error_of("reason"),
        problems,
        submit,
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

fn respond(status: StatusCode, page: &FormPage) -> Result<HttpResponse, WebError> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(render(page)?))
}

/// Where a use case's error belongs on the form (its fields are the form's names).
fn problems_of(e: AppError, kind: Kind) -> Result<Problems, WebError> {
    let names: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
    let anchor = |field: &str| {
        let field = field.strip_prefix("adjustment.").unwrap_or(field);
        if names.contains(&field) || field == "reason" {
            field.to_string()
        } else {
            names[0].to_string()
        }
    };
    match e {
        AppError::Validation(v) => Ok(v
            .0
            .into_iter()
            .map(|f| (anchor(&f.field), swedish(&f.message)))
            .collect()),
        AppError::Conflict { detail, errors } => Ok(vec![(
            errors
                .first()
                .map_or(names[0].to_string(), |f| anchor(&f.field)),
            swedish(&detail),
        )]),
        AppError::StaleVersion(_) => Ok(vec![(
            names[0].to_string(),
            "Någon annan ändrade posten samtidigt. Gå tillbaka till månaden och försök igen."
                .into(),
        )]),
        other => Err(WebError::App(other)),
    }
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
    respond(
        StatusCode::OK,
        &form_page(
            &signed,
            kind,
            (org, month),
            &name,
            Purpose::Add,
            &values,
            Vec::new(),
        ),
    )
}

/// The form's fields (the CSRF token, the version and the reason beside the entry's).
fn fields_of(form: Vec<(String, String)>) -> HashMap<String, String> {
    form.into_iter().collect()
}

pub async fn create(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(i64, String, String)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let (org, month, kind) = path.into_inner();
    let (month, kind) = (month_of(&month)?, Kind::named(&kind)?);
    let values = fields_of(form.into_inner());
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
            respond(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(
                    signed,
                    kind,
                    (org, month),
                    &name,
                    purpose,
                    &values,
                    problems,
                ),
            )
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
    respond(
        StatusCode::OK,
        &form_page(
            &signed,
            kind,
            (org, month),
            &name,
            purpose,
            &values,
            Vec::new(),
        ),
    )
}

pub async fn update(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(i64, String, String, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let (org, month, kind, id) = path.into_inner();
    let (month, kind) = (month_of(&month)?, Kind::named(&kind)?);
    let values = fields_of(form.into_inner());
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
    let values = fields_of(form.into_inner());
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
