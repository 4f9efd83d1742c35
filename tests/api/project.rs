//! Project settings: everyone reads, the owner's admins change them.

use serde_json::json;

use crate::both_backends;
use crate::harness::{assert_problem, error_fields, TestApp};

async fn everyone_reads_the_seeded_project(app: TestApp) {
    let token = app.token("molndal.economist@plugin.example");
    let res = app.get("/api/v1/project", &token).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["name"], "Plug In");
    assert_eq!(res.body["esf_case_number"], "2011-3010123");
    assert_eq!(res.body["support_rate_percent"], "50");
    assert_eq!(res.body["approved_esf_budget"], "97000000.00");
    assert_eq!(res.body["total_budget"], "200000000.00");
    assert_eq!(res.body["start_date"], "2012-01-01");
    assert_eq!(res.body["end_date"], "2015-06-30");
    assert_eq!(res.body["indirect_base"], "staff");
    assert_eq!(res.body["distribution_key"], "total_eligible");
}

async fn admin_changes_settings_exactly(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let current = app.get("/api/v1/project", &admin).await.body;
    let mut input = current.clone();
    input.as_object_mut().unwrap().remove("updated_at");
    input["indirect_rate_percent"] = json!("15");
    input["support_rate_percent"] = json!("38.4615");
    input["approved_esf_budget"] = json!("97123456.78");
    input["indirect_base"] = json!("direct");
    let res = app.put("/api/v1/project", &admin, input.clone()).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["indirect_rate_percent"], "15");
    assert_eq!(res.body["support_rate_percent"], "38.4615");
    assert_eq!(res.body["approved_esf_budget"], "97123456.78");
    assert_eq!(res.body["version"], 2);
    // The same version again is stale.
    assert_problem(&app.put("/api/v1/project", &admin, input).await, 409);
}

async fn bad_settings_change_nothing(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let current = app.get("/api/v1/project", &admin).await.body;
    let mut input = current.clone();
    input.as_object_mut().unwrap().remove("updated_at");
    let before = app.get("/api/v1/project", &admin).await.text;

    let mut bad = input.clone();
    bad["approved_esf_budget"] = json!("1.005");
    bad["support_rate_percent"] = json!("120");
    bad["end_date"] = json!("2011-12-31");
    bad["esf_case_number"] = json!("abc");
    let res = app.put("/api/v1/project", &admin, bad).await;
    assert_problem(&res, 422);
    let mut fields = error_fields(&res);
    fields.sort();
    assert_eq!(
        fields,
        vec![
            "approved_esf_budget",
            "end_date",
            "esf_case_number",
            "support_rate_percent"
        ]
    );

    let mut float = input.clone();
    float["total_budget"] = json!(200000000.1);
    assert_problem(&app.put("/api/v1/project", &admin, float).await, 400);
    let mut date = input.clone();
    date["start_date"] = json!("2012-02-30");
    assert_problem(&app.put("/api/v1/project", &admin, date).await, 400);
    let mut huge = input.clone();
    huge["total_budget"] = json!("999999999999999999999");
    assert_problem(&app.put("/api/v1/project", &admin, huge).await, 422);
    let mut no_version = input.clone();
    no_version.as_object_mut().unwrap().remove("version");
    assert_problem(&app.put("/api/v1/project", &admin, no_version).await, 422);

    assert_eq!(app.get("/api/v1/project", &admin).await.text, before);
}

both_backends!(
    everyone_reads_the_seeded_project,
    admin_changes_settings_exactly,
    bad_settings_change_nothing
);
