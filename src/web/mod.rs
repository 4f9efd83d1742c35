//! The web application (issue 14): Swedish pages rendered on the server from askama
//! templates, on the same use cases, `Actor` and gate as the API. Every action works as a
//! plain form (post, redirect, get); htmx only makes some of them partial updates.
//!
//! Data flows one way: a page handler reads the session into an `Actor`, calls `service`,
//! and renders the view it gets; templates format, they decide nothing.

pub mod assets;
mod chart;
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

/// A page's resource: its extractors answer a form, query or path they can't read with
/// a Swedish page (the API's answer problem+json, set on the app).
fn page(path: &str) -> actix_web::Resource {
    use actix_web::error::InternalError;
    let page_error = |e: WebError| e.error_response();
    web::resource(path)
        .app_data(web::FormConfig::default().error_handler(move |err, _| {
            InternalError::from_response(err, page_error(WebError::Unreadable)).into()
        }))
        .app_data(web::QueryConfig::default().error_handler(move |err, _| {
            InternalError::from_response(err, page_error(WebError::Unreadable)).into()
        }))
        .app_data(web::PathConfig::default().error_handler(move |err, req| {
            InternalError::from_response(
                err,
                page_error(WebError::App(AppError::NotFound(req.path().to_string()))),
            )
            .into()
        }))
}

/// The page routes, at `/` beside the API's `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    use pages::*;
    let get = web::get;
    let post = web::post;
    cfg.service(page("/").route(get().to(home::board)))
        .service(
            page("/logga-in")
                .route(get().to(login::form))
                .route(post().to(login::submit)),
        )
        .service(page("/logga-ut").route(post().to(login::logout)))
        .service(
            page("/losenord")
                .route(get().to(password::form))
                .route(post().to(password::submit)),
        )
        .service(page("/logg").route(get().to(log::show)))
        .service(page("/personal").route(get().to(staff::list)))
        .service(
            page("/personal/ny")
                .route(get().to(staff::new_member_form))
                .route(post().to(staff::add_member)),
        )
        .service(page("/personal/{id}").route(get().to(staff::member)))
        .service(
            page("/personal/{id}/lon")
                .route(get().to(staff::salary_form))
                .route(post().to(staff::add_salary)),
        )
        .service(page("/tidrapporter").route(get().to(timesheets::list)))
        .service(
            page("/tidrapporter/{staff}/{month}")
                .route(get().to(timesheets::show))
                .route(post().to(timesheets::save)),
        )
        // signera, attestera, ta-bort
        .service(page("/tidrapporter/{staff}/{month}/{step}").route(post().to(timesheets::act)))
        .service(page("/attestera").route(get().to(timesheets::queue)))
        .service(page("/admin/anvandare").route(get().to(admin::users)))
        .service(page("/admin/kontroll").route(get().to(admin::verify)))
        .service(page("/admin/organisationer").route(get().to(admin::organisations)))
        .service(
            page("/admin/organisationer/ny")
                .route(get().to(admin::new_organisation))
                .route(post().to(admin::create_organisation)),
        )
        .service(
            page("/admin/organisationer/{id}")
                .route(get().to(admin::organisation))
                .route(post().to(admin::update_organisation)),
        )
        .service(
            page("/admin/anvandare/ny")
                .route(get().to(admin::new_user))
                .route(post().to(admin::create_user)),
        )
        .service(page("/admin/anvandare/{id}").route(get().to(admin::user)))
        // stang-av, aktivera, las-upp, losenord
        .service(page("/admin/anvandare/{id}/{step}").route(post().to(admin::act)))
        .service(
            page("/ansokningar")
                .route(get().to(claims::overview))
                .route(post().to(claims::draft)),
        )
        .service(page("/ansokningar/{id}").route(get().to(claims::show)))
        .service(page("/ansokningar/{id}/rader").route(get().to(claims::lines)))
        .service(page("/ansokningar/{id}/arbetsbok").route(get().to(claims::workbook)))
        .service(page("/ansokningar/{id}/omrakna").route(post().to(claims::recompute)))
        .service(
            page("/ansokningar/{id}/utfarda")
                .route(get().to(claims::confirm_issue))
                .route(post().to(claims::issue)),
        )
        .service(
            page("/ansokningar/{id}/utbetalning")
                .route(get().to(payments::payment_page))
                .route(post().to(payments::record)),
        )
        .service(page("/utbetalningar").route(get().to(payments::list)))
        .service(page("/utbetalningar/{id}").route(get().to(payments::distribution)))
        .service(page("/utbetalningar/{id}/besked").route(get().to(payments::statement)))
        .service(
            page("/utbetalningar/{id}/besked/arbetsbok")
                .route(get().to(payments::statement_workbook)),
        )
        .service(
            page("/admin/projekt")
                .route(get().to(settings::project_page))
                .route(post().to(settings::save_project)),
        )
        .service(page("/admin/arbetsgivaravgifter").route(get().to(settings::social_fee_table)))
        .service(
            page("/admin/arbetsgivaravgifter/ny")
                .route(get().to(settings::fee_page))
                .route(post().to(settings::save_fee)),
        )
        .service(page("/statistik").route(get().to(statistics::show)))
        .service(page("/budget").route(get().to(budget::follow_up)))
        .service(page("/budget/arbetsbok").route(get().to(budget::follow_up_workbook)))
        .service(page("/budget/rader").route(get().to(budget::lines)))
        .service(
            page("/budget/rader/ny")
                .route(get().to(budget::line_page))
                .route(post().to(budget::set_line)),
        )
        .service(page("/statistik/arbetsbok").route(get().to(statistics::workbook)))
        .service(page("/scb").route(get().to(scb::show)))
        .service(page("/scb/{month}/fil").route(get().to(scb::file)))
        .service(page("/deltagare").route(get().to(participants::list)))
        .service(
            page("/deltagare/verkstader")
                .route(get().to(participants::workshops))
                .route(post().to(participants::add_workshop)),
        )
        .service(
            page("/deltagare/ny")
                .route(get().to(participants::new_form))
                .route(post().to(participants::enrol)),
        )
        .service(page("/deltagare/{id}").route(get().to(participants::show)))
        .service(
            page("/deltagare/{id}/avslut")
                .route(get().to(participants::exit_page))
                .route(post().to(participants::exit)),
        )
        .service(
            page("/narvaro")
                .route(get().to(participants::attendance))
                .route(post().to(participants::save_attendance)),
        )
        .service(page("/ersattning").route(get().to(participants::compensation)))
        .service(
            page("/ersattning/ny")
                .route(get().to(participants::new_compensation))
                .route(post().to(participants::add_compensation)),
        )
        .service(page("/ersattning/{id}/bekrafta").route(post().to(participants::confirm)))
        .service(
            page("/excel")
                .route(get().to(uploads::show))
                .route(post().to(uploads::upload)),
        )
        .service(page("/excel/mall/{kind}").route(get().to(uploads::template)))
        .service(page("/excel/{id}").route(get().to(uploads::result)))
        .service(page("/manad/{org}/{month}").route(get().to(month::show)))
        .service(page("/manad/{org}/{month}/arbetsbok").route(get().to(month::workbook)))
        // skicka-in, godkann, skicka-tillbaka
        .service(page("/manad/{org}/{month}/{step}").route(post().to(month::act)))
        .service(
            page("/manad/{org}/{month}/ny/{kind}")
                .route(get().to(entries::new_form))
                .route(post().to(entries::create)),
        )
        .service(
            page("/manad/{org}/{month}/post/{kind}/{id}")
                .route(get().to(entries::edit_form))
                .route(post().to(entries::update)),
        )
        .service(
            page("/manad/{org}/{month}/post/{kind}/{id}/ta-bort").route(post().to(entries::delete)),
        )
        .service(
            page("/manad/{org}/{month}/ratta/{kind}/{id}")
                .route(get().to(entries::edit_form))
                .route(post().to(entries::correct)),
        )
        .route("/static/{name}", web::get().to(static_file));
}

/// The API's docs (`/api/v1/docs`): Swagger UI, vendored and served from here, reading
/// `/api/v1/openapi.json`. Its own strict CSP: scripts and styles only from this origin
/// (Swagger UI sets styles through the DOM, which a CSP allows), images also as data
/// URLs (its stylesheet's icons).
pub async fn api_docs() -> HttpResponse {
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>esf-ledger API</title>\n<link rel=\"stylesheet\" href=\"{css}\">\n\
         <script src=\"{bundle}\" defer></script>\n<script src=\"{init}\" defer></script>\n\
         </head>\n<body>\n<noscript><p>These docs need JavaScript. The OpenAPI document itself is at \
         <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a>.</p></noscript>\n\
         <div id=\"swagger-ui\"></div>\n</body>\n</html>\n",
        css = ASSETS.swagger_css.url,
        bundle = ASSETS.swagger_js.url,
        init = ASSETS.api_docs_js.url,
    );
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; font-src 'self'; form-action 'none'; frame-ancestors 'none'; \
             base-uri 'none'",
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .body(page)
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
    /// A form or an address that can't be read at all (a forged or broken request).
    #[error("the form or address cannot be read")]
    Unreadable,
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
            WebError::Unreadable => StatusCode::BAD_REQUEST,
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
            WebError::Unreadable => (
                "Formuläret gick inte att läsa",
                "Det som skickades saknade uppgifter eller hade fel form. Gå tillbaka, ladda om sidan och försök igen. Inget har ändrats.".to_string(),
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

/// A rendered page with `status` (a form sent back with its errors, a conflict).
pub fn respond(status: StatusCode, t: &impl Template) -> Result<HttpResponse, WebError> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(render(t)?))
}

/// After a form that did what it asked: on to the page that shows it (post, redirect, get).
pub fn see_other(to: String) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .finish()
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
