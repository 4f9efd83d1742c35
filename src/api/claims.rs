//! /claims: ESF payment claims, their lines and exports, payments and distribution.

use actix_web::{delete, get, post, web, HttpResponse};
use serde::Deserialize;

use super::excel::xlsx;
use super::json::ApiJson;
use super::state::AppState;
use crate::domain::access::Actor;
use crate::error::{AppResult, Problem};
use crate::service::claims as service;
use crate::service::payments::{self};
use crate::views::claims::{
    Claim, ClaimInput, ClaimLine, ClaimListItem, IssueInput, LineQuery, VersionInput,
};
use crate::views::payments::{Distribution, Payment, PaymentInput, Statement};

/// Every claim, drafts and issued (the owner's users).
#[utoipa::path(
    tag = "claims",
    responses((status = 200, body = Vec<ClaimListItem>), (status = 401, body = Problem), (status = 403, body = Problem))
)]
#[get("/claims")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
) -> AppResult<web::Json<Vec<ClaimListItem>>> {
    Ok(web::Json(
        state.db(move |c| service::list(c, &actor)).await?,
    ))
}

/// Draft a claim for the next run of consolidated months (the owner's managers).
#[utoipa::path(
    tag = "claims",
    request_body = ClaimInput,
    responses((status = 201, body = Claim), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[post("/claims")]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    input: ApiJson<ClaimInput>,
) -> AppResult<HttpResponse> {
    let input = input.into_inner();
    let claim = state.db(move |c| service::create(c, &actor, input)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/claims/{}", claim.id)))
        .json(claim))
}

/// The claim: figures per category for the period and cumulatively against budget,
/// the ESF amount, per region and per organisation.
#[utoipa::path(
    tag = "claims",
    params(("id" = i64, Path, description = "Claim id")),
    responses((status = 200, body = Claim), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem))
)]
#[get("/claims/{id}")]
pub async fn get_one(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> AppResult<web::Json<Claim>> {
    let id = id.into_inner();
    Ok(web::Json(
        state.db(move |c| service::get(c, &actor, id)).await?,
    ))
}

/// Delete a draft claim.
#[utoipa::path(
    tag = "claims",
    params(("id" = i64, Path, description = "Claim id"), ("version" = i64, Query)),
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem))
)]
#[delete("/claims/{id}")]
pub async fn delete_one(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    q: web::Query<VersionInput>,
) -> AppResult<HttpResponse> {
    let (id, version) = (id.into_inner(), q.into_inner().version);
    state
        .db(move |c| service::delete(c, &actor, id, version))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Recompute a draft from the entries as they stand.
#[utoipa::path(
    tag = "claims",
    params(("id" = i64, Path, description = "Claim id")),
    request_body = VersionInput,
    responses((status = 200, body = Claim), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem))
)]
#[post("/claims/{id}/recompute")]
pub async fn recompute(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    input: ApiJson<VersionInput>,
) -> AppResult<web::Json<Claim>> {
    let (id, input) = (id.into_inner(), input.into_inner());
    Ok(web::Json(
        state
            .db(move |c| service::recompute(c, &actor, id, input))
            .await?,
    ))
}

/// Issue a draft: numbered in sequence, frozen, its months claimed. Of two
/// simultaneous requests one succeeds and the other gets 409.
#[utoipa::path(
    tag = "claims",
    params(("id" = i64, Path, description = "Claim id")),
    request_body = IssueInput,
    responses((status = 200, body = Claim), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[post("/claims/{id}/issue")]
pub async fn issue(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    input: ApiJson<IssueInput>,
) -> AppResult<web::Json<Claim>> {
    let (id, input) = (id.into_inner(), input.into_inner());
    Ok(web::Json(
        state
            .db(move |c| service::issue(c, &actor, id, input))
            .await?,
    ))
}

/// The entries behind the claim's figures (drill-down), filtered and paged.
#[utoipa::path(
    tag = "claims",
    params(("id" = i64, Path, description = "Claim id"), LineQuery),
    responses((status = 200, body = Vec<ClaimLine>), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem))
)]
#[get("/claims/{id}/lines")]
pub async fn lines(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    q: web::Query<LineQuery>,
) -> AppResult<web::Json<Vec<ClaimLine>>> {
    let (id, q) = (id.into_inner(), q.into_inner());
    Ok(web::Json(
        state.db(move |c| service::lines(c, &actor, id, q)).await?,
    ))
}

/// The claim as a workbook: summary laid out like "ansökan om utbetalning", a sheet
/// per category with every line, a sheet per region.
#[utoipa::path(
    tag = "claims",
    params(("id" = i64, Path, description = "Claim id")),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem))
)]
#[get("/claims/{id}/export")]
pub async fn export(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let (bytes, name) = state
        .db(move |c| service::export(c, &actor, id, crate::excel::claims::claim_workbook))
        .await?;
    Ok(xlsx(bytes, &name))
}

/// Record what the ESF paid for an issued claim (0..requested); distributes it at once.
#[utoipa::path(
    tag = "claims",
    params(("id" = i64, Path, description = "Claim id")),
    request_body = PaymentInput,
    responses((status = 201, body = Distribution), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem))
)]
#[post("/claims/{id}/payment")]
pub async fn record_payment(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    input: ApiJson<PaymentInput>,
) -> AppResult<HttpResponse> {
    let (id, input) = (id.into_inner(), input.into_inner());
    let d = state
        .db(move |c| payments::record_payment(c, &actor, id, input))
        .await?;
    Ok(HttpResponse::Created().json(d))
}

/// The payment recorded for an issued claim.
#[utoipa::path(
    tag = "claims",
    params(("id" = i64, Path, description = "Claim id")),
    responses((status = 200, body = Payment), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem))
)]
#[get("/claims/{id}/payment")]
pub async fn get_payment(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> AppResult<web::Json<Payment>> {
    let id = id.into_inner();
    Ok(web::Json(
        state
            .db(move |c| payments::get_payment(c, &actor, id))
            .await?,
    ))
}

/// The payment's distribution within your part of the tree: per region (own part and
/// municipalities') and per organisation with the basis of each share.
#[utoipa::path(
    tag = "claims",
    params(("id" = i64, Path, description = "Claim id")),
    responses((status = 200, body = Distribution), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem))
)]
#[get("/claims/{id}/distribution")]
pub async fn distribution(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> AppResult<web::Json<Distribution>> {
    let id = id.into_inner();
    Ok(web::Json(
        state
            .db(move |c| payments::distribution(c, &actor, id))
            .await?,
    ))
}

/// The distribution as a workbook with a chart of the shares.
#[utoipa::path(
    tag = "claims",
    params(("id" = i64, Path, description = "Claim id")),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem))
)]
#[get("/claims/{id}/distribution/export")]
pub async fn distribution_export(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let (bytes, name) = state
        .db(move |c| {
            payments::export_distribution(
                c,
                &actor,
                id,
                crate::excel::claims::distribution_workbook,
            )
        })
        .await?;
    Ok(xlsx(bytes, &name))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StatementQuery {
    /// The organisation (default: your own).
    pub organisation_id: Option<i64>,
}

/// One organisation's statement of its part of the payment.
#[utoipa::path(
    tag = "claims",
    params(("id" = i64, Path, description = "Claim id"), StatementQuery),
    responses((status = 200, body = Statement), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem))
)]
#[get("/claims/{id}/statement")]
pub async fn statement(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    q: web::Query<StatementQuery>,
) -> AppResult<web::Json<Statement>> {
    let (id, org) = (id.into_inner(), q.into_inner().organisation_id);
    Ok(web::Json(
        state
            .db(move |c| payments::statement(c, &actor, id, org))
            .await?,
    ))
}

/// The statement as a one-page workbook.
#[utoipa::path(
    tag = "claims",
    params(("id" = i64, Path, description = "Claim id"), StatementQuery),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem))
)]
#[get("/claims/{id}/statement/export")]
pub async fn statement_export(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<i64>,
    q: web::Query<StatementQuery>,
) -> AppResult<HttpResponse> {
    let (id, org) = (id.into_inner(), q.into_inner().organisation_id);
    let (bytes, name) = state
        .db(move |c| {
            payments::export_statement(c, &actor, id, org, crate::excel::claims::statement_workbook)
        })
        .await?;
    Ok(xlsx(bytes, &name))
}

/// Check the ledger's invariants (the owner's admins and auditors): issued claims equal
/// their lines, no entry of a claimed month changed, cumulative figures chain, every
/// distribution adds up to its payment.
#[utoipa::path(
    tag = "claims",
    responses((status = 200, body = crate::views::verify::VerifyReport), (status = 401, body = Problem), (status = 403, body = Problem))
)]
#[get("/admin/verify")]
pub async fn verify(
    state: web::Data<AppState>,
    actor: Actor,
) -> AppResult<web::Json<crate::views::verify::VerifyReport>> {
    Ok(web::Json(
        state
            .db(move |c| crate::service::verify::run_as(c, &actor))
            .await?,
    ))
}
