//! Logg: the audit log of the user's part of the project, newest first, filtered by what
//! changed, who changed it and when (the same use case and gate as the API: managers,
//! admins and auditors read it).

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::period::Date;
use crate::error::AppError;
use crate::views::audit::{AuditEntry, AuditQuery};
use crate::views::users::{User, UserQuery};
use crate::web::{html, WebError};

/// What the log's entity names are called on the page.
const ENTITIES: [(&str, &str); 14] = [
    ("monthly_report", "Månadsrapport"),
    ("timesheet", "Tidrapport"),
    ("timesheet_adjustment", "Rättelse av tidrapport"),
    ("staff", "Personal"),
    ("premises", "Lokal"),
    ("other_cost", "Övrig kostnad"),
    ("cash_cofinancing", "Kontant medfinansiering"),
    ("compensation", "Deltagarersättning"),
    ("enrolment", "Deltagare"),
    ("workshop", "Verkstad"),
    ("user", "Användare"),
    ("organisation", "Organisation"),
    ("claim", "Ansökan"),
    ("payment", "Utbetalning"),
];

const PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "log.html")]
struct LogPage {
    chrome: Chrome,
    entries: Vec<AuditEntry>,
    total: i64,
    users: Vec<User>,
    filter: LogFilter,
    page: i64,
    problem: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
pub struct LogFilter {
    #[serde(default)]
    entitet: String,
    #[serde(default)]
    anvandare: String,
    #[serde(default)]
    fran: String,
    #[serde(default)]
    till: String,
    #[serde(default)]
    sida: Option<i64>,
}

impl LogPage {
    fn entity_name<'a>(&self, entity: &'a str) -> &'a str {
        ENTITIES
            .iter()
            .find(|(e, _)| *e == entity)
            .map_or(entity, |(_, name)| name)
    }

    fn entities(&self) -> &'static [(&'static str, &'static str)] {
        &ENTITIES
    }

    fn when(&self, e: &AuditEntry) -> String {
        crate::web::format::when(e.at)
    }

    fn change(&self, e: &AuditEntry) -> String {
        let show = |v: &Option<serde_json::Value>| {
            v.as_ref()
                .map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
                .unwrap_or_else(|| "–".into())
        };
        format!("Före:\n{}\n\nEfter:\n{}", show(&e.before), show(&e.after))
    }

    fn query(&self, page: i64) -> String {
        let f = &self.filter;
        let pairs = [
            ("entitet", f.entitet.as_str()),
            ("anvandare", f.anvandare.as_str()),
            ("fran", f.fran.as_str()),
            ("till", f.till.as_str()),
        ];
        let mut q: String = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}&", urlencoding(v)))
            .collect();
        q.push_str(&format!("sida={page}"));
        q
    }

    fn pages(&self) -> i64 {
        (self.total + PAGE - 1) / PAGE
    }
}

fn urlencoding(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn show(
    state: web::Data<AppState>,
    signed: crate::web::session::Signed,
    q: web::Query<LogFilter>,
) -> Result<HttpResponse, WebError> {
    let filter = q.into_inner();
    let page = filter.sida.unwrap_or(1).max(1);
    let day = |text: &str| -> Result<Option<Date>, String> {
        if text.is_empty() {
            Ok(None)
        } else {
            Date::parse(text)
                .map(Some)
                .map_err(|_| format!("{text} är inte ett datum (ÅÅÅÅ-MM-DD)."))
        }
    };
    let (from, to) = match (day(&filter.fran), day(&filter.till)) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(m), _) | (_, Err(m)) => {
            return html(&LogPage {
                chrome: Chrome::signed(&signed.actor, &signed.csrf),
                entries: Vec::new(),
                total: 0,
                users: Vec::new(),
                filter,
                page,
                problem: Some(m),
            })
        }
    };
    let query = AuditQuery {
        organisation_id: None,
        entity: (!filter.entitet.is_empty()).then(|| filter.entitet.clone()),
        entity_id: None,
        user_id: filter.anvandare.parse().ok(),
        from,
        to,
        limit: Some(PAGE),
        offset: Some((page - 1).saturating_mul(PAGE)),
    };
    let actor = signed.actor.clone();
    let found = state
        .db(move |conn| {
            let entries = crate::service::audit::list(conn, &actor, query)?;
            let users = crate::service::users::list(
                conn,
                &actor,
                UserQuery {
                    organisation_id: None,
                    active: None,
                    limit: Some(1000),
                    offset: None,
                },
            )?;
            Ok((entries, users))
        })
        .await;
    let (entries, users, problem) = match found {
        Ok((entries, users)) => (entries, users.items, None),
        Err(AppError::Validation(_)) => (
            crate::views::Page {
                items: Vec::new(),
                total: 0,
                limit: PAGE,
                offset: 0,
            },
            Vec::new(),
            Some("Till-datumet ligger före från-datumet.".to_string()),
        ),
        Err(e) => return Err(WebError::App(e)),
    };
    html(&LogPage {
        chrome: Chrome::signed(&signed.actor, &signed.csrf),
        entries: entries.items,
        total: entries.total,
        users,
        filter,
        page,
        problem,
    })
}
