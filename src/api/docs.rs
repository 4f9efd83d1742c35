//! The OpenAPI document and a self-contained HTML page describing it (no CDN, works
//! offline).

use std::fmt::Write;

use actix_web::{web, HttpResponse};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{OpenApi, RefOr};

/// Corrections to the generated document that utoipa's per-endpoint attributes cannot
/// say once: every `Problem` response is served as `application/problem+json`
/// (RFC 9457), which the attributes would otherwise document as `application/json`;
/// and the answers every operation of a kind can give, whatever its handler (see
/// `common_problems`), are documented on each.
pub fn finish(mut doc: OpenApi) -> OpenApi {
    const PROBLEM: &str = "#/components/schemas/Problem";
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            binary_workbook_bodies(op);
            for (status, description) in common_problems(op) {
                op.responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| problem_response(description));
            }
            for response in op.responses.responses.values_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                let is_problem = matches!(
                    response.content.get("application/json").and_then(|c| c.schema.as_ref()),
                    Some(RefOr::Ref(r)) if r.ref_location == PROBLEM
                );
                if is_problem {
                    if let Some(content) = response.content.shift_remove("application/json") {
                        response
                            .content
                            .insert("application/problem+json".to_string(), content);
                    }
                }
            }
        }
    }
    doc
}

/// The problem answers that follow from what an operation takes, not from its rules:
/// unreadable parameters or body (400), no or a bad token (401, unless the operation is
/// public), a body of the wrong kind or too large (415, 413), a broken rule in the
/// parameters or body (422), and a database that cannot serve (503).
fn common_problems(op: &Operation) -> Vec<(u16, &'static str)> {
    let has_params = op.parameters.as_ref().is_some_and(|p| !p.is_empty());
    let has_query = op
        .parameters
        .as_ref()
        .is_some_and(|p| p.iter().any(|p| p.parameter_in == ParameterIn::Query));
    let has_body = op.request_body.is_some();
    let public = op
        .security
        .as_ref()
        .is_some_and(|s| s.iter().all(|r| *r == Default::default()));
    let mut out = Vec::new();
    if has_params || has_body {
        out.push((400, "The parameters or the body cannot be read"));
    }
    if has_query || has_body {
        out.push((422, "A rule is broken; every broken rule is listed"));
    }
    if !public {
        out.push((401, "No valid bearer token"));
    }
    if has_body {
        out.push((413, "The body is too large"));
        out.push((415, "The body is not of the documented content type"));
    }
    out.push((
        503,
        "The database cannot serve the request now; nothing was changed",
    ));
    out
}

/// A workbook upload is the file's bytes: `string` / `binary`, not an array of integers
/// (what utoipa makes of the handler's `Vec<u8>`).
fn binary_workbook_bodies(op: &mut Operation) {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
    let Some(body) = op.request_body.as_mut() else {
        return;
    };
    if let Some(content) = body.content.get_mut(crate::excel::XLSX_CONTENT_TYPE) {
        content.schema = Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
                .into(),
        );
    }
}

fn problem_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .into()
}

pub async fn openapi_json(doc: web::Data<OpenApi>) -> HttpResponse {
    HttpResponse::Ok().json(doc.get_ref())
}

pub async fn docs_page(doc: web::Data<OpenApi>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(render(doc.get_ref()))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn ref_name(r: &RefOr<utoipa::openapi::schema::Schema>) -> String {
    match r {
        RefOr::Ref(r) => r.ref_location.rsplit('/').next().unwrap_or("").to_string(),
        RefOr::T(_) => "inline".to_string(),
    }
}

fn operations(item: &utoipa::openapi::PathItem) -> Vec<(&'static str, &Operation)> {
    [
        ("GET", &item.get),
        ("POST", &item.post),
        ("PUT", &item.put),
        ("PATCH", &item.patch),
        ("DELETE", &item.delete),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
    .collect()
}

/// Renders every path, operation, parameter, body and response, and every schema.
pub fn render(doc: &OpenApi) -> String {
    let mut h = String::new();
    let title = esc(&doc.info.title);
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} API</title>\
         <style>body{{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em}}\
         .op{{border:1px solid #ccc;border-radius:4px;margin:1em 0;padding:.5em 1em}}\
         .m{{font-weight:bold;display:inline-block;min-width:4.5em}}code,pre{{background:#f4f4f4}}\
         pre{{padding:.5em;overflow:auto}}</style></head><body><h1>{title} API {}</h1><p>{}</p>\
         <p>Machine-readable: <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a>. \
         Authenticate with <code>POST /api/v1/auth/login</code> and send \
         <code>Authorization: Bearer &lt;token&gt;</code>.</p>",
        esc(&doc.info.version),
        esc(doc.info.description.as_deref().unwrap_or(""))
    );
    h.push_str("<h2>Endpoints</h2>");
    for (path, item) in &doc.paths.paths {
        for (method, op) in operations(item) {
            let _ = write!(
                h,
                "<div class=\"op\"><span class=\"m\">{method}</span> <code>{}</code>",
                esc(path)
            );
            if let Some(s) = &op.summary {
                let _ = write!(h, "<p><b>{}</b></p>", esc(s));
            }
            if let Some(d) = &op.description {
                let _ = write!(h, "<p>{}</p>", esc(d));
            }
            if let Some(params) = &op.parameters {
                h.push_str("<p>Parameters:</p><ul>");
                for p in params {
                    let place = match p.parameter_in {
                        ParameterIn::Path => "path",
                        ParameterIn::Query => "query",
                        ParameterIn::Header => "header",
                        ParameterIn::Cookie => "cookie",
                    };
                    let _ = write!(
                        h,
                        "<li><code>{}</code> ({place}) {}</li>",
                        esc(&p.name),
                        esc(p.description.as_deref().unwrap_or(""))
                    );
                }
                h.push_str("</ul>");
            }
            if let Some(body) = &op.request_body {
                for (ct, content) in &body.content {
                    let _ = write!(
                        h,
                        "<p>Body ({}): <a href=\"#schema-{n}\">{n}</a></p>",
                        esc(ct),
                        n = esc(&ref_name(&content.schema.clone().unwrap_or_default()))
                    );
                }
            }
            h.push_str("<p>Responses:</p><ul>");
            for (status, resp) in &op.responses.responses {
                let body = match resp {
                    RefOr::T(r) => r
                        .content
                        .values()
                        .next()
                        .and_then(|c| c.schema.as_ref())
                        .map(ref_name)
                        .unwrap_or_default(),
                    RefOr::Ref(_) => String::new(),
                };
                let _ = write!(h, "<li>{} {}</li>", esc(status), esc(&body));
            }
            h.push_str("</ul></div>");
        }
    }
    h.push_str("<h2>Schemas</h2>");
    if let Some(components) = &doc.components {
        for (name, schema) in &components.schemas {
            let json = serde_json::to_string_pretty(schema).unwrap_or_default();
            let _ = write!(
                h,
                "<h3 id=\"schema-{n}\">{n}</h3><pre>{}</pre>",
                esc(&json),
                n = esc(name)
            );
        }
    }
    h.push_str("</body></html>");
    h
}
