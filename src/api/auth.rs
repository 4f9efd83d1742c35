//! Login and the authentication extractor that every other endpoint takes.

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{post, web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::json::ApiJson;
use super::state::{AdmittedLogin, AppState};
use crate::auth::token::TokenError;
use crate::domain::access::Actor;
use crate::error::{AppError, AppResult, Problem};
use crate::service::auth as service;
use crate::views::auth::{LoginInput, TokenResponse};

/// Every endpoint that takes an `Actor` requires a valid bearer token of an active user.
impl FromRequest for Actor {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let header = req
            .headers()
            .get(AUTHORIZATION)
            .map(|h| h.to_str().map(str::to_owned));
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::Internal("state missing".into()))?;
            let token = match header {
                None => return Err(AppError::Unauthorized("a bearer token is required".into())),
                Some(Err(_)) => {
                    return Err(AppError::Unauthorized(
                        "malformed Authorization header".into(),
                    ))
                }
                Some(Ok(h)) => h
                    .strip_prefix("Bearer ")
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .ok_or_else(|| {
                        AppError::Unauthorized(
                            "the Authorization header must be 'Bearer <token>'".into(),
                        )
                    })?,
            };
            let subject = state.tokens.verify(&token).map_err(|e| match e {
                TokenError::Expired => {
                    AppError::Unauthorized("the token has expired; log in again".into())
                }
                TokenError::Invalid(_) => AppError::Unauthorized("the token is invalid".into()),
            })?;
            if let Some(actor) = state.actors.get(&subject) {
                return Ok(actor);
            }
            // The generation is read before the actor, so the actor is at least as current
            // as it; and like any read it makes the cache fresh for the requests that follow.
            let actors = state.actors.clone();
            let (actor, generation) = state
                .db(move |conn| {
                    let generation = actors.read_generation(conn)?;
                    Ok((service::load_actor(conn, subject)?, generation))
                })
                .await?;
            state.actors.put(&subject, actor.clone(), generation);
            Ok(actor)
        })
    }
}

/// Log in with e-mail and password and get a short-lived bearer token.
/// After repeated failures the account is locked for a while (429).
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = LoginInput,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 400, description = "Malformed request", body = Problem),
        (status = 401, description = "Wrong e-mail or password", body = Problem),
        (status = 403, description = "Account disabled", body = Problem),
        (status = 429, description = "Locked after repeated failures, too many logins from the client address, or too many at once", body = Problem),
    )
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    input: ApiJson<LoginInput>,
) -> AppResult<web::Json<TokenResponse>> {
    let input = input.into_inner();
    let AdmittedLogin { address, slot } = state.admit_login(req.peer_addr().map(|a| a.ip()))?;
    let s = state.clone();
    let token = state
        .db(move |conn| {
            let _slot = slot;
            service::login(conn, &s.tokens, &s.lockout, &input, &address)
        })
        .await?;
    Ok(web::Json(token))
}
