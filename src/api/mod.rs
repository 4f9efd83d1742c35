//! HTTP: actix handlers (thin), the auth extractor, problem+json for every failure,
//! the OpenAPI document and its offline docs page.

pub mod actors;
pub mod audit;
pub mod auth;
pub mod budgets;
pub mod claims;
pub mod docs;
pub mod entries;
pub mod excel;
pub mod health;
pub mod json;
pub mod middleware;
pub mod monthly_reports;
pub mod organisations;
pub mod participants;
pub mod project;
pub mod scb;
pub mod staff;
pub mod state;
pub mod timesheet_adjustments;
pub mod timesheets;
pub mod users;

use actix_web::error::{PathError, QueryPayloadError};
use actix_web::{web, HttpRequest};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

pub use state::AppState;

use crate::domain::validation::FieldError;
use crate::error::AppError;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "esf-ledger",
        description = "Accounting and reporting for multi-partner ESF projects. Money and hours are decimal strings, dates ISO 8601, errors application/problem+json.",
    ),
    security(("bearer" = [])),
    components(schemas(crate::error::Problem, FieldError)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Log in"),
        (name = "organisations", description = "The organisation tree"),
        (name = "users", description = "Users and roles"),
        (name = "project", description = "Project settings"),
        (name = "audit", description = "Audit log"),
        (name = "staff", description = "Staff, salaries and the social-fee table"),
        (name = "timesheets", description = "Timesheets: daily hours, signature and attestation"),
        (name = "reports", description = "Monthly reports and the reporting chain"),
        (name = "entries", description = "Premises, other direct costs and cash co-financing"),
        (name = "participants", description = "Participants, enrolments and workshops (identity numbers masked unless you may see them)"),
        (name = "scb", description = "SCB's monthly participant report and resubmissions"),
        (name = "budget", description = "The approved budget per organisation, year and category"),
        (name = "excel", description = "Excel templates and imports"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Every documented endpoint under /api/v1.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(auth::login)
        .service(organisations::list)
        .service(organisations::tree)
        .service(organisations::get_one)
        .service(organisations::create)
        .service(organisations::update)
        .service(users::list)
        .service(users::me)
        .service(users::change_password)
        .service(users::get_one)
        .service(users::create)
        .service(users::update)
        .service(project::get_project)
        .service(project::put_project)
        .service(audit::list)
        .service(staff::list)
        .service(staff::create)
        .service(staff::get_one)
        .service(staff::update)
        .service(staff::add_salary)
        .service(staff::replace_salary)
        .service(staff::delete_salary)
        .service(staff::list_social_fees)
        .service(staff::put_social_fee)
        .service(timesheets::list)
        .service(timesheets::create)
        .service(timesheets::get_one)
        .service(timesheets::update)
        .service(timesheets::delete_one)
        .service(timesheets::sign)
        .service(timesheets::attest)
        .service(timesheet_adjustments::list)
        .service(timesheet_adjustments::create)
        .service(timesheet_adjustments::get_one)
        .service(timesheet_adjustments::attest)
        .service(timesheet_adjustments::delete_one)
        .service(participants::list)
        .service(participants::enrol)
        .service(participants::get_one)
        .service(participants::update)
        .service(participants::workshops)
        .service(participants::create_workshop)
        .service(scb::list_attendance)
        .service(scb::set_attendance)
        .service(scb::status)
        .service(scb::report)
        .service(scb::export)
        .service(scb::participant_statistics)
        .service(scb::participant_statistics_export)
        .service(budgets::list)
        .service(budgets::set)
        .service(budgets::template)
        .service(budgets::import)
        .service(budgets::follow_up)
        .service(budgets::follow_up_export)
        .service(claims::list)
        .service(claims::create)
        .service(claims::get_one)
        .service(claims::delete_one)
        .service(claims::recompute)
        .service(claims::issue)
        .service(claims::lines)
        .service(claims::export)
        .service(claims::record_payment)
        .service(claims::get_payment)
        .service(claims::distribution)
        .service(claims::distribution_export)
        .service(claims::statement)
        .service(claims::statement_export)
        .service(claims::verify)
        .service(monthly_reports::get_report)
        .service(monthly_reports::submit)
        .service(monthly_reports::approve)
        .service(monthly_reports::return_report)
        .service(monthly_reports::reopen)
        .service(monthly_reports::consolidate_empty)
        .service(monthly_reports::export)
        .service(entries::recurring_premises::create)
        .service(entries::premises::list)
        .service(entries::premises::create)
        .service(entries::premises::get_one)
        .service(entries::premises::replace)
        .service(entries::premises::delete_one)
        .service(entries::other_costs::list)
        .service(entries::other_costs::create)
        .service(entries::other_costs::get_one)
        .service(entries::other_costs::replace)
        .service(entries::other_costs::delete_one)
        .service(entries::cash_cofinancing::list)
        .service(entries::cash_cofinancing::create)
        .service(entries::cash_cofinancing::get_one)
        .service(entries::cash_cofinancing::replace)
        .service(entries::cash_cofinancing::delete_one)
        .service(entries::compensation::list)
        .service(entries::compensation::create)
        .service(entries::compensation::get_one)
        .service(entries::compensation::replace)
        .service(entries::compensation::delete_one)
        .service(excel::timesheet_template)
        .service(excel::import_timesheets)
        .service(excel::premises_template)
        .service(excel::import_premises)
        .service(excel::other_costs_template)
        .service(excel::import_other_costs)
        .service(excel::cash_template)
        .service(excel::import_cash)
        .service(excel::participants_template)
        .service(excel::import_participants)
        .service(excel::attendance_template)
        .service(excel::import_attendance)
        .service(excel::compensation_template)
        .service(excel::import_compensation);
}

pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let message = err.to_string();
    AppError::BadRequest {
        detail: format!("invalid query string: {message}"),
        errors: vec![FieldError {
            field: json::named_field(&message).unwrap_or_else(|| "query".into()),
            message,
            ..Default::default()
        }],
    }
    .into()
}

pub fn path_error(err: PathError, _req: &HttpRequest) -> actix_web::Error {
    AppError::bad_request(format!("invalid path parameter: {err}")).into()
}

pub async fn not_found(req: HttpRequest) -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound(format!(
        "no endpoint {} {}",
        req.method(),
        req.path()
    )))
}

/// The extractor settings that turn their failures into problem+json (JSON bodies use
/// `json::ApiJson`, which does so itself).
pub fn extractor_configs() -> (web::QueryConfig, web::PathConfig) {
    (
        web::QueryConfig::default().error_handler(query_error),
        web::PathConfig::default().error_handler(path_error),
    )
}
