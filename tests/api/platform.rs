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
    // Swagger UI, vendored and served from here, started by our own script file.
    let csp = res
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe"),
        "{csp}"
    );
    let mut urls = Vec::new();
    for marker in ["href=\"/static/", "src=\"/static/"] {
        for (at, _) in res.text.match_indices(marker) {
            let rest = &res.text[at + marker.len() - "/static/".len()..];
            urls.push(rest[..rest.find('"').unwrap()].to_string());
        }
    }
    assert_eq!(urls.len(), 3, "{}", res.text);
    assert!(urls
        .iter()
        .any(|u| u.starts_with("/static/swagger-ui-bundle-5.35.0.")));
    for url in &urls {
        let asset = app.request(Method::GET, url, None, None).await;
        assert_eq!(asset.status, 200, "{url}");
        assert!(asset.content_type().starts_with("text/"), "{url}");
    }
    assert!(!res.text.contains("<script>") && !res.text.contains("<style"));
    assert!(!res.text.contains(" style="));

    // What the viewer shows: every operation summarised, every parameter typed, every
    // workbook with its media type.
    let doc = app
        .request(Method::GET, "/api/v1/openapi.json", None, None)
        .await
        .body;
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let summary = op["summary"].as_str().unwrap_or("");
            assert!(!summary.is_empty(), "{method} {path} has no summary");
            assert!(
                !op["tags"].as_array().is_none_or(Vec::is_empty),
                "{method} {path} has no tag"
            );
            for p in op["parameters"].as_array().into_iter().flatten() {
                assert!(
                    p["schema"].is_object(),
                    "{method} {path}: parameter {} has no type",
                    p["name"]
                );
            }
            if path.ends_with("/export") || path.starts_with("/api/v1/templates/") {
                assert!(
                    op["responses"]["200"]["content"]
                        .get("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                        .is_some(),
                    "{method} {path} does not name its media type"
                );
            }
        }
    }
    assert!(operations > 100, "{operations}");
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

/// Issue 17: a pooled connection is not pinged on every checkout, only after it lay
/// idle. When PostgreSQL drops every connection (a restart, an administrator), each
/// pooled one fails at most one request, with 503, and is then replaced: the service
/// answers again without a restart of its own.
#[actix_web::test]
async fn dropped_connections_are_replaced() {
    let Some(app) = TestApp::new(esf_ledger::store::Backend::Postgres).await else {
        return;
    };
    let token = app.token("skl.manager@plugin.example");
    let path = "/api/v1/organisations?limit=5";
    for _ in 0..8 {
        assert_eq!(app.get(path, &token).await.status, 200);
    }
    #[derive(diesel::QueryableByName)]
    struct Dropped {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let dropped = diesel::RunQueryDsl::get_result::<Dropped>(
        diesel::sql_query(
            "SELECT CAST(COUNT(pg_terminate_backend(pid)) AS BIGINT) AS n FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        ),
        // A connection of its own, so every pooled one is dropped.
        &mut esf_ledger::store::db::Manager::connect_once(
            &esf_ledger::store::DatabaseTarget::parse(&app.database_url()),
        )
        .expect("connect"),
    )
    .expect("terminate")
    .n;
    assert!(dropped >= 1, "{dropped}");
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let res = app.get(path, &token).await;
        if res.status != 200 {
            assert_problem(&res, 503);
        }
        statuses.push(res.status.as_u16());
    }
    let failed = statuses.iter().filter(|s| **s != 200).count();
    // At most one failure per connection of the pool (4 in tests), then only 200s.
    assert!(failed <= 4, "{statuses:?}");
    assert!(statuses[8..].iter().all(|s| *s == 200), "{statuses:?}");
}
