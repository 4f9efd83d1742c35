//! Översikt: the board of the user's scope (organisations × the months of a year, each
//! cell the report's state) and, below the user's organisation, who is late.

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::Chrome;
use crate::api::state::AppState;
use crate::service::monthly_reports as service;
use crate::views::monthly_reports::Board;
use crate::views::todo::Todo;
use crate::web::format;
use crate::web::session::Signed;
use crate::web::{html, WebError};

#[derive(Template)]
#[template(path = "home.html")]
struct BoardPage {
    chrome: Chrome,
    board: Board,
    todo: Todo,
}

impl BoardPage {
    fn state(&self, s: &crate::domain::workflow::ReportState) -> &'static str {
        format::state(*s)
    }

    fn state_class(&self, s: &crate::domain::workflow::ReportState) -> &'static str {
        use crate::domain::names::Named;
        s.as_str()
    }

    fn month_heading(&self, m: &crate::domain::period::Month) -> String {
        format::month_name(m.month())[..3].to_string()
    }

    fn month_words(&self, m: &crate::domain::period::Month) -> String {
        format!("{} {}", format::month_name(m.month()), m.year())
    }
}

#[derive(Deserialize)]
pub struct BoardQuery {
    /// The year shown (`?ar=2013`).
    ar: Option<i32>,
}

pub async fn board(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<BoardQuery>,
) -> Result<HttpResponse, WebError> {
    let (actor, year) = (signed.actor.clone(), q.ar);
    let (board, todo) = state
        .db(move |conn| {
            let board = service::board(conn, &actor, year)?;
            let todo = crate::service::todo::for_actor(conn, &actor)?;
            Ok((board, todo))
        })
        .await?;
    html(&BoardPage {
        chrome: Chrome::signed(&signed.actor, &signed.csrf),
        board,
        todo,
    })
}
