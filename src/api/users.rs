//! /users: admins manage users; managers and auditors read them; everyone reads themselves.

use actix_web::{get, patch, post, web, HttpResponse};

use super::json::ApiJson;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::error::{AppResult, Problem};
use crate::service::users as service;
use crate::service::ChangedBy;
use crate::views::users::{NewUserInput, PasswordChange, User, UserPatch, UserQuery};
use crate::views::Page;

/// Users of your organisation's subtree (admins, managers, auditors).
#[utoipa::path(
    tag = "users",
    params(UserQuery),
    responses(
        (status = 200, body = Page<User>), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem),
    )
)]
#[get("/users")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<UserQuery>,
) -> AppResult<web::Json<Page<User>>> {
    let q = q.into_inner();
    Ok(web::Json(
        state.db(move |c| service::list(c, &actor, q)).await?,
    ))
}

/// The logged-in user.
#[utoipa::path(tag = "users", responses((status = 200, body = User), (status = 401, body = Problem)))]
#[get("/users/me")]
pub async fn me(state: web::Data<AppState>, actor: Actor) -> AppResult<web::Json<User>> {
    Ok(web::Json(state.db(move |c| service::me(c, &actor)).await?))
}

/// Change your own password. Wrong current passwords are limited like failed logins (429).
#[utoipa::path(
    tag = "users",
    request_body = PasswordChange,
    responses(
        (status = 204), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 422, body = Problem), (status = 429, body = Problem),
    )
)]
#[post("/users/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    actor: Actor,
    input: ApiJson<PasswordChange>,
) -> AppResult<HttpResponse> {
    let input = input.into_inner();
    state
        .db(move |c| service::change_own_password(c, &actor, input))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// One user in your scope.
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, body = User), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem),
    )
)]
#[get("/users/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> AppResult<web::Json<User>> {
    let id = id.into_inner();
    Ok(web::Json(
        state.db(move |c| service::get(c, &actor, id)).await?,
    ))
}

/// Create a user. Admins only; the admin role is for users of the owner.
#[utoipa::path(
    tag = "users",
    request_body = NewUserInput,
    responses(
        (status = 201, body = User), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem),
    )
)]
#[post("/users")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    input: ApiJson<NewUserInput>,
) -> AppResult<HttpResponse> {
    let input = input.into_inner();
    let user = state
        .db(move |c| service::create(c, &ChangedBy::of(&actor), Some(&actor), input))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/users/{}", user.id)))
        .json(user))
}

/// Edit a user (roles, organisation, active flag, password). Admins only.
#[utoipa::path(
    tag = "users",
    params(("id" = i64, Path, description = "User id")),
    request_body = UserPatch,
    responses(
        (status = 200, body = User), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem),
    )
)]
#[patch("/users/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    input: ApiJson<UserPatch>,
) -> AppResult<web::Json<User>> {
    let (id, input) = (id.into_inner(), input.into_inner());
    Ok(web::Json(
        state
            .db(move |c| service::update(c, &actor, id, input))
            .await?,
    ))
}
