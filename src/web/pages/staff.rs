//! Personal: the staff of the user's part of the project, and for each member the salary
//! records and the hourly rate every month gives, with what it is computed from (before
//! any timesheet is attested).

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::money::Ore;
use crate::domain::rate::Ppm;
use crate::views::staff::{StaffMember, StaffQuery, StaffRates};
use crate::web::format;
use crate::web::session::Signed;
use crate::web::{html, WebError};

#[derive(Template)]
#[template(path = "staff_list.html")]
struct StaffList {
    chrome: Chrome,
    staff: Vec<StaffMember>,
    total: i64,
}

#[derive(Template)]
#[template(path = "staff_member.html")]
struct StaffPage {
    chrome: Chrome,
    rates: StaffRates,
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

pub async fn list(state: web::Data<AppState>, signed: Signed) -> Result<HttpResponse, WebError> {
    let actor = signed.actor.clone();
    let page = state
        .db(move |conn| {
            crate::service::staff::list(
                conn,
                &actor,
                StaffQuery {
                    organisation_id: None,
                    limit: Some(1000),
                    offset: None,
                },
            )
        })
        .await?;
    html(&StaffList {
        chrome: Chrome::signed(&signed.actor, &signed.csrf),
        staff: page.items,
        total: page.total,
    })
}

#[derive(Deserialize)]
pub struct YearQuery {
    ar: Option<i32>,
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
    })
}
