//! Deltagare (issue 15): the participants of the user's part of the project, with identity
//! numbers masked exactly as the API masks them; registering one (the number in any common
//! written form, checked by the enrolment use case); a participant's page with the exit;
//! Närvaro, a month's attended hours for the municipality's participants in one grid (all
//! or none); and Ersättning, youth compensation with its certificate state.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;
use serde_json::{json, Value};

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::entered::Entered;
use crate::domain::hours::CentiHours;
use crate::domain::identity::{IdKind, Sex};
use crate::domain::money::Ore;
use crate::domain::participant::{EducationLevel, LabourStatus, Outcome, StatusAtStart};
use crate::domain::period::Month;
use crate::error::AppError;
use crate::service::entries::compensation_service;
use crate::views::attendance::{AttendanceInput, AttendanceQuery};
use crate::views::entries::{Compensation, EntryQuery, Versioned};
use crate::views::participants::{
    Enrolment, EnrolmentPatch, EnrolmentQuery, Workshop, WorkshopInput, WorkshopQuery,
};
use crate::web::format;
use crate::web::forms::{
    self, choices, decode, field, optional, FieldDef, FormPage, Input, Problems,
};
use crate::web::messages::swedish;
use crate::web::session::Signed;
use crate::web::{respond, see_other, WebError};

fn this_month() -> Month {
    Month::of(chrono::Utc::now().date_naive())
}

fn month_or_now(text: Option<&str>) -> Result<Month, WebError> {
    match text {
        Some(t) => Month::parse(t).map_err(|_| WebError::Unreadable),
        None => Ok(this_month()),
    }
}

// ---------------------------------------------------------------------------------------
// The list.

const PAGE: i64 = 100;

#[derive(Template)]
#[template(path = "participants.html")]
struct ListPage {
    chrome: Chrome,
    items: Vec<Enrolment>,
    total: i64,
    page: i64,
    pages: i64,
}

impl ListPage {
    fn sex(&self, s: &Sex) -> &'static str {
        format::sex(*s)
    }
    fn outcome(&self, o: &Outcome) -> &'static str {
        format::outcome(*o)
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    sida: Option<i64>,
}

pub async fn list(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, WebError> {
    let page = q.sida.unwrap_or(1).clamp(1, i64::MAX / PAGE);
    let actor = signed.actor.clone();
    let found = state
        .db_read(move |conn, directory| {
            crate::service::participants::list(
                conn,
                directory,
                &actor,
                EnrolmentQuery {
                    organisation_id: None,
                    active_in: None,
                    limit: Some(PAGE),
                    offset: Some((page - 1) * PAGE),
                },
            )
        })
        .await?;
    respond(
        StatusCode::OK,
        &ListPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            pages: ((found.total + PAGE - 1) / PAGE).max(1),
            items: found.items,
            total: found.total,
            page,
        },
    )
}

// ---------------------------------------------------------------------------------------
// Registering.

/// The workshops of the user's own organisation, to choose one at enrolment.
async fn own_workshops(state: &AppState, signed: &Signed) -> Result<Vec<Workshop>, WebError> {
    let actor = signed.actor.clone();
    Ok(state
        .db(move |conn| {
            crate::service::participants::workshops(
                conn,
                &actor,
                WorkshopQuery {
                    organisation_id: None,
                },
            )
        })
        .await?
        .into_iter()
        .filter(|w| w.organisation_id == signed.actor.organisation_id)
        .collect())
}

fn enrol_fields(workshops: &[Workshop]) -> Vec<FieldDef> {
    let mut fields = enrol_person_fields();
    if !workshops.is_empty() {
        fields.push(optional(field(
            "workshop_id",
            "Verkstad",
            "Där deltagaren är inskriven, om ni har flera.",
            Input::Choice(
                workshops
                    .iter()
                    .map(|w| (w.id.to_string(), w.name.clone()))
                    .collect(),
            ),
        )));
    }
    fields
}

fn enrol_person_fields() -> Vec<FieldDef> {
    vec![
        field(
            "id_kind",
            "Slag av identitet",
            "",
            choices::<IdKind>(format::id_kind),
        ),
        optional(field(
            "identity_number",
            "Person- eller samordningsnummer",
            "Som det skrivs: ÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN … Lämnas tomt för skyddad identitet.",
            Input::Text,
        )),
        optional(field(
            "birth_date",
            "Födelsedatum (bara skyddad identitet)",
            "ÅÅÅÅ-MM-DD",
            Input::Date,
        )),
        optional(field(
            "sex",
            "Kön (bara skyddad identitet)",
            "",
            choices::<Sex>(format::sex),
        )),
        field("start_date", "Startdatum", "ÅÅÅÅ-MM-DD", Input::Date),
        field(
            "status_at_start",
            "Läge vid start",
            "",
            choices::<StatusAtStart>(format::status_at_start),
        ),
        field(
            "education_level",
            "Högsta utbildning",
            "",
            choices::<EducationLevel>(format::education_level),
        ),
        field(
            "labour_status",
            "Ställning på arbetsmarknaden",
            "",
            choices::<LabourStatus>(format::labour_status),
        ),
        field(
            "in_education_at_start",
            "I utbildning vid start",
            "",
            Input::YesNo,
        ),
    ]
}

fn names(defs: &[FieldDef]) -> Vec<&'static str> {
    defs.iter().map(|f| f.name).collect()
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

fn enrol_form(
    signed: &Signed,
    workshops: &[Workshop],
    values: &HashMap<String, String>,
    problems: Problems,
) -> FormPage {
    form(
        signed,
        "Skriv in en deltagare".into(),
        ("/deltagare".into(), "Till deltagarna"),
        "/deltagare/ny".into(),
        enrol_fields(workshops),
        values,
        problems,
        "Skriv in",
    )
}

pub async fn new_form(
    state: web::Data<AppState>,
    signed: Signed,
) -> Result<HttpResponse, WebError> {
    let workshops = own_workshops(&state, &signed).await?;
    enrol_form(&signed, &workshops, &HashMap::new(), Vec::new()).respond(StatusCode::OK)
}

pub async fn enrol(
    state: web::Data<AppState>,
    signed: Signed,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let values = forms::fields_of(posted.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    let workshops = own_workshops(&state, &signed).await?;
    let defs = enrol_fields(&workshops);
    let problems = match forms::read(&defs, &values) {
        Ok(mut input) => {
            input.insert(
                "organisation_id".into(),
                json!(signed.actor.organisation_id),
            );
            if input.contains_key("workshop_id") {
                forms::as_number(&mut input, "workshop_id")?;
            }
            let actor = signed.actor.clone();
            let made = state
                .db(move |conn| {
                    crate::service::participants::enrol(conn, &actor, decode(Value::Object(input))?)
                })
                .await;
            match made {
                Ok(e) => return Ok(see_other(format!("/deltagare/{}?klart=ny", e.id))),
                Err(e) => forms::problems_of(e, &names(&defs), &[])?,
            }
        }
        Err(p) => p,
    };
    enrol_form(&signed, &workshops, &values, problems).respond(StatusCode::UNPROCESSABLE_ENTITY)
}

// ---------------------------------------------------------------------------------------
// A participant.

#[derive(Template)]
#[template(path = "participant.html")]
struct ParticipantPage {
    chrome: Chrome,
    e: Enrolment,
    /// The name of the workshop the participant is enrolled at, if any.
    workshop: Option<String>,
    done: Option<&'static str>,
}

impl ParticipantPage {
    fn kind(&self) -> &'static str {
        format::id_kind(self.e.id_kind)
    }
    fn sex(&self) -> &'static str {
        format::sex(self.e.sex)
    }
    fn status(&self) -> &'static str {
        format::status_at_start(self.e.status_at_start)
    }
    fn education(&self) -> &'static str {
        format::education_level(self.e.education_level)
    }
    fn labour(&self) -> &'static str {
        format::labour_status(self.e.labour_status)
    }
    fn outcome(&self, o: &Outcome) -> &'static str {
        format::outcome(*o)
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    klart: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
    q: web::Query<DoneQuery>,
) -> Result<HttpResponse, WebError> {
    let (actor, id) = (signed.actor.clone(), id.into_inner());
    let (e, workshop) = state
        .db(move |conn| {
            let e = crate::service::participants::get(conn, &actor, id)?;
            let workshop = match e.workshop_id {
                Some(w) => crate::service::participants::workshops(
                    conn,
                    &actor,
                    WorkshopQuery {
                        organisation_id: Some(e.organisation_id),
                    },
                )?
                .into_iter()
                .find(|x| x.id == w)
                .map(|x| x.name),
                None => None,
            };
            Ok((e, workshop))
        })
        .await?;
    respond(
        StatusCode::OK,
        &ParticipantPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            e,
            workshop,
            done: match q.klart.as_deref() {
                Some("ny") => Some("Deltagaren är inskriven."),
                Some("avslut") => Some("Avslutet är sparat."),
                _ => None,
            },
        },
    )
}

fn exit_fields() -> Vec<FieldDef> {
    vec![
        field("end_date", "Slutdatum", "ÅÅÅÅ-MM-DD", Input::Date),
        field("outcome", "Utfall", "", choices::<Outcome>(format::outcome)),
        field(
            "qualification_gained",
            "Fick en kvalifikation",
            "",
            Input::YesNo,
        ),
    ]
}

fn exit_form(
    signed: &Signed,
    id: i64,
    values: &HashMap<String, String>,
    problems: Problems,
) -> FormPage {
    form(
        signed,
        "Avsluta deltagandet".into(),
        (format!("/deltagare/{id}"), "Tillbaka till deltagaren"),
        format!("/deltagare/{id}/avslut"),
        exit_fields(),
        values,
        problems,
        "Spara avslutet",
    )
}

pub async fn exit_page(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
) -> Result<HttpResponse, WebError> {
    let (actor, id) = (signed.actor.clone(), id.into_inner());
    let e = state
        .db(move |conn| crate::service::participants::get(conn, &actor, id))
        .await?;
    let mut values = HashMap::new();
    values.insert("version".to_string(), e.version.to_string());
    values.insert("qualification_gained".to_string(), "nej".to_string());
    exit_form(&signed, id, &values, Vec::new()).respond(StatusCode::OK)
}

pub async fn exit(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let id = id.into_inner();
    let values = forms::fields_of(posted.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    let version: i64 = values
        .get("version")
        .and_then(|v| v.parse().ok())
        .ok_or(WebError::Unreadable)?;
    let defs = exit_fields();
    let problems = match forms::read(&defs, &values) {
        Ok(input) => {
            let actor = signed.actor.clone();
            let done = state
                .db(move |conn| {
                    let read = |k: &str| input.get(k).cloned().unwrap_or(Value::Null);
                    let patch = EnrolmentPatch {
                        version,
                        workshop_id: None,
                        start_date: None,
                        end_date: Some(Some(decode(read("end_date"))?)),
                        outcome: Some(Some(decode(read("outcome"))?)),
                        qualification_gained: Some(decode(read("qualification_gained"))?),
                        status_at_start: None,
                        education_level: None,
                        labour_status: None,
                        in_education_at_start: None,
                    };
                    crate::service::participants::update(conn, &actor, id, patch)
                })
                .await;
            match done {
                Ok(_) => return Ok(see_other(format!("/deltagare/{id}?klart=avslut"))),
                Err(e) => forms::problems_of(e, &names(&defs), &[])?,
            }
        }
        Err(p) => p,
    };
    exit_form(&signed, id, &values, problems).respond(StatusCode::UNPROCESSABLE_ENTITY)
}

// ---------------------------------------------------------------------------------------
// Närvaro.

struct AttendanceLine {
    enrolment: Enrolment,
    hours: String,
    version: Option<i64>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "attendance.html")]
struct AttendancePage {
    chrome: Chrome,
    month: Month,
    lines: Vec<AttendanceLine>,
    problems: Problems,
    done: bool,
}

impl AttendancePage {
    fn month_words(&self) -> String {
        format::month_words(self.month)
    }
}

#[derive(Deserialize)]
pub struct MonthQuery {
    manad: Option<String>,
    klart: Option<String>,
}

/// The participants active in `month` with their hours (as saved, or as typed).
async fn attendance_page(
    state: &AppState,
    signed: &Signed,
    month: Month,
    typed: Option<&HashMap<String, String>>,
    problems: Problems,
    done: bool,
) -> Result<HttpResponse, WebError> {
    let actor = signed.actor.clone();
    let (enrolments, saved) = state
        .db_read(move |conn, directory| {
            let enrolments = crate::service::participants::list(
                conn,
                directory,
                &actor,
                EnrolmentQuery {
                    organisation_id: None,
                    active_in: Some(month),
                    limit: Some(1000),
                    offset: None,
                },
            )?
            .items;
            let saved = crate::service::attendance::list(
                conn,
                &actor,
                AttendanceQuery {
                    organisation_id: None,
                    month: Some(month),
                    limit: Some(1000),
                    offset: None,
                },
            )?
            .items;
            Ok((enrolments, saved))
        })
        .await?;
    let saved: HashMap<i64, (CentiHours, i64)> = saved
        .into_iter()
        .map(|a| (a.enrolment_id, (a.hours, a.version)))
        .collect();
    let lines = enrolments
        .into_iter()
        .map(|e| {
            let key = format!("h{}", e.id);
            let stored = saved.get(&e.id);
            AttendanceLine {
                hours: match typed {
                    Some(t) => t.get(&key).cloned().unwrap_or_default(),
                    None => stored
                        .map(|(h, _)| format::hours_input(*h))
                        .unwrap_or_default(),
                },
                version: stored.map(|(_, v)| *v),
                error: forms::error_of(&problems, &key),
                enrolment: e,
            }
        })
        .collect();
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    respond(
        status,
        &AttendancePage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            month,
            lines,
            problems,
            done,
        },
    )
}

pub async fn attendance(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<MonthQuery>,
) -> Result<HttpResponse, WebError> {
    let month = month_or_now(q.manad.as_deref())?;
    attendance_page(&state, &signed, month, None, Vec::new(), q.klart.is_some()).await
}

/// Saves the grid's hours: every changed row, all or none.
pub async fn save_attendance(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<MonthQuery>,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let month = month_or_now(q.manad.as_deref())?;
    let values = forms::fields_of(posted.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    // h<enrolment> = hours, v<enrolment> = the version read (absent for a new month).
    let mut rows = Vec::new();
    let mut keys = Vec::new();
    let mut problems = Vec::new();
    let mut ids: Vec<i64> = values
        .keys()
        .filter_map(|k| k.strip_prefix('h')?.parse().ok())
        .collect();
    ids.sort_unstable();
    for id in ids {
        let key = format!("h{id}");
        let text = values[&key].trim();
        let version = match values.get(&format!("v{id}")).map(|v| v.trim()) {
            None | Some("") => None,
            Some(v) => Some(v.parse().map_err(|_| WebError::Unreadable)?),
        };
        if text.is_empty() {
            continue;
        }
        match forms::plain_number(text).and_then(|t| t.parse::<rust_decimal::Decimal>().ok()) {
            Some(hours) => {
                rows.push(AttendanceInput {
                    enrolment_id: id,
                    month,
                    hours: Entered::new(hours),
                    version,
                });
                keys.push(key);
            }
            None => problems.push((
                key,
                format!("”{text}” är inte ett antal timmar; skriv till exempel 12,5."),
            )),
        }
    }
    if problems.is_empty() {
        let actor = signed.actor.clone();
        match state
            .db(move |conn| crate::service::attendance::set_many(conn, &actor, rows))
            .await
        {
            Ok(_) => return Ok(see_other(format!("/narvaro?manad={month}&klart=1"))),
            Err(AppError::Validation(v)) => {
                for f in v.0 {
                    let index = f
                        .field
                        .strip_prefix("rows[")
                        .and_then(|r| r.split_once(']'))
                        .and_then(|(i, _)| i.parse::<usize>().ok());
                    let key = index
                        .and_then(|i| keys.get(i).cloned())
                        .unwrap_or_else(|| "narvaro".into());
                    problems.push((key, swedish(&f.message)));
                }
            }
            Err(AppError::StaleVersion(_)) => problems.push((
                "narvaro".into(),
                "Någon annan ändrade timmarna samtidigt. Sidan visar nu hur de ser ut; gör din ändring igen.".into(),
            )),
            Err(e) => return Err(WebError::App(e)),
        }
    }
    attendance_page(&state, &signed, month, Some(&values), problems, false).await
}

// ---------------------------------------------------------------------------------------
// Ersättning.

#[derive(Template)]
#[template(path = "compensation.html")]
struct CompensationPage {
    chrome: Chrome,
    month: Month,
    items: Vec<(Compensation, String)>,
    done: Option<&'static str>,
}

impl CompensationPage {
    fn month_words(&self) -> String {
        format::month_words(self.month)
    }
    fn entered(&self, e: &Entered<Ore>) -> String {
        e.check().map(format::kr).unwrap_or_default()
    }
    fn kind(&self, k: &crate::domain::entry::CompensationKind) -> &'static str {
        format::compensation_kind(*k)
    }
}

pub async fn compensation(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<MonthQuery>,
) -> Result<HttpResponse, WebError> {
    let month = month_or_now(q.manad.as_deref())?;
    let actor = signed.actor.clone();
    let items = state
        .db_read(move |conn, directory| {
            let entries = compensation_service::list(
                conn,
                &actor,
                EntryQuery {
                    organisation_id: None,
                    month: Some(month),
                    limit: Some(1000),
                    offset: None,
                },
            )?
            .items;
            let identities: HashMap<i64, String> = crate::service::participants::list(
                conn,
                directory,
                &actor,
                EnrolmentQuery {
                    organisation_id: None,
                    active_in: Some(month),
                    limit: Some(1000),
                    offset: None,
                },
            )?
            .items
            .into_iter()
            .map(|e| (e.id, e.identity))
            .collect();
            Ok(entries
                .into_iter()
                .map(|c| {
                    let who = identities
                        .get(&c.input.enrolment_id)
                        .cloned()
                        .unwrap_or_else(|| format!("inskrivning {}", c.input.enrolment_id));
                    (c, who)
                })
                .collect())
        })
        .await?;
    respond(
        StatusCode::OK,
        &CompensationPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            month,
            items,
            done: match q.klart.as_deref() {
                Some("ny") => Some("Ersättningen är registrerad."),
                Some("bekraftad") => Some("Närvarointyget är bekräftat: ersättningen räknas nu."),
                _ => None,
            },
        },
    )
}

/// The compensation form; its participant is chosen among those active in the month.
async fn compensation_fields(
    state: &AppState,
    signed: &Signed,
    month: Month,
) -> Result<Vec<FieldDef>, WebError> {
    let actor = signed.actor.clone();
    let enrolments = state
        .db_read(move |conn, directory| {
            crate::service::participants::list(
                conn,
                directory,
                &actor,
                EnrolmentQuery {
                    organisation_id: None,
                    active_in: Some(month),
                    limit: Some(1000),
                    offset: None,
                },
            )
        })
        .await?
        .items;
    Ok(vec![
        field(
            "enrolment_id",
            "Deltagare",
            "De som är inskrivna under månaden.",
            Input::Choice(
                enrolments
                    .into_iter()
                    .map(|e| (e.id.to_string(), e.identity))
                    .collect(),
            ),
        ),
        field("month", "Månad", "ÅÅÅÅ-MM", Input::Month),
        field(
            "kind",
            "Slag",
            "",
            choices::<crate::domain::entry::CompensationKind>(format::compensation_kind),
        ),
        field("amount", "Belopp (kr)", "", Input::Money),
        field(
            "payer",
            "Betalare",
            "Den offentliga aktör som betalade.",
            Input::Text,
        ),
        field(
            "certificate_confirmed",
            "Närvarointyget är bekräftat",
            "Utan bekräftat intyg väntar ersättningen och räknas inte.",
            Input::YesNo,
        ),
    ])
}

fn compensation_form(
    signed: &Signed,
    defs: Vec<FieldDef>,
    values: &HashMap<String, String>,
    problems: Problems,
) -> FormPage {
    form(
        signed,
        "Registrera ersättning".into(),
        ("/ersattning".into(), "Till ersättningarna"),
        "/ersattning/ny".into(),
        defs,
        values,
        problems,
        "Registrera",
    )
}

pub async fn new_compensation(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<MonthQuery>,
) -> Result<HttpResponse, WebError> {
    let month = month_or_now(q.manad.as_deref())?;
    let defs = compensation_fields(&state, &signed, month).await?;
    let mut values = HashMap::new();
    values.insert("month".to_string(), month.to_string());
    values.insert("certificate_confirmed".to_string(), "nej".to_string());
    compensation_form(&signed, defs, &values, Vec::new()).respond(StatusCode::OK)
}

pub async fn add_compensation(
    state: web::Data<AppState>,
    signed: Signed,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let values = forms::fields_of(posted.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    let month = values
        .get("month")
        .and_then(|m| Month::parse(m.trim()).ok())
        .unwrap_or_else(this_month);
    let defs = compensation_fields(&state, &signed, month).await?;
    let problems = match forms::read(&defs, &values) {
        Ok(mut input) => {
            let enrolment: i64 = input
                .get("enrolment_id")
                .and_then(Value::as_str)
                .and_then(|v| v.parse().ok())
                .ok_or(WebError::Unreadable)?;
            input.insert("enrolment_id".into(), json!(enrolment));
            input.insert(
                "organisation_id".into(),
                json!(signed.actor.organisation_id),
            );
            input.insert("adjustment".into(), Value::Null);
            let actor = signed.actor.clone();
            let made = state
                .db(move |conn| {
                    compensation_service::create(conn, &actor, decode(Value::Object(input))?)
                })
                .await;
            match made {
                Ok(c) => {
                    return Ok(see_other(format!(
                        "/ersattning?manad={}&klart=ny",
                        c.input.month
                    )))
                }
                Err(e) => forms::problems_of(e, &names(&defs), &[])?,
            }
        }
        Err(p) => p,
    };
    compensation_form(&signed, defs, &values, problems).respond(StatusCode::UNPROCESSABLE_ENTITY)
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    csrf: String,
    version: i64,
}

/// Confirms a compensation's attendance certificate: from then on it counts.
pub async fn confirm(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
    posted: web::Form<ConfirmForm>,
) -> Result<HttpResponse, WebError> {
    signed.check_csrf(&posted.csrf)?;
    let (actor, id, version) = (signed.actor.clone(), id.into_inner(), posted.version);
    let month = state
        .db(move |conn| {
            let mut c = compensation_service::get(conn, &actor, id)?;
            c.input.certificate_confirmed = true;
            compensation_service::replace(
                conn,
                &actor,
                id,
                Versioned {
                    version,
                    entry: c.input,
                },
            )
            .map(|c| c.input.month)
        })
        .await?;
    Ok(see_other(format!(
        "/ersattning?manad={month}&klart=bekraftad"
    )))
}

// ---------------------------------------------------------------------------------------
// Workshops.

#[derive(Template)]
#[template(path = "workshops.html")]
struct WorkshopsPage {
    chrome: Chrome,
    workshops: Vec<Workshop>,
    /// The user's own organisation registers workshops (a municipality's users).
    can_add: bool,
    name: String,
    problem: Option<String>,
    done: bool,
}

async fn workshops_page(
    state: &AppState,
    signed: &Signed,
    name: String,
    problem: Option<String>,
    done: bool,
) -> Result<HttpResponse, WebError> {
    use crate::domain::access::{authorize, Action, OrgScope};
    let actor = signed.actor.clone();
    let workshops = state
        .db(move |conn| {
            crate::service::participants::workshops(
                conn,
                &actor,
                WorkshopQuery {
                    organisation_id: None,
                },
            )
        })
        .await?;
    let own = OrgScope {
        id: signed.actor.organisation_id,
        parent_id: None,
        path: signed.actor.organisation_path.clone(),
    };
    let can_add = signed.actor.organisation_kind
        == crate::domain::organisation::OrgKind::Municipality
        && authorize(&signed.actor, Action::EnterData, &own).is_ok();
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    respond(
        status,
        &WorkshopsPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            workshops,
            can_add,
            name,
            problem,
            done,
        },
    )
}

pub async fn workshops(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<DoneQuery>,
) -> Result<HttpResponse, WebError> {
    workshops_page(&state, &signed, String::new(), None, q.klart.is_some()).await
}

pub async fn add_workshop(
    state: web::Data<AppState>,
    signed: Signed,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let values = forms::fields_of(posted.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    let name = values.get("name").cloned().unwrap_or_default();
    let input = WorkshopInput {
        organisation_id: signed.actor.organisation_id,
        name: name.clone(),
    };
    let actor = signed.actor.clone();
    match state
        .db(move |conn| crate::service::participants::create_workshop(conn, &actor, input))
        .await
    {
        Ok(_) => Ok(see_other("/deltagare/verkstader?klart=1".into())),
        Err(e) => {
            let problems = forms::problems_of(e, &["name"], &[])?;
            let problem = problems.into_iter().next().map(|(_, m)| m);
            workshops_page(&state, &signed, name, problem, false).await
        }
    }
}
