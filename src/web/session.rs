//! The signed-in user of a page: the session cookie resumed into the same `Actor` the API
//! uses, with the session's CSRF token; and the checks every state-changing form passes.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::WebError;
use crate::api::state::AppState;
use crate::domain::access::Actor;
use crate::error::AppError;
use crate::service::sessions;

/// The cookie holding the session's secret.
pub const SESSION_COOKIE: &str = "esf_session";
/// The login form's double-submit token (there is no session yet to hold one).
pub const LOGIN_COOKIE: &str = "esf_login";

/// A page request from a signed-in user.
pub struct Signed {
    pub actor: Actor,
    pub csrf: String,
}

impl Signed {
    /// Refuses a form whose CSRF token is not this session's (nothing is done).
    pub fn check_csrf(&self, given: &str) -> Result<(), WebError> {
        if sessions::csrf_matches(&self.csrf, given) {
            Ok(())
        } else {
            Err(WebError::Csrf)
        }
    }
}

impl FromRequest for Signed {
    type Error = WebError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let secret = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
        Box::pin(async move {
            let state =
                state.ok_or_else(|| WebError::App(AppError::Internal("state missing".into())))?;
            let secret = secret.ok_or(WebError::Login)?;
            let policy = state.sessions;
            match state
                .db(move |conn| sessions::resume(conn, &policy, &secret))
                .await
            {
                Ok(s) => Ok(Signed {
                    actor: s.actor,
                    csrf: s.csrf_token,
                }),
                Err(AppError::Unauthorized(_)) => Err(WebError::Login),
                Err(e) => Err(WebError::App(e)),
            }
        })
    }
}

/// A cookie only this site's pages send back: HttpOnly, SameSite=Strict, and Secure when
/// the service runs behind HTTPS.
pub fn cookie(
    name: &'static str,
    value: String,
    path: &'static str,
    secure: bool,
) -> Cookie<'static> {
    Cookie::build(name, value)
        .path(path)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .finish()
}

/// The same cookie, expired (the browser forgets it).
pub fn removal(name: &'static str, path: &'static str, secure: bool) -> Cookie<'static> {
    let mut c = cookie(name, String::new(), path, secure);
    c.make_removal();
    c
}
