//! esf-ledger: accounting and reporting for a multi-partner European Social Fund project.
//!
//! Data flows one way: HTTP (`api`) → use cases (`service`) → rules (`domain`) and
//! storage (`store`). See docs/ARCHITECTURE.md.

pub mod api;
pub mod auth;
pub mod config;
pub mod domain;
pub mod error;
pub mod excel;
pub mod scale;
pub mod seed;
pub mod service;
pub mod store;
pub mod telemetry;
pub mod views;
pub mod web;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::App;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use api::AppState;
use config::Config;
use store::{build_pool, DbPool};

/// The application with all routes, shared by `serve` and the tests.
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (query, path) = api::extractor_configs();
    let (app, openapi) = App::new()
        .into_utoipa_app()
        .openapi(api::ApiDoc::openapi())
        .service(
            utoipa_actix_web::scope("/api/v1")
                .configure(api::routes)
                .route(
                    "/openapi.json",
                    actix_web::web::get().to(api::docs::openapi_json),
                )
                .route("/docs", actix_web::web::get().to(web::api_docs)),
        )
        .split_for_parts();
    app.app_data(actix_web::web::Data::new(state))
        .app_data(actix_web::web::Data::new(api::docs::finish(openapi)))
        .app_data(query)
        .app_data(path)
        .configure(web::routes)
        .route("/healthz", actix_web::web::get().to(api::health::healthz))
        .route("/readyz", actix_web::web::get().to(api::health::readyz))
        .default_service(actix_web::web::to(not_found))
        .wrap(from_fn(api::middleware::mark_writes))
        .wrap(from_fn(web::security_headers))
        .wrap(from_fn(api::middleware::request_context))
}

/// An unknown path: problem+json under `/api/`, a Swedish page elsewhere.
async fn not_found(req: actix_web::HttpRequest) -> actix_web::HttpResponse {
    use actix_web::ResponseError;
    if req.path().starts_with("/api/") {
        api::not_found(req)
            .await
            .unwrap_or_else(|e| e.error_response())
    } else {
        web::WebError::App(error::AppError::NotFound(req.path().to_string())).error_response()
    }
}

/// The OpenAPI document of the running routes.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let doc = App::new()
        .into_utoipa_app()
        .openapi(api::ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/api/v1").configure(api::routes))
        .split_for_parts()
        .1;
    api::docs::finish(doc)
}

/// Opens the pool and brings the schema up to date.
pub fn open_database(config: &Config) -> Result<DbPool, String> {
    let pool = build_pool(&config.database, config.pool_size)
        .map_err(|e| format!("{}: {e}", config.database.redacted()))?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let applied = conn.run_migrations().map_err(|e| e.to_string())?;
    for m in applied {
        tracing::info!(migration = %m, "applied migration");
    }
    // Closed months' stored figures in step with the reports' states (a no-op unless
    // data was written around the use cases, as the scale generator does).
    conn.write_tx(service::frozen::settle_all)
        .map_err(|e| format!("storing the closed months' figures: {e}"))?;
    Ok(pool)
}

pub fn app_state(config: &Config, pool: DbPool) -> Result<AppState, String> {
    Ok(AppState {
        pool,
        pool_health: Default::default(),
        tokens: config.token_keys()?,
        lockout: config.lockout,
        hashing: api::state::HashingSlots::per_core(),
        login_limit: api::state::LoginLimiter::per_minute(config.login_per_address_per_minute),
        sessions: config.sessions,
        secure_cookies: config.secure_cookies,
        max_json_bytes: config.max_json_bytes,
        max_upload_bytes: config.max_upload_bytes,
        actors: api::actors::ActorCache::watching(config.database.clone())
            .map_err(|e| format!("cannot start the directory watcher: {e}"))?,
    })
}
