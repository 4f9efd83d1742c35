//! The web application (issue 14): Swedish pages rendered on the server from askama
//! templates, on the same use cases, `Actor` and gate as the API. Every action works as a
//! plain form (post, redirect, get); htmx only makes some of them partial updates.
//!
//! Data flows one way: a page handler reads the session into an `Actor`, calls `service`,
//! and renders the view it gets; templates format, they decide nothing.

pub mod assets;
pub mod format;
pub mod forms;
pub mod messages;
mod pages;
mod session;

use std::sync::LazyLock;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse, ResponseError};
use askama::Template;

use crate::error::AppError;

/// The static files, hashed once.
pub static ASSETS: LazyLock<assets::Assets> = LazyLock::new(assets::Assets::new);

/// The page routes, at `/` beside the API's `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(pages::home::board))
        .route("/logga-in", web::get().to(pages::login::form))
        .route("/logga-in", web::post().to(pages::login::submit))
        .route("/logga-ut", web::post().to(pages::login::logout))
        .route("/logg", web::get().to(pages::log::show))
        .route("/personal", web::get().to(pages::staff::list))
        .route("/personal/ny", web::get().to(pages::staff::new_member_form))
        .route("/personal/ny", web::post().to(pages::staff::add_member))
        .route("/personal/{id}", web::get().to(pages::staff::member))
        .route(
            "/personal/{id}/lon",
            web::get().to(pages::staff::salary_form),
        )
        .route(
            "/personal/{id}/lon",
            web::post().to(pages::staff::add_salary),
        )
        .route("/tidrapporter", web::get().to(pages::timesheets::list))
        .route(
            "/tidrapporter/{staff}/{month}",
            web::get().to(pages::timesheets::show),
        )
        .route(
            "/tidrapporter/{staff}/{month}",
            web::post().to(pages::timesheets::save),
        )
        // signera, attestera, ta-bort
        .route(
            "/tidrapporter/{staff}/{month}/{step}",
            web::post().to(pages::timesheets::act),
        )
        .route("/attestera", web::get().to(pages::timesheets::queue))
        .route(
            "/manad/{org}/{month}/ny/{kind}",
            web::get().to(pages::entries::new_form),
        )
        .route(
            "/manad/{org}/{month}/ny/{kind}",
            web::post().to(pages::entries::create),
        )
        .route(
            "/manad/{org}/{month}/post/{kind}/{id}",
            web::get().to(pages::entries::edit_form),
        )
        .route(
            "/manad/{org}/{month}/post/{kind}/{id}",
            web::post().to(pages::entries::update),
        )
        .route(
            "/manad/{org}/{month}/post/{kind}/{id}/ta-bort",
            web::post().to(pages::entries::delete),
        )
        .route(
            "/manad/{org}/{month}/ratta/{kind}/{id}",
            web::get().to(pages::entries::edit_form),
        )
        .route(
            "/manad/{org}/{month}/ratta/{kind}/{id}",
            web::post().to(pages::entries::correct),
        )
        .route("/excel", web::get().to(pages::uploads::show))
        .route("/excel", web::post().to(pages::uploads::upload))
        .route(
            "/excel/mall/{kind}",
            web::get().to(pages::uploads::template),
        )
        .route("/excel/{id}", web::get().to(pages::uploads::result))
        .route("/losenord", web::get().to(pages::password::form))
        .route("/losenord", web::post().to(pages::password::submit))
        .route("/manad/{org}/{month}", web::get().to(pages::month::show))
        // skicka-in, godkann, skicka-tillbaka
        .route(
            "/manad/{org}/{month}/{step}",
            web::post().to(pages::month::act),
        )
        .route(
            "/manad/{org}/{month}/arbetsbok",
            web::get().to(pages::month::workbook),
        )
        .route("/static/{name}", web::get().to(static_file));
}

async fn static_file(req: actix_web::HttpRequest) -> HttpResponse {
    match ASSETS.find(req.path()) {
        Some(a) => HttpResponse::Ok()
            .content_type(a.content_type)
            .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
            .body(a.bytes),
        None => HttpResponse::NotFound().finish(),
    }
}

/// The policy every page is sent with: scripts and styles only from this site (no inline
/// script or style), no framing, no referrer, and no caching of pages (they hold
/// personal data). The API's responses are left as they are.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let page = !req.path().starts_with("/api/");
    let asset = req.path().starts_with("/static/");
    let mut res = next.call(req).await?;
    if page {
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                 connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        );
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        if !asset {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }
    Ok(res)
}

/// How a page request fails.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No live session: to the login page.
    #[error("login needed")]
    Login,
    /// A form without this session's CSRF token.
    #[error("form token missing or wrong")]
    Csrf,
    #[error(transparent)]
    App(#[from] AppError),
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    css: &'a str,
    heading: &'a str,
    text: String,
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            WebError::Login => StatusCode::SEE_OTHER,
            WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::App(e) => e.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (heading, text) = match self {
            WebError::Login => {
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, "/logga-in"))
                    .finish()
            }
            WebError::Csrf => (
                "Formuläret gick inte att skicka",
                "Formuläret var för gammalt eller kom inte från den här sidan. Gå tillbaka, ladda om sidan och försök igen. Inget har ändrats.".to_string(),
            ),
            WebError::App(e) => match e {
                AppError::NotFound(_) => ("Sidan finns inte", "Det du söker finns inte, eller så hör det inte till din del av projektet.".to_string()),
                AppError::Forbidden(_) => ("Det får du inte göra", "Din roll ger inte rätt till det här.".to_string()),
                AppError::StorageUnavailable { .. } | AppError::Unavailable(_) => (
                    "Tjänsten är inte tillgänglig just nu",
                    "Försök igen om en stund. Inget har ändrats.".to_string(),
                ),
                _ if e.status_code().is_server_error() => (
                    "Något gick fel",
                    "Ett fel uppstod hos oss. Försök igen; om det händer igen, kontakta supporten och ange tiden.".to_string(),
                ),
                AppError::Conflict { detail, .. } => ("Det gick inte", messages::swedish(detail)),
                AppError::Validation(v) => (
                    "Det gick inte",
                    v.0.iter()
                        .map(|f| messages::swedish(&f.message))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                AppError::StaleVersion(_) => (
                    "Någon annan hann före",
                    "Det du ändrade hade just ändrats av någon annan. Gå tillbaka, ladda om sidan och försök igen.".to_string(),
                ),
                other => ("Det gick inte", other.to_string()),
            },
        };
        if let WebError::App(e) = self {
            if e.status_code().is_server_error() {
                tracing::error!(error = %e, "page failed");
            }
        }
        let page = ErrorPage {
            css: &ASSETS.css.url,
            heading,
            text,
        };
        match page.render() {
            Ok(html) => HttpResponse::build(self.status_code())
                .content_type("text/html; charset=utf-8")
                .body(html),
            Err(_) => HttpResponse::build(self.status_code()).finish(),
        }
    }
}

/// A rendered page, or the failure to render it.
pub fn html(t: &impl Template) -> Result<HttpResponse, WebError> {
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(render(t)?))
}

pub fn render(t: &impl Template) -> Result<String, WebError> {
    t.render().map_err(|e| {
        WebError::App(AppError::Failure {
            context: "cannot render the page",
            source: Box::new(e),
        })
    })
}
