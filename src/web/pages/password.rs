//! Byt lösenord: the user's own password, by the same use case as the API. A new password
//! ends every session and token of the user (the token generation moves on), this one
//! too: the user logs in again with the new password.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::Chrome;
use crate::api::state::AppState;
use crate::error::AppError;
use crate::service::users as service;
use crate::views::users::PasswordChange;
use crate::web::session::{removal, Signed, SESSION_COOKIE};
use crate::web::{render, WebError};

/// One broken rule, with the field it links to.
pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    chrome: Chrome,
    problems: Vec<FieldProblem>,
}

impl PasswordPage {
    fn problem(&self, field: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message.as_str())
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: String,
    current_password: String,
    new_password: String,
    repeat_password: String,
}

fn page(
    signed: &Signed,
    status: StatusCode,
    problems: Vec<FieldProblem>,
) -> Result<HttpResponse, WebError> {
    let page = PasswordPage {
        chrome: Chrome::signed(&signed.actor, &signed.csrf),
        problems,
    };
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(render(&page)?))
}

pub async fn form(signed: Signed) -> Result<HttpResponse, WebError> {
    page(&signed, StatusCode::OK, Vec::new())
}

/// The service's rule for a field, in Swedish.
fn in_swedish(field: &str, message: &str) -> FieldProblem {
    match field {
        "current_password" => FieldProblem {
            field: "current_password",
            message: "Det nuvarande lösenordet stämmer inte.".into(),
        },
        _ if message.starts_with("must be at least") => FieldProblem {
            field: "new_password",
            message: format!(
                "Det nya lösenordet måste ha minst {} tecken.",
                crate::domain::user::MIN_PASSWORD_CHARS
            ),
        },
        _ if message.starts_with("must be at most") => FieldProblem {
            field: "new_password",
            message: format!(
                "Det nya lösenordet får ha högst {} tecken.",
                crate::domain::user::MAX_PASSWORD_CHARS
            ),
        },
        _ => FieldProblem {
            field: "new_password",
            message: "Det nya lösenordet är för lätt att gissa. Välj några ord som inte hör ihop, inte ett vanligt lösenord, ett mönster eller ditt namn.".into(),
        },
    }
}

pub async fn submit(
    state: web::Data<AppState>,
    signed: Signed,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, WebError> {
    let form = form.into_inner();
    signed.check_csrf(&form.csrf)?;
    if form.new_password != form.repeat_password {
        return page(
            &signed,
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![FieldProblem {
                field: "repeat_password",
                message: "Det upprepade lösenordet är inte samma som det nya.".into(),
            }],
        );
    }
    let actor = signed.actor.clone();
    let change = PasswordChange {
        current_password: form.current_password,
        new_password: form.new_password,
    };
    match state
        .db(move |conn| service::change_own_password(conn, &actor, change))
        .await
    {
        Ok(()) => Ok(HttpResponse::SeeOther()
            .cookie(removal(SESSION_COOKIE, "/", state.secure_cookies))
            .insert_header((header::LOCATION, "/logga-in?bytt=1"))
            .finish()),
        Err(AppError::Validation(v)) => page(
            &signed,
            StatusCode::UNPROCESSABLE_ENTITY,
            v.0.iter().map(|f| in_swedish(&f.field, &f.message)).collect(),
        ),
        Err(AppError::TooManyRequests { .. }) => page(
            &signed,
            StatusCode::TOO_MANY_REQUESTS,
            vec![FieldProblem {
                field: "current_password",
                message: "För många felaktiga försök med det nuvarande lösenordet. Vänta en stund eller be en administratör låsa upp kontot.".into(),
            }],
        ),
        Err(e) => Err(WebError::App(e)),
    }
}
