//! Budget lines over HTTP: the owner's admins set them, everyone reads within scope,
//! bad input changes nothing.

use serde_json::json;

use crate::both_backends;
use crate::harness::{assert_problem, error_fields};

both_backends! {
    async fn admins_set_budget_lines_and_everyone_reads_their_part(app: TestApp) {
        let admin = app.token("skl.admin@plugin.example");
        let molndal = app.org_id("1481");
        let res = app.put("/api/v1/budgets", &admin, json!({ "organisation_id": molndal, "year": 2013, "category": "staff", "amount": "250000.50" })).await;
        assert_eq!(res.status, 200, "{}", res.text);
        assert_eq!(res.body["amount"], "250000.50");
        assert_eq!(res.body["version"], 1);
        app.put("/api/v1/budgets", &admin, json!({ "organisation_id": molndal, "year": 2013, "category": "in_kind", "amount": "100000" })).await;
        app.put("/api/v1/budgets", &admin, json!({ "organisation_id": app.org_id("1402"), "year": 2013, "category": "staff", "amount": "1" })).await;
        let res = app.put("/api/v1/budgets", &admin, json!({ "organisation_id": molndal, "year": 2013, "category": "staff", "amount": "260000", "version": 1 })).await;
        assert_eq!(res.body["version"], 2, "{}", res.text);

        let gr = app.get(&format!("/api/v1/budgets?organisation_id={}&year=2013", app.org_id("GR")), &app.token("gr.manager@plugin.example")).await;
        assert_eq!(gr.body.as_array().unwrap().len(), 3, "{}", gr.text);
        let own = app.get("/api/v1/budgets", &app.token("molndal.economist@plugin.example")).await;
        assert_eq!(own.body.as_array().unwrap().len(), 2);
        let staff = own.body.as_array().unwrap().iter().find(|l| l["category"] == "staff").unwrap();
        assert_eq!(staff["amount"], "260000.00");

        let before = (app.snapshot(), app.count("budget_lines"));
        for (token, body, status, field) in [
            (&admin, json!({ "organisation_id": molndal, "year": 2013, "category": "travel", "amount": "-1" }), 422, "amount"),
            (&admin, json!({ "organisation_id": molndal, "year": 2013, "category": "travel", "amount": "1.001" }), 422, "amount"),
            (&admin, json!({ "organisation_id": molndal, "year": 2011, "category": "travel", "amount": "1" }), 422, "year"),
            (&admin, json!({ "organisation_id": molndal, "year": 2013, "category": "coffee", "amount": "1" }), 400, "category"),
            (&admin, json!({ "organisation_id": molndal, "year": 2013, "category": "staff", "amount": "1" }), 409, "version"),
            (&admin, json!({ "organisation_id": molndal, "year": 2013, "category": "staff", "amount": "1", "version": 1 }), 409, ""),
            (&admin, json!({ "organisation_id": 999999, "year": 2013, "category": "staff", "amount": "1" }), 422, "organisation_id"),
        ] {
            let res = app.put("/api/v1/budgets", token, body.clone()).await;
            assert_problem(&res, status);
            if !field.is_empty() {
                assert!(error_fields(&res).iter().any(|f| f == field), "{body}: {}", res.text);
            }
        }
        for email in ["skl.manager@plugin.example", "gr.manager@plugin.example", "molndal.economist@plugin.example"] {
            let res = app.put("/api/v1/budgets", &app.token(email), json!({ "organisation_id": molndal, "year": 2013, "category": "travel", "amount": "1" })).await;
            assert_problem(&res, 403);
        }
        assert_eq!((app.snapshot(), app.count("budget_lines")), before);
        assert_problem(&app.get(&format!("/api/v1/budgets?organisation_id={molndal}"), &app.token("partille.economist@plugin.example")).await, 403);
    }
}
