//! Premises, other costs and cash co-financing over HTTP, in the monthly report,
//! with adjustments and every bad input.

use serde_json::{json, Value};

use crate::both_backends;
use crate::harness::{assert_problem, error_fields, TestApp};

fn premises(org: i64, month: &str) -> Value {
    json!({ "organisation_id": org, "month": month, "description": "Metodverkstan, Kvarnbygatan",
            "monthly_cost": "12000", "share_percent": "40", "financing": "cash" })
}

async fn problem_bodies_name_every_broken_rule(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let res = app
        .post(
            "/api/v1/premises",
            &e,
            json!({ "organisation_id": org, "month": "2013-03", "description": "",
                    "monthly_cost": "12000.005", "share_percent": "140", "financing": "cash" }),
        )
        .await;
    assert_problem(&res, 422);
    insta::assert_json_snapshot!("premises_problem", res.body);
    let res = app
        .post(
            "/api/v1/premises",
            &e,
            json!({ "organisation_id": org, "month": "2013-3" }),
        )
        .await;
    assert_problem(&res, 400);
    insta::assert_json_snapshot!("premises_unreadable", res.body);
}

fn other(org: i64, date: &str, voucher: &str) -> Value {
    json!({ "organisation_id": org, "date": date, "category": "travel", "amount": "1234.50",
            "supplier": "Västtrafik", "voucher_number": voucher, "description": "Resa till studiebesök" })
}

fn cash(org: i64, month: &str) -> Value {
    json!({ "organisation_id": org, "month": month, "kind": "public_cash", "amount": "5000", "paid_by": "Arbetsförmedlingen" })
}

async fn entries_count_in_the_monthly_report(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let res = app
        .post("/api/v1/premises", &e, premises(org, "2013-03"))
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.body["amount"], "4800.00");
    let res = app.post("/api/v1/premises", &e, json!({ "organisation_id": org, "month": "2013-03",
        "description": "Lokal utan hyra", "area_m2": "85.5", "annual_rent_per_m2": "1450", "share_percent": "100", "financing": "in_kind" })).await;
    assert_eq!(res.body["amount"], "10331.25", "{}", res.text);
    assert_eq!(
        app.post("/api/v1/other-costs", &e, other(org, "2013-03-12", "V-1"))
            .await
            .status,
        201
    );
    let mut materials = other(org, "2013-03-13", "V-2");
    materials["category"] = json!("materials");
    materials["amount"] = json!("99.99");
    assert_eq!(
        app.post("/api/v1/other-costs", &e, materials).await.status,
        201
    );
    assert_eq!(
        app.post("/api/v1/cash-cofinancing", &e, cash(org, "2013-03"))
            .await
            .status,
        201
    );
    let mut owner = cash(org, "2013-03");
    owner["kind"] = json!("owner_cash");
    owner["amount"] = json!("0.01");
    assert_eq!(
        app.post("/api/v1/cash-cofinancing", &e, owner).await.status,
        201
    );

    let report = app
        .get(&format!("/api/v1/monthly-reports/{org}/2013-03"), &e)
        .await;
    let t = &report.body["totals"];
    assert_eq!(t["costs"]["premises"], "4800.00");
    assert_eq!(t["costs"]["travel"], "1234.50");
    assert_eq!(t["costs"]["materials"], "99.99");
    assert_eq!(t["costs"]["services"], "0.00");
    assert_eq!(t["costs"]["total"], "6134.49");
    assert_eq!(t["cofinancing"]["in_kind"], "10331.25");
    assert_eq!(t["cofinancing"]["public_cash"], "5000.00");
    assert_eq!(t["cofinancing"]["owner_cash"], "0.01");
    assert_eq!(t["cofinancing"]["total"], "15331.26");
    assert_eq!(t["eligible_before_indirect"], "16465.74");

    let list = app
        .get(
            &format!("/api/v1/other-costs?organisation_id={org}&month=2013-03"),
            &e,
        )
        .await;
    assert_eq!(list.body["total"], 2);
    assert_eq!(list.body["items"][0]["month"], "2013-03");
    // The GR manager reads them; the Partille economist does not.
    assert_eq!(
        app.get(
            &format!("/api/v1/premises?organisation_id={org}"),
            &app.token("gr.manager@plugin.example")
        )
        .await
        .body["total"],
        2
    );
    assert_problem(
        &app.get(
            &format!("/api/v1/premises?organisation_id={org}"),
            &app.token("partille.economist@plugin.example"),
        )
        .await,
        404,
    );
}

async fn adjustments_correct_frozen_months(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let original = app
        .post("/api/v1/other-costs", &e, other(org, "2013-03-12", "V-10"))
        .await;
    let original_id = original.body["id"].as_i64().unwrap();
    // An adjustment of an entry whose month is still open is refused: change the entry.
    let mut adj = other(org, "2013-04-02", "V-10-K");
    adj["amount"] = json!("-234.50");
    adj["adjustment"] = json!({ "adjusts_id": original_id, "reason": "Fel belopp på fakturan" });
    assert_problem(&app.post("/api/v1/other-costs", &e, adj.clone()).await, 422);
    let res = app
        .post(
            &format!("/api/v1/monthly-reports/{org}/2013-03/submit"),
            &e,
            json!({"version": 0}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    // The month is frozen now: the entry no longer changes...
    let mut changed = other(org, "2013-03-12", "V-10");
    changed["amount"] = json!("1000");
    changed["version"] = json!(1);
    assert_problem(
        &app.put(&format!("/api/v1/other-costs/{original_id}"), &e, changed)
            .await,
        409,
    );
    assert_problem(
        &app.request(
            actix_web::http::Method::DELETE,
            &format!("/api/v1/other-costs/{original_id}?version=1"),
            Some(&e),
            None,
        )
        .await,
        409,
    );
    // ... but an adjustment in an open month corrects it, negative amounts allowed.
    let res = app.post("/api/v1/other-costs", &e, adj).await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.body["adjustment"]["adjusts_id"], original_id);
    let april = app
        .get(&format!("/api/v1/monthly-reports/{org}/2013-04"), &e)
        .await;
    assert_eq!(april.body["totals"]["costs"]["travel"], "-234.50");
    // Without a reason, or for another organisation's entry, it is refused.
    let mut no_reason = other(org, "2013-04-03", "V-10-L");
    no_reason["amount"] = json!("-1");
    no_reason["adjustment"] = json!({ "adjusts_id": original_id, "reason": "" });
    let res = app.post("/api/v1/other-costs", &e, no_reason).await;
    assert_problem(&res, 422);
    assert_eq!(error_fields(&res), vec!["adjustment.reason"]);
    let p = app.token("partille.economist@plugin.example");
    let mut foreign = other(app.org_id("1402"), "2013-04-03", "P-1");
    foreign["amount"] = json!("-1");
    foreign["adjustment"] = json!({ "adjusts_id": original_id, "reason": "x" });
    assert_problem(&app.post("/api/v1/other-costs", &p, foreign).await, 422);
    // Issue 13.4: corrections lower the original (1 234.50, now 1 000.00) to zero,
    // never below, whether created, replaced or deleted.
    let adjust = |voucher: &str, amount: &str| {
        let mut v = other(org, "2013-04-05", voucher);
        v["amount"] = json!(amount);
        v["adjustment"] = json!({ "adjusts_id": original_id, "reason": "Kreditfaktura" });
        v
    };
    let before = app.count("other_costs");
    let res = app
        .post("/api/v1/other-costs", &e, adjust("K-1", "-1000.01"))
        .await;
    assert_problem(&res, 422);
    assert_eq!(error_fields(&res), vec!["amount"]);
    assert!(res.text.contains("below zero"), "{}", res.text);
    assert_eq!(app.count("other_costs"), before);
    let plus = app
        .post("/api/v1/other-costs", &e, adjust("K-2", "500"))
        .await;
    assert_eq!(plus.status, 201, "{}", plus.text);
    let minus = app
        .post("/api/v1/other-costs", &e, adjust("K-3", "-1500"))
        .await;
    assert_eq!(minus.status, 201, "{}", minus.text);
    // Now at exactly zero: the +500 cannot go, nor shrink, and -1500 cannot grow.
    let plus_id = plus.body["id"].as_i64().unwrap();
    assert_problem(
        &app.request(
            actix_web::http::Method::DELETE,
            &format!("/api/v1/other-costs/{plus_id}?version=1"),
            Some(&e),
            None,
        )
        .await,
        422,
    );
    let mut smaller = adjust("K-2", "499.99");
    smaller["version"] = json!(1);
    assert_problem(
        &app.put(&format!("/api/v1/other-costs/{plus_id}"), &e, smaller)
            .await,
        422,
    );
    let april = app
        .get(&format!("/api/v1/monthly-reports/{org}/2013-04"), &e)
        .await;
    assert_eq!(april.body["totals"]["costs"]["travel"], "-1234.50");
    // verify finds a correction below zero written past the service.
    let admin = app.token("skl.admin@plugin.example");
    let clean = app.get("/api/v1/admin/verify", &admin).await;
    assert_eq!(clean.body["breaches"], json!([]), "{}", clean.text);
    diesel::RunQueryDsl::execute(
        diesel::sql_query(format!(
            "UPDATE other_costs SET amount_ore = -200000 WHERE id = {}",
            minus.body["id"]
        )),
        &mut *app.conn(),
    )
    .unwrap();
    let found = app.get("/api/v1/admin/verify", &admin).await;
    assert!(
        found.text.contains(&format!(
            "other cost entry {original_id}: its corrections take it below zero (-500.00 SEK)"
        )),
        "{}",
        found.text
    );
}

async fn bad_entries_change_nothing(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    app.post("/api/v1/other-costs", &e, other(org, "2013-03-12", "V-1"))
        .await;
    let before = (
        app.snapshot(),
        app.count("premises"),
        app.count("other_costs"),
        app.count("cash_cofinancing"),
    );
    let with = |mut v: Value, k: &str, x: Value| {
        v[k] = x;
        v
    };
    let cases: Vec<(&str, Value, u16, &str)> = vec![
        // Issue 13.11: dates only as YYYY-MM-DD; no invisible formatting in text.
        (
            "/api/v1/other-costs",
            with(other(org, "2013-03-12", "V-2"), "date", json!("2013-3-12")),
            400,
            "date",
        ),
        (
            "/api/v1/other-costs",
            with(
                other(org, "2013-03-12", "V-2"),
                "description",
                json!("Resa \u{202E}tsoc"),
            ),
            422,
            "description",
        ),
        (
            "/api/v1/other-costs",
            with(
                other(org, "2013-03-12", "V-2"),
                "supplier",
                json!("Väst\u{200B}trafik"),
            ),
            422,
            "supplier",
        ),
        (
            "/api/v1/other-costs",
            with(other(org, "2013-03-12", "V-2"), "amount", json!("1.005")),
            422,
            "amount",
        ),
        (
            "/api/v1/other-costs",
            with(other(org, "2013-03-12", "V-2"), "amount", json!("-5")),
            422,
            "amount",
        ),
        (
            "/api/v1/other-costs",
            with(
                other(org, "2013-03-12", "V-2"),
                "amount",
                json!("92233720368547758.08"),
            ),
            422,
            "amount",
        ),
        (
            "/api/v1/other-costs",
            with(other(org, "2013-03-12", "V-2"), "supplier", json!("  ")),
            422,
            "supplier",
        ),
        (
            "/api/v1/other-costs",
            other(org, "2013-03-12", "V-1"),
            409,
            "voucher_number",
        ),
        (
            "/api/v1/other-costs",
            other(org, "2016-03-12", "V-3"),
            422,
            "month",
        ),
        (
            "/api/v1/other-costs",
            with(other(org, "2013-03-12", "V-2"), "category", json!("food")),
            400,
            "category",
        ),
        (
            "/api/v1/other-costs",
            with(other(org, "2013-03-12", "V-2"), "amount", json!(12.5)),
            400,
            "amount",
        ),
        (
            "/api/v1/premises",
            with(premises(org, "2013-03"), "share_percent", json!("0")),
            422,
            "share_percent",
        ),
        (
            "/api/v1/premises",
            with(premises(org, "2013-03"), "share_percent", json!("100.5")),
            422,
            "share_percent",
        ),
        (
            "/api/v1/premises",
            with(premises(org, "2013-03"), "area_m2", json!("10")),
            422,
            "monthly_cost",
        ),
        (
            "/api/v1/premises",
            with(premises(org, "2011-01"), "financing", json!("cash")),
            422,
            "month",
        ),
        (
            "/api/v1/cash-cofinancing",
            with(cash(org, "2013-03"), "amount", json!("0")),
            422,
            "amount",
        ),
        (
            "/api/v1/cash-cofinancing",
            with(cash(org, "2013-03"), "kind", json!("esf")),
            400,
            "kind",
        ),
        (
            "/api/v1/cash-cofinancing",
            with(cash(org, "2013-03"), "surprise", json!(1)),
            400,
            "surprise",
        ),
    ];
    for (path, body, status, field) in cases {
        let res = app.post(path, &e, body).await;
        assert_problem(&res, status);
        assert!(
            error_fields(&res).contains(&field.to_string()),
            "{path} {field}: {}",
            res.text
        );
    }
    // Another organisation's entries.
    assert_problem(
        &app.post(
            "/api/v1/cash-cofinancing",
            &e,
            cash(app.org_id("1402"), "2013-03"),
        )
        .await,
        422,
    );
    assert_eq!(
        (
            app.snapshot(),
            app.count("premises"),
            app.count("other_costs"),
            app.count("cash_cofinancing")
        ),
        before
    );
}

/// Issue 13.3: one amount the size of i64 öre was accepted and then every report over it
/// answered 500. Each amount is now bounded (money::MAX_ENTRY), the bound is in the
/// schema, and the largest amounts that pass still add up in every view.
async fn huge_amounts_are_refused_and_the_largest_still_add_up(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let with_amount = |voucher: &str, amount: &str| {
        let mut v = other(org, "2013-03-12", voucher);
        v["amount"] = json!(amount);
        v
    };
    for (amount, status) in [
        ("92233720368547758.07", 422),
        ("10000000000000.00", 422),
        ("1000000000.00", 422),
        ("1E2", 400),
        ("+100", 400),
        (".5", 400),
        ("100.", 400),
    ] {
        let res = app
            .post("/api/v1/other-costs", &e, with_amount("H-0", amount))
            .await;
        assert_problem(&res, status);
        assert!(res.text.contains("amount"), "{amount}: {}", res.text);
    }
    assert_eq!(app.count("other_costs"), 0);
    for n in 0..3 {
        let res = app
            .post(
                "/api/v1/other-costs",
                &e,
                with_amount(&format!("H-{n}"), "999999999.99"),
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.text);
    }
    let report = app
        .get(&format!("/api/v1/monthly-reports/{org}/2013-03"), &e)
        .await;
    assert_eq!(report.status, 200, "{}", report.text);
    assert_eq!(
        report.body["totals"]["costs"]["travel"], "2999999999.97",
        "{}",
        report.body
    );
    let owner = app.token("skl.manager@plugin.example");
    let skl = app.org_id("SKL");
    for path in [
        format!("/api/v1/monthly-reports/{skl}/2013-03"),
        format!("/api/v1/monthly-reports/{skl}/2013-03/export"),
        format!("/api/v1/monthly-reports/{org}/2013-03/export"),
        "/api/v1/budget-follow-up".to_string(),
        "/api/v1/budget-follow-up/export".to_string(),
    ] {
        let res = app.get(&path, &owner).await;
        assert_eq!(res.status, 200, "{path}: {}", res.text);
    }
}

/// Issue 13.20: without organisation_id a list is the caller's whole scope, paged.
async fn lists_without_an_organisation_cover_the_scope(app: TestApp) {
    let molndal = app.token("molndal.economist@plugin.example");
    let partille = app.token("partille.economist@plugin.example");
    for (token, org, voucher) in [
        (&molndal, app.org_id("1481"), "M-1"),
        (&partille, app.org_id("1402"), "P-1"),
        (&partille, app.org_id("1402"), "P-2"),
    ] {
        let res = app
            .post(
                "/api/v1/other-costs",
                token,
                other(org, "2013-03-12", voucher),
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.text);
    }
    let count = |who: &'static str, query: &'static str| {
        let app = &app;
        async move {
            let res = app
                .get(&format!("/api/v1/other-costs{query}"), &app.token(who))
                .await;
            assert_eq!(res.status, 200, "{who}{query}: {}", res.text);
            (
                res.body["total"].as_i64().unwrap(),
                res.body["items"].as_array().unwrap().len(),
            )
        }
    };
    assert_eq!(count("gr.manager@plugin.example", "").await, (3, 3));
    assert_eq!(count("gr.manager@plugin.example", "?limit=2").await, (3, 2));
    assert_eq!(count("partille.economist@plugin.example", "").await, (2, 2));
    assert_eq!(count("rj.manager@plugin.example", "").await, (0, 0));
    assert_eq!(
        count("skl.auditor@plugin.example", "?month=2013-03").await,
        (3, 3)
    );
}

async fn entries_are_replaced_and_deleted_with_versions(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let created = app
        .post("/api/v1/cash-cofinancing", &e, cash(org, "2013-05"))
        .await;
    let id = created.body["id"].as_i64().unwrap();
    let mut body = cash(org, "2013-06");
    body["amount"] = json!("7000");
    body["version"] = json!(1);
    let res = app
        .put(&format!("/api/v1/cash-cofinancing/{id}"), &e, body.clone())
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["amount"], "7000.00");
    assert_eq!(res.body["month"], "2013-06");
    assert_eq!(res.body["version"], 2);
    assert_problem(
        &app.put(&format!("/api/v1/cash-cofinancing/{id}"), &e, body)
            .await,
        409,
    );
    assert_problem(
        &app.request(
            actix_web::http::Method::DELETE,
            &format!("/api/v1/cash-cofinancing/{id}?version=1"),
            Some(&e),
            None,
        )
        .await,
        409,
    );
    let res = app
        .request(
            actix_web::http::Method::DELETE,
            &format!("/api/v1/cash-cofinancing/{id}?version=2"),
            Some(&e),
            None,
        )
        .await;
    assert_eq!(res.status, 204, "{}", res.text);
    assert_problem(
        &app.get(&format!("/api/v1/cash-cofinancing/{id}"), &e).await,
        404,
    );
}

async fn one_entry_per_premises_and_per_payer_and_month(app: TestApp) {
    // The natural keys imports find entries by are unique for JSON entries too.
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    assert_eq!(
        app.post("/api/v1/premises", &e, premises(org, "2013-03"))
            .await
            .status,
        201
    );
    assert_eq!(
        app.post("/api/v1/cash-cofinancing", &e, cash(org, "2013-03"))
            .await
            .status,
        201
    );
    let before = (
        app.snapshot(),
        app.count("premises"),
        app.count("cash_cofinancing"),
    );
    let res = app
        .post("/api/v1/premises", &e, premises(org, "2013-03"))
        .await;
    assert_problem(&res, 409);
    assert_eq!(error_fields(&res), vec!["description"]);
    let res = app
        .post("/api/v1/cash-cofinancing", &e, cash(org, "2013-03"))
        .await;
    assert_problem(&res, 409);
    assert_eq!(error_fields(&res), vec!["paid_by"]);
    assert_eq!(
        (
            app.snapshot(),
            app.count("premises"),
            app.count("cash_cofinancing")
        ),
        before
    );
    // Another month, another financing or another payer is another entry.
    assert_eq!(
        app.post("/api/v1/premises", &e, premises(org, "2013-04"))
            .await
            .status,
        201
    );
    let mut in_kind = premises(org, "2013-03");
    in_kind["financing"] = json!("in_kind");
    assert_eq!(app.post("/api/v1/premises", &e, in_kind).await.status, 201);
    let mut other_payer = cash(org, "2013-03");
    other_payer["paid_by"] = json!("Försäkringskassan");
    assert_eq!(
        app.post("/api/v1/cash-cofinancing", &e, other_payer)
            .await
            .status,
        201
    );
}

/// Issue 13.9: deleting the newest record does not hand its id to the next one (SQLite
/// reused it without AUTOINCREMENT, so the audit log mixed two records).
async fn ids_are_never_reused_after_a_delete(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let first = app
        .post("/api/v1/premises", &e, premises(org, "2013-03"))
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let id = first.body["id"].as_i64().unwrap();
    let res = app
        .request(
            actix_web::http::Method::DELETE,
            &format!("/api/v1/premises/{id}?version=1"),
            Some(&e),
            None,
        )
        .await;
    assert_eq!(res.status, 204, "{}", res.text);
    let second = app
        .post("/api/v1/premises", &e, premises(org, "2013-03"))
        .await;
    assert_eq!(second.status, 201, "{}", second.text);
    assert!(
        second.body["id"].as_i64().unwrap() > id,
        "{} reused {id}",
        second.body["id"]
    );
    // The audit trail of the deleted record stays its own.
    let audit = app.count(&format!(
        "audit_log WHERE entity = 'premises' AND entity_id = {id}"
    ));
    assert_eq!(audit, 2, "created and deleted, nothing of the new record");
}

/// Issue 13.18: premises that cost the same every month are entered once, from one month
/// to another: one entry per month, all or none, each editable on its own afterwards.
async fn a_recurring_premises_line_makes_one_entry_per_month(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let line = |from: &str, to: &str| {
        json!({ "organisation_id": org, "from": from, "to": to, "description": "Metodverkstan, Kvarnbygatan",
                "monthly_cost": "12000", "share_percent": "40", "financing": "cash" })
    };
    let res = app
        .post("/api/v1/premises/recurring", &e, line("2013-03", "2013-08"))
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let made = res.body.as_array().unwrap();
    let months: Vec<&str> = made.iter().map(|p| p["month"].as_str().unwrap()).collect();
    assert_eq!(
        months,
        ["2013-03", "2013-04", "2013-05", "2013-06", "2013-07", "2013-08"]
    );
    assert!(made
        .iter()
        .all(|p| p["amount"] == "4800.00" && p["version"] == 1));
    assert_eq!(
        app.count("audit_log WHERE entity = 'premises' AND action = 'create'"),
        6
    );
    // One month changes on its own.
    let may = made[2]["id"].as_i64().unwrap();
    let mut changed = premises(org, "2013-05");
    changed["monthly_cost"] = json!("13000");
    changed["version"] = json!(1);
    let res = app
        .put(&format!("/api/v1/premises/{may}"), &e, changed)
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["amount"], "5200.00");
    let june = app
        .get(&format!("/api/v1/premises/{}", made[3]["id"]), &e)
        .await;
    assert_eq!(june.body["amount"], "4800.00");
    let report = app
        .get(&format!("/api/v1/monthly-reports/{org}/2013-07"), &e)
        .await;
    assert_eq!(report.body["totals"]["costs"]["premises"], "4800.00");

    // All or none, with the month that broke a rule named.
    let before = (app.count("premises"), app.count("audit_log"));
    let res = app
        .post("/api/v1/premises/recurring", &e, line("2013-08", "2013-10"))
        .await;
    assert_problem(&res, 409);
    assert!(res.text.contains("2013-08"), "{}", res.text);
    for (body, field, words) in [
        (line("2013-06", "2013-05"), "to", "before"),
        (line("2013-01", "2020-12"), "to", "at most"),
        (line("2010-01", "2010-02"), "from", "2010-01"),
    ] {
        let res = app
            .post("/api/v1/premises/recurring", &e, body.clone())
            .await;
        assert_problem(&res, 422);
        assert_eq!(error_fields(&res), vec![field], "{body}: {}", res.text);
        assert!(res.text.contains(words), "{}", res.text);
    }
    let mut bad = line("2014-01", "2014-02");
    bad["share_percent"] = json!("140");
    let res = app.post("/api/v1/premises/recurring", &e, bad).await;
    assert_problem(&res, 422);
    assert_eq!(error_fields(&res), vec!["share_percent"], "{}", res.text);
    let mut bad = line("2014-01", "2014-02");
    bad["month"] = json!("2014-01");
    assert_problem(&app.post("/api/v1/premises/recurring", &e, bad).await, 400);
    let mut partille = line("2014-01", "2014-02");
    partille["organisation_id"] = json!(app.org_id("1402"));
    let res = app.post("/api/v1/premises/recurring", &e, partille).await;
    assert_problem(&res, 422);
    assert_eq!(error_fields(&res), vec!["organisation_id"]);
    assert_eq!((app.count("premises"), app.count("audit_log")), before);
}

both_backends!(
    a_recurring_premises_line_makes_one_entry_per_month,
    ids_are_never_reused_after_a_delete,
    entries_count_in_the_monthly_report,
    lists_without_an_organisation_cover_the_scope,
    huge_amounts_are_refused_and_the_largest_still_add_up,
    adjustments_correct_frozen_months,
    bad_entries_change_nothing,
    entries_are_replaced_and_deleted_with_versions,
    one_entry_per_premises_and_per_payer_and_month,
    problem_bodies_name_every_broken_rule
);
