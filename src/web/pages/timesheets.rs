//! Tidrapporter: the staff of the user's organisation with their timesheet for a month;
//! a staff member's month as a grid of days (hours and what they were spent on) that is
//! saved, signed and attested by the same use cases as the API; and a manager's attest
//! queue that says, for each timesheet, why this user can't attest it (if so).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::Datelike;
use serde::Deserialize;

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::entered::Entered;
use crate::domain::entry::Funding;
use crate::domain::hours::CentiHours;
use crate::domain::names::Named;
use crate::domain::period::{Date, Month};
use crate::domain::workflow::{AttestBlock, TimesheetState};
use crate::error::AppError;
use crate::service::timesheets as service;
use crate::views::timesheets::{
    AttestItem, DayEntry, StaffMonth, TimesheetInput, TimesheetMonth, TimesheetUpdate,
};
use crate::web::format;
use crate::web::messages::swedish;
use crate::web::session::Signed;
use crate::web::{respond, see_other, WebError};

/// Problems for the error summary: the field to link to, and the message.
type Problems = Vec<(String, String)>;

fn month_of(text: &str) -> Result<Month, WebError> {
    Month::parse(text).map_err(|_| WebError::App(AppError::NotFound(format!("no month {text}"))))
}

// ---------------------------------------------------------------------------------------
// The month's staff.

#[derive(Template)]
#[template(path = "timesheet_list.html")]
struct ListPage {
    chrome: Chrome,
    month: Month,
    staff: Vec<StaffMonth>,
}

impl ListPage {
    fn month_words(&self, m: &Month) -> String {
        format::month_words(*m)
    }
    fn hours(&self, h: &CentiHours) -> String {
        format::hours(*h)
    }
    fn state(&self, s: &TimesheetState) -> &'static str {
        format::timesheet_state(*s)
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    manad: Option<String>,
}

pub async fn list(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, WebError> {
    let asked = q.manad.as_deref().map(month_of).transpose()?;
    let actor = signed.actor.clone();
    let (month, staff) = state
        .db(move |conn| {
            let month = match asked {
                Some(m) => m,
                // This month, inside the project.
                None => {
                    let p = crate::service::project::get(conn)?;
                    let now = Month::of(chrono::Utc::now().date_naive());
                    now.clamp(Month::of(p.start_date), Month::of(p.end_date))
                }
            };
            Ok((month, service::staff_month(conn, &actor, None, month)?))
        })
        .await?;
    respond(
        StatusCode::OK,
        &ListPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            month,
            staff,
        },
    )
}

// ---------------------------------------------------------------------------------------
// One staff member's month.

/// One day of the grid, as shown (or as typed, when the form comes back with errors).
struct DayLine {
    day: u32,
    date: chrono::NaiveDate,
    weekday: &'static str,
    weekend: bool,
    hours: String,
    note: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "timesheet.html")]
struct GridPage {
    chrome: Chrome,
    sheet: TimesheetMonth,
    days: Vec<DayLine>,
    funding: Funding,
    fundings: [Funding; 2],
    /// Errors for the summary: the field to link to and the message.
    errors: Vec<(String, String)>,
    done: Option<&'static str>,
}

impl GridPage {
    fn title(&self) -> String {
        format!(
            "Tidrapport {}, {}",
            self.sheet.staff_name,
            format::month_words(self.sheet.month)
        )
    }
    fn path(&self) -> String {
        format!("/tidrapporter/{}/{}", self.sheet.staff_id, self.sheet.month)
    }
    fn hours(&self, h: &CentiHours) -> String {
        format::hours(*h)
    }
    fn kr(&self, o: &crate::domain::money::Ore) -> String {
        format::kr(*o)
    }
    fn state(&self, s: &TimesheetState) -> &'static str {
        format::timesheet_state(*s)
    }
    fn funding_label(&self, f: &Funding) -> &'static str {
        match f {
            Funding::Project => "Projektet (lön)",
            Funding::InKind => "Medfinansiering (arbetstid)",
        }
    }
    fn block(&self, b: &AttestBlock) -> String {
        format::attest_block(*b)
    }
    /// The rows may be changed: the month is open, the user enters data, and there is
    /// no timesheet yet or it is a draft.
    fn editable(&self) -> bool {
        self.sheet.month_open
            && self.sheet.enters_data
            && self
                .sheet
                .timesheet
                .as_ref()
                .is_none_or(|t| t.state == TimesheetState::Draft)
    }
    fn may_sign(&self) -> bool {
        self.editable()
            && self
                .sheet
                .timesheet
                .as_ref()
                .is_some_and(|t| t.hours > CentiHours::ZERO)
    }
    fn year_total(&self) -> String {
        let this = self.sheet.timesheet.as_ref().map_or(0, |t| t.hours.get());
        format::hours(CentiHours::new(
            self.sheet.declared_elsewhere_in_year.get() + this,
        ))
    }
}

fn grid(
    chrome: Chrome,
    sheet: TimesheetMonth,
    typed: Option<&Typed>,
    errors: Problems,
    done: Option<&'static str>,
) -> GridPage {
    let month = sheet.month;
    let saved: std::collections::HashMap<chrono::NaiveDate, &DayEntry> = sheet
        .timesheet
        .iter()
        .flat_map(|t| t.rows.iter())
        .map(|r| (r.date.get(), r))
        .collect();
    let days = (1..=month.days())
        .filter_map(|d| month.first_day().with_day(d))
        .map(|date| {
            let day = date.day();
            let (hours, note) = match typed {
                Some(t) => t.days.get(&day).cloned().unwrap_or_default(),
                None => saved.get(&date).map_or_else(Default::default, |r| {
                    (
                        r.hours.check().map(format::hours_input).unwrap_or_default(),
                        r.note.clone(),
                    )
                }),
            };
            let field = format!("t{day}");
            DayLine {
                day,
                date,
                weekday: format::weekday(date),
                weekend: date.weekday().num_days_from_monday() >= 5,
                error: errors
                    .iter()
                    .find(|(f, _)| *f == field)
                    .map(|(_, m)| m.clone()),
                hours,
                note,
            }
        })
        .collect();
    let funding = typed
        .map(|t| t.funding)
        .or(sheet.timesheet.as_ref().map(|t| t.funding))
        .unwrap_or(Funding::Project);
    GridPage {
        chrome,
        sheet,
        days,
        funding,
        fundings: [Funding::Project, Funding::InKind],
        errors,
        done,
    }
}

#[derive(Deserialize)]
pub struct GridQuery {
    klart: Option<String>,
}

async fn show_grid(
    state: &AppState,
    signed: &Signed,
    (staff, month): (i64, Month),
    typed: Option<&Typed>,
    errors: Problems,
    done: Option<&'static str>,
) -> Result<HttpResponse, WebError> {
    let actor = signed.actor.clone();
    let sheet = state
        .db(move |conn| service::month_of(conn, &actor, staff, month))
        .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let chrome = Chrome::signed(&signed.actor, &signed.csrf);
    respond(status, &grid(chrome, sheet, typed, errors, done))
}

pub async fn show(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(i64, String)>,
    q: web::Query<GridQuery>,
) -> Result<HttpResponse, WebError> {
    let (staff, month) = path.into_inner();
    let month = month_of(&month)?;
    let done = match q.klart.as_deref() {
        Some("sparad") => Some("Tidrapporten är sparad som utkast."),
        Some("signerad") => Some("Tidrapporten är signerad. En chef attesterar den."),
        Some("attesterad") => Some("Tidrapporten är attesterad; kostnaden är fastställd."),
        Some("borttagen") => Some("Utkastet är borttaget."),
        _ => None,
    };
    show_grid(&state, &signed, (staff, month), None, Vec::new(), done).await
}

/// The grid's form as typed: hours and notes per day, the financing, the version read.
struct Typed {
    csrf: String,
    version: Option<i64>,
    funding: Funding,
    days: std::collections::BTreeMap<u32, (String, String)>,
}

impl Typed {
    /// The form's fields; a version or financing that is not one the page offers is a
    /// forged or broken form, refused whole.
    fn parse(fields: Vec<(String, String)>) -> Result<Typed, WebError> {
        let mut t = Typed {
            csrf: String::new(),
            version: None,
            funding: Funding::Project,
            days: Default::default(),
        };
        for (key, value) in fields {
            match key.as_str() {
                "csrf" => t.csrf = value,
                "version" => {
                    t.version = Some(value.trim().parse().map_err(|_| WebError::Unreadable)?)
                }
                "finansiering" => {
                    t.funding = Funding::parse(&value).map_err(|_| WebError::Unreadable)?
                }
                _ => {
                    let (kind, day) = key.split_at(1.min(key.len()));
                    if let Ok(day) = day.parse::<u32>() {
                        let entry = t.days.entry(day).or_default();
                        match kind {
                            "t" => entry.0 = value,
                            "a" => entry.1 = value,
                            _ => {}
                        }
                    }
                }
            }
        }
        Ok(t)
    }

    /// The days with something typed, as the use case takes them (in date order), and
    /// the form's own errors (a number that can't be read, a note without hours).
    fn rows(&self, month: Month) -> (Vec<(u32, DayEntry)>, Problems) {
        let mut rows = Vec::new();
        let mut errors = Vec::new();
        for (day, (hours, note)) in &self.days {
            let (hours, note) = (hours.trim(), note.trim());
            if hours.is_empty() && note.is_empty() {
                continue;
            }
            let field = format!("t{day}");
            let Some(date) = month.first_day().with_day(*day) else {
                errors.push((field, format!("{month} har ingen dag {day}.")));
                continue;
            };
            if hours.is_empty() {
                errors.push((
                    field,
                    format!("{date}: skriv timmarna, eller ta bort anteckningen."),
                ));
                continue;
            }
            match hours.replace(',', ".").parse::<rust_decimal::Decimal>() {
                Ok(d) if !hours.contains(['e', 'E', '_', '+']) => rows.push((
                    *day,
                    DayEntry {
                        date: Date::from(date),
                        hours: Entered::new(d),
                        note: note.to_string(),
                    },
                )),
                _ => errors.push((
                    field,
                    format!("{date}: ”{hours}” är inte ett antal timmar; skriv till exempel 7,5."),
                )),
            }
        }
        (rows, errors)
    }
}

/// Where a use case's field error belongs on the grid: `rows[i].…` is the i-th day sent.
fn grid_errors(e: &AppError, days: &[u32]) -> Option<Problems> {
    let fields = match e {
        AppError::Validation(v) => v.0.clone(),
        AppError::Conflict { detail, .. } => {
            return Some(vec![("dagar".into(), swedish(detail))])
        }
        AppError::StaleVersion(_) => {
            return Some(vec![(
                "dagar".into(),
                "Någon annan ändrade tidrapporten samtidigt. Sidan visar nu hur den ser ut; gör din ändring igen.".into(),
            )])
        }
        _ => return None,
    };
    Some(
        fields
            .into_iter()
            .map(|f| {
                let index = f
                    .field
                    .strip_prefix("rows[")
                    .and_then(|r| r.split_once(']'))
                    .and_then(|(i, _)| i.parse::<usize>().ok());
                let anchor = match index.and_then(|i| days.get(i)) {
                    Some(day) => format!("t{day}"),
                    None => "dagar".to_string(),
                };
                (anchor, swedish(&f.message))
            })
            .collect(),
    )
}

/// Saves the grid: a new timesheet, or the draft's rows replaced.
pub async fn save(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(i64, String)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let (staff, month) = path.into_inner();
    let month = month_of(&month)?;
    let typed = Typed::parse(form.into_inner())?;
    signed.check_csrf(&typed.csrf)?;
    let (rows, form_errors) = typed.rows(month);
    if !form_errors.is_empty() {
        return show_grid(
            &state,
            &signed,
            (staff, month),
            Some(&typed),
            form_errors,
            None,
        )
        .await;
    }
    let days: Vec<u32> = rows.iter().map(|(d, _)| *d).collect();
    let rows: Vec<DayEntry> = rows.into_iter().map(|(_, r)| r).collect();
    let actor = signed.actor.clone();
    let (version, funding) = (typed.version, typed.funding);
    let saved = state
        .db(move |conn| match version {
            Some(version) => {
                let id = service::month_of(conn, &actor, staff, month)?
                    .timesheet
                    .map(|t| t.id)
                    .ok_or_else(|| AppError::StaleVersion("the timesheet is gone".into()))?;
                service::update(
                    conn,
                    &actor,
                    id,
                    TimesheetUpdate {
                        version,
                        funding,
                        rows,
                    },
                )
            }
            None => service::create(
                conn,
                &actor,
                TimesheetInput {
                    staff_id: staff,
                    month,
                    funding,
                    rows,
                },
            ),
        })
        .await;
    match saved {
        Ok(_) => Ok(see_other(format!(
            "/tidrapporter/{staff}/{month}?klart=sparad"
        ))),
        Err(e) => match grid_errors(&e, &days) {
            Some(errors) => {
                show_grid(&state, &signed, (staff, month), Some(&typed), errors, None).await
            }
            None => Err(WebError::App(e)),
        },
    }
}

#[derive(Deserialize)]
pub struct StepForm {
    csrf: String,
    version: i64,
    /// Where to go back to: the attest queue, when attested from there.
    #[serde(default)]
    fran: String,
}

/// Sign, attest or delete the month's timesheet, as the path names it.
pub async fn act(
    state: web::Data<AppState>,
    signed: Signed,
    req: HttpRequest,
    path: web::Path<(i64, String, String)>,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, WebError> {
    let (staff, month, step) = path.into_inner();
    let month = month_of(&month)?;
    let form = form.into_inner();
    signed.check_csrf(&form.csrf)?;
    #[derive(Clone, Copy)]
    enum Step {
        Sign,
        Attest,
        Delete,
    }
    let step = match step.as_str() {
        "signera" => Step::Sign,
        "attestera" => Step::Attest,
        "ta-bort" => Step::Delete,
        _ => return Err(WebError::App(AppError::NotFound(format!("no step {step}")))),
    };
    let actor = signed.actor.clone();
    let version = form.version;
    let done = state
        .db(move |conn| {
            let id = service::month_of(conn, &actor, staff, month)?
                .timesheet
                .map(|t| t.id)
                .ok_or_else(|| AppError::StaleVersion("the timesheet is gone".into()))?;
            match step {
                Step::Sign => service::sign(conn, &actor, id, version).map(|_| "signerad"),
                Step::Attest => service::attest(conn, &actor, id, version).map(|_| "attesterad"),
                Step::Delete => service::delete(conn, &actor, id, version).map(|_| "borttagen"),
            }
        })
        .await;
    let from_queue = form.fran == "ko";
    match done {
        Ok(_) if from_queue => {
            if req.headers().contains_key("HX-Request") {
                // htmx: the queue's row is replaced by this line.
                return respond(
                    StatusCode::OK,
                    &QueueDone {
                        text: "Attesterad.",
                    },
                );
            }
            Ok(see_other("/attestera?klart=attesterad".into()))
        }
        Ok(word) => Ok(see_other(format!(
            "/tidrapporter/{staff}/{month}?klart={word}"
        ))),
        Err(AppError::Forbidden(m)) => {
            let problems = vec![("dagar".into(), swedish(&m))];
            let mut res = show_grid(&state, &signed, (staff, month), None, problems, None).await?;
            *res.status_mut() = StatusCode::FORBIDDEN;
            Ok(res)
        }
        Err(e) => match grid_errors(&e, &[]) {
            Some(errors) => show_grid(&state, &signed, (staff, month), None, errors, None).await,
            None => Err(WebError::App(e)),
        },
    }
}

#[derive(Template)]
#[template(
    source = r#"<td colspan="5" class="done" role="status">{{ text }}</td>"#,
    ext = "html"
)]
struct QueueDone {
    text: &'static str,
}

// ---------------------------------------------------------------------------------------
// The attest queue.

#[derive(Template)]
#[template(path = "attest_queue.html")]
struct QueuePage {
    chrome: Chrome,
    items: Vec<AttestItem>,
    total: i64,
    done: Option<&'static str>,
}

impl QueuePage {
    fn month_words(&self, m: &Month) -> String {
        format::month_words(*m)
    }
    fn hours(&self, h: &CentiHours) -> String {
        format::hours(*h)
    }
    fn block(&self, b: &AttestBlock) -> String {
        format::attest_block(*b)
    }
}

/// How many signed timesheets the queue lists at most (the total is always shown).
const QUEUE_LIMIT: i64 = 500;

#[derive(Deserialize)]
pub struct QueueQuery {
    klart: Option<String>,
}

pub async fn queue(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<QueueQuery>,
) -> Result<HttpResponse, WebError> {
    let actor = signed.actor.clone();
    let (items, total) = state
        .db(move |conn| service::attest_queue(conn, &actor, QUEUE_LIMIT))
        .await?;
    respond(
        StatusCode::OK,
        &QueuePage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            items,
            total,
            done: (q.klart.as_deref() == Some("attesterad"))
                .then_some("Tidrapporten är attesterad."),
        },
    )
}
