//! Logga in and logga ut. The login form carries a double-submit token (a cookie and a
//! hidden field that must match) since there is no session yet; a successful login begins
//! a new session with a new secret, whatever the browser brought.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::Chrome;
use crate::api::state::{AdmittedLogin, AppState};
use crate::error::AppError;
use crate::service::sessions;
use crate::web::session::{cookie, removal, Signed, LOGIN_COOKIE, SESSION_COOKIE};
use crate::web::{render, WebError};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    form_token: String,
    email: String,
    message: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    form_token: String,
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// What the login page says above the form: why the last try failed, or a notice.
struct Feedback {
    message: Option<String>,
    notice: Option<String>,
}

impl Feedback {
    fn failed(message: impl Into<String>) -> Self {
        Feedback {
            message: Some(message.into()),
            notice: None,
        }
    }
}

fn login_page(
    state: &AppState,
    status: actix_web::http::StatusCode,
    email: String,
    feedback: Feedback,
) -> Result<HttpResponse, WebError> {
    let form_token = sessions::form_token();
    let page = LoginPage {
        chrome: Chrome::anonymous(),
        form_token: form_token.clone(),
        email,
        message: feedback.message,
        notice: feedback.notice,
    };
    Ok(HttpResponse::build(status)
        .cookie(cookie(
            LOGIN_COOKIE,
            form_token,
            "/logga-in",
            state.secure_cookies,
        ))
        .content_type("text/html; charset=utf-8")
        .body(render(&page)?))
}

#[derive(Deserialize)]
pub struct FormQuery {
    /// Set after a password change.
    bytt: Option<String>,
}

pub async fn form(
    state: web::Data<AppState>,
    q: web::Query<FormQuery>,
) -> Result<HttpResponse, WebError> {
    let notice = q
        .bytt
        .as_ref()
        .map(|_| "Lösenordet är bytt. Logga in med det nya.".to_string());
    login_page(
        &state,
        actix_web::http::StatusCode::OK,
        String::new(),
        Feedback {
            message: None,
            notice,
        },
    )
}

pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    input: web::Form<LoginForm>,
) -> Result<HttpResponse, WebError> {
    use actix_web::http::StatusCode;
    let input = input.into_inner();
    let expected = req.cookie(LOGIN_COOKIE).map(|c| c.value().to_owned());
    if !expected.is_some_and(|t| sessions::csrf_matches(&t, &input.form_token)) {
        return login_page(
            &state,
            StatusCode::FORBIDDEN,
            input.email,
            Feedback::failed("Inloggningsformuläret hade gått ut. Försök igen."),
        );
    }
    let started = async {
        let AdmittedLogin { address, slot } = state.admit_login(req.peer_addr().map(|a| a.ip()))?;
        let (lockout, policy) = (state.lockout, state.sessions);
        let (email, password) = (input.email.clone(), input.password.clone());
        state
            .db(move |conn| {
                let _slot = slot;
                sessions::start(conn, &lockout, &policy, &email, &password, &address)
            })
            .await
    }
    .await;
    match started {
        Ok(s) => Ok(HttpResponse::SeeOther()
            .cookie(cookie(SESSION_COOKIE, s.secret, "/", state.secure_cookies))
            .cookie(removal(LOGIN_COOKIE, "/logga-in", state.secure_cookies))
            .insert_header((header::LOCATION, "/"))
            .finish()),
        Err(AppError::Unauthorized(_)) => login_page(
            &state,
            StatusCode::UNAUTHORIZED,
            input.email,
            // The same words whether the address exists, the password is wrong or the
            // account is disabled: they must not tell which (issue 13.8).
            Feedback::failed("Fel e-postadress eller lösenord, eller så är kontot avstängt. Kontakta din administratör om du inte kommer in."),
        ),
        Err(AppError::TooManyRequests { retry_after, .. }) => login_page(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            input.email,
            Feedback::failed(format!(
                "För många inloggningsförsök. Vänta {} och försök igen, eller be en administratör låsa upp kontot.",
                wait_words(retry_after)
            )),
        ),
        Err(e) => Err(WebError::App(e)),
    }
}

fn wait_words(seconds: u64) -> String {
    match seconds {
        0..=59 => "en minut".into(),
        s => format!("{} minuter", s.div_ceil(60)),
    }
}

pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    signed: Signed,
    input: web::Form<CsrfForm>,
) -> Result<HttpResponse, WebError> {
    signed.check_csrf(&input.csrf)?;
    if let Some(secret) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned()) {
        state.db(move |conn| sessions::end(conn, &secret)).await?;
    }
    Ok(HttpResponse::SeeOther()
        .cookie(removal(SESSION_COOKIE, "/", state.secure_cookies))
        .insert_header((header::LOCATION, "/logga-in"))
        .finish())
}
