//! The OpenAPI document and a self-contained HTML page describing it (no CDN, works
//! offline).

use std::fmt::Write;

use actix_web::{web, HttpResponse};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{OpenApi, RefOr};

/// Corrections to the generated document that utoipa's per-endpoint attributes cannot
/// say once: every `Problem` response is served as `application/problem+json`
/// (RFC 9457), which the attributes would otherwise document as `application/json`.
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
