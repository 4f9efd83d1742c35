//! Health, readiness, the OpenAPI document, the docs page, request ids, unknown routes,
//! and authentication on every documented endpoint.

use actix_web::http::Method;

use crate::both_backends;
use crate::harness::{assert_problem, TestApp};

async fn health_and_readiness(app: TestApp) {
    let h = app.request(Method::GET, "/healthz", None, None).await;
    assert_eq!(h.status, 200);
    assert_eq!(h.body["status"], "ok");
    let r = app.request(Method::GET, "/readyz", None, None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["status"], "ready");
    assert!(r.headers.contains_key("x-request-id"));
}

async fn every_documented_endpoint_requires_a_token(app: TestApp) {
    let doc = app
        .request(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(doc.status, 200);
    assert_eq!(doc.body["openapi"], "3.1.0");
    // Errors are documented as what they are served as.
    let unauthorized = &doc.body["paths"]["/api/v1/staff"]["get"]["responses"]["401"]["content"];
    assert!(
        unauthorized["application/problem+json"]["schema"]["$ref"].is_string(),
        "{unauthorized}"
    );
    assert!(unauthorized["application/json"].is_null(), "{unauthorized}");
    let paths = doc.body["paths"].as_object().unwrap();
    let mut checked = 0;
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let public = op["security"].as_array().is_some_and(|s| {
                s.iter()
                    .any(|r| r.as_object().is_some_and(|o| o.is_empty()))
            });
            let concrete = path.replace("{id}", "1");
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let body =
                matches!(method.as_str(), "post" | "put" | "patch").then(|| serde_json::json!({}));
            let res = app.request(m, &concrete, None, body).await;
            if public {
                assert_eq!(path, "/api/v1/auth/login");
                assert_ne!(res.status, 401);
            } else {
                assert_problem(&res, 401);
                checked += 1;
            }
        }
    }
    assert!(checked >= 14, "only {checked} endpoints checked");
}

async fn docs_page_works_offline(app: TestApp) {
    let res = app.request(Method::GET, "/api/v1/docs", None, None).await;
    assert_eq!(res.status, 200);
    assert!(res.content_type().starts_with("text/html"));
    assert!(
        !res.text.contains("http://") && !res.text.contains("https://"),
        "the page must not load anything from the network"
    );
    for path in [
        "/api/v1/organisations/{id}",
        "/api/v1/auth/login",
        "/api/v1/project",
        "/api/v1/users/me",
    ] {
        assert!(res.text.contains(path), "{path} missing from the docs page");
    }
    assert!(res.text.contains("id=\"schema-Organisation\""));
}

async fn unknown_routes_are_problems(app: TestApp) {
    let res = app
        .request(Method::GET, "/api/v1/nothing-here", None, None)
        .await;
    assert_problem(&res, 404);
    // Outside the API a person reads a page: the web application's.
    let res = app.request(Method::GET, "/nothing-here", None, None).await;
    assert_eq!(res.status, 404);
    assert!(
        res.content_type().starts_with("text/html"),
        "{}",
        res.content_type()
    );
    assert!(res.text.contains("Sidan finns inte"), "{}", res.text);
}

async fn request_ids_are_kept_or_made(app: TestApp) {
    let req = actix_web::test::TestRequest::get()
        .uri("/healthz")
        .insert_header(("x-request-id", "abc-123"))
        .to_request();
    let res = app.send(req).await;
    assert_eq!(res.headers.get("x-request-id").unwrap(), "abc-123");
    let req = actix_web::test::TestRequest::get()
        .uri("/healthz")
        .insert_header(("x-request-id", "bad id\twith spaces"))
        .to_request();
    let res = app.send(req).await;
    assert_ne!(
        res.headers.get("x-request-id").unwrap(),
        "bad id\twith spaces"
    );
}

both_backends!(
    health_and_readiness,
    every_documented_endpoint_requires_a_token,
    docs_page_works_offline,
    unknown_routes_are_problems,
    request_ids_are_kept_or_made
);
