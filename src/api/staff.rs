//! /staff: staff members and their salary records; /social-fee-rates: the PO table.

use actix_web::{delete, get, patch, post, put, web, HttpResponse};

use super::json::ApiJson;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::domain::organisation::EmployerKind;
use crate::error::{AppResult, Problem};
use crate::service::social_fees::{self};
use crate::service::staff as service;
use crate::views::social_fees::{SocialFeeInput, SocialFeeRate};
use crate::views::staff::{NewStaffInput, SalaryInput, StaffMember, StaffPatch, StaffQuery};
use crate::views::Page;

/// Staff members in your scope.
#[utoipa::path(
    tag = "staff",
    params(StaffQuery),
    responses((status = 200, body = Page<StaffMember>), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem))
)]
#[get("/staff")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<StaffQuery>,
) -> AppResult<web::Json<Page<StaffMember>>> {
    let q = q.into_inner();
    Ok(web::Json(
        state
            .db_read(move |c, directory| service::list(c, directory, &actor, q))
            .await?,
    ))
}

/// Add a staff member to your organisation (economists).
#[utoipa::path(
    tag = "staff",
    request_body = NewStaffInput,
    responses((status = 201, body = StaffMember), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[post("/staff")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    input: ApiJson<NewStaffInput>,
) -> AppResult<HttpResponse> {
    let input = input.into_inner();
    let staff = state.db(move |c| service::create(c, &actor, input)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/staff/{}", staff.id)))
        .json(staff))
}

/// One staff member with their salary records.
#[utoipa::path(
    tag = "staff",
    params(("id" = i64, Path, description = "Staff member id")),
    responses((status = 200, body = StaffMember), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem))
)]
#[get("/staff/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> AppResult<web::Json<StaffMember>> {
    let id = id.into_inner();
    Ok(web::Json(
        state.db(move |c| service::get(c, &actor, id)).await?,
    ))
}

/// Change a staff member's name, employee number or organisation (send the version you read).
#[utoipa::path(
    tag = "staff",
    params(("id" = i64, Path, description = "Staff member id")),
    request_body = StaffPatch,
    responses((status = 200, body = StaffMember), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem))
)]
#[patch("/staff/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    input: ApiJson<StaffPatch>,
) -> AppResult<web::Json<StaffMember>> {
    let (id, input) = (id.into_inner(), input.into_inner());
    Ok(web::Json(
        state
            .db(move |c| service::update(c, &actor, id, input))
            .await?,
    ))
}

/// Add a salary record valid from a month.
#[utoipa::path(
    tag = "staff",
    params(("id" = i64, Path, description = "Staff member id")),
    request_body = SalaryInput,
    responses((status = 201, body = StaffMember), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem))
)]
#[post("/staff/{id}/salaries")]
pub async fn add_salary(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    input: ApiJson<SalaryInput>,
) -> AppResult<HttpResponse> {
    let (id, input) = (id.into_inner(), input.into_inner());
    let staff = state
        .db(move |c| service::add_salary(c, &actor, id, input))
        .await?;
    Ok(HttpResponse::Created().json(staff))
}

/// Correct a salary record while no attested timesheet uses it (the whole record with
/// the version you read). Once one does, the record stays: add a new record from a later
/// month with a reason.
#[utoipa::path(
    tag = "staff",
    params(("id" = i64, Path, description = "Staff member id"), ("salary_id" = i64, Path, description = "Salary record id")),
    request_body = crate::views::entries::Versioned<SalaryInput>,
    responses((status = 200, body = StaffMember), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem))
)]
#[put("/staff/{id}/salaries/{salary_id}")]
pub async fn replace_salary(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(i64, i64)>,
    input: ApiJson<crate::views::entries::Versioned<SalaryInput>>,
) -> AppResult<web::Json<StaffMember>> {
    let ((id, salary_id), input) = (path.into_inner(), input.into_inner());
    Ok(web::Json(
        state
            .db(move |c| service::replace_salary(c, &actor, id, salary_id, input))
            .await?,
    ))
}

/// Remove a salary record no attested timesheet uses; answers the staff member as it
/// is afterwards.
#[utoipa::path(
    tag = "staff",
    params(("id" = i64, Path, description = "Staff member id"), ("salary_id" = i64, Path, description = "Salary record id"),
        ("version" = i64, Query)),
    responses((status = 200, body = StaffMember), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem))
)]
#[delete("/staff/{id}/salaries/{salary_id}")]
pub async fn delete_salary(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(i64, i64)>,
    q: web::Query<crate::views::VersionInput>,
) -> AppResult<web::Json<StaffMember>> {
    let ((id, salary_id), version) = (path.into_inner(), q.into_inner().version);
    Ok(web::Json(
        state
            .db(move |c| service::delete_salary(c, &actor, id, salary_id, version))
            .await?,
    ))
}

/// The social fee rates (PO-pålägg) per year and employer kind.
#[utoipa::path(tag = "staff", responses((status = 200, body = Vec<SocialFeeRate>), (status = 401, body = Problem)))]
#[get("/social-fee-rates")]
pub async fn list_social_fees(
    state: web::Data<AppState>,
    _actor: Actor,
) -> AppResult<web::Json<Vec<SocialFeeRate>>> {
    Ok(web::Json(state.db(social_fees::list).await?))
}

/// Enter or change a year's rate (admins of the owner).
#[utoipa::path(
    tag = "staff",
    params(("year" = i32, Path), ("employer_kind" = EmployerKind, Path)),
    request_body = SocialFeeInput,
    responses((status = 200, body = SocialFeeRate), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[put("/social-fee-rates/{year}/{employer_kind}")]
pub async fn put_social_fee(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(i32, EmployerKind)>,
    input: ApiJson<SocialFeeInput>,
) -> AppResult<web::Json<SocialFeeRate>> {
    let ((year, kind), input) = (path.into_inner(), input.into_inner());
    Ok(web::Json(
        state
            .db(move |c| social_fees::put(c, &actor, year, kind, input))
            .await?,
    ))
}
