//! The OpenAPI document as JSON (the docs page is Swagger UI, served by `web::api_docs`).

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
