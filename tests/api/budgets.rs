//! Budget lines over HTTP: the owner's admins set them, everyone reads within scope,
//! bad input changes nothing.

use serde_json::json;

use crate::both_backends;
use crate::excel::{sheet_workbook, t, Cell, XLSX};
use crate::harness::{assert_problem, error_fields, TestApp};

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

    let gr = app
        .get(
            &format!(
                "/api/v1/budgets?organisation_id={}&year=2013",
                app.org_id("GR")
            ),
            &app.token("gr.manager@plugin.example"),
        )
        .await;
    assert_eq!(gr.body.as_array().unwrap().len(), 3, "{}", gr.text);
    let own = app
        .get(
            "/api/v1/budgets",
            &app.token("molndal.economist@plugin.example"),
        )
        .await;
    assert_eq!(own.body.as_array().unwrap().len(), 2);
    let staff = own
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["category"] == "staff")
        .unwrap();
    assert_eq!(staff["amount"], "260000.00");

    let before = (app.snapshot(), app.count("budget_lines"));
    for (token, body, status, field) in [
        (
            &admin,
            json!({ "organisation_id": molndal, "year": 2013, "category": "travel", "amount": "-1" }),
            422,
            "amount",
        ),
        (
            &admin,
            json!({ "organisation_id": molndal, "year": 2013, "category": "travel", "amount": "1.001" }),
            422,
            "amount",
        ),
        (
            &admin,
            json!({ "organisation_id": molndal, "year": 2011, "category": "travel", "amount": "1" }),
            422,
            "year",
        ),
        (
            &admin,
            json!({ "organisation_id": molndal, "year": 2013, "category": "coffee", "amount": "1" }),
            400,
            "category",
        ),
        (
            &admin,
            json!({ "organisation_id": molndal, "year": 2013, "category": "staff", "amount": "1" }),
            409,
            "version",
        ),
        (
            &admin,
            json!({ "organisation_id": molndal, "year": 2013, "category": "staff", "amount": "1", "version": 1 }),
            409,
            "",
        ),
        (
            &admin,
            json!({ "organisation_id": 999999, "year": 2013, "category": "staff", "amount": "1" }),
            422,
            "organisation_id",
        ),
    ] {
        let res = app.put("/api/v1/budgets", token, body.clone()).await;
        assert_problem(&res, status);
        if !field.is_empty() {
            assert!(
                error_fields(&res).iter().any(|f| f == field),
                "{body}: {}",
                res.text
            );
        }
    }
    for email in [
        "skl.manager@plugin.example",
        "gr.manager@plugin.example",
        "molndal.economist@plugin.example",
    ] {
        let res = app.put("/api/v1/budgets", &app.token(email), json!({ "organisation_id": molndal, "year": 2013, "category": "travel", "amount": "1" })).await;
        assert_problem(&res, 403);
    }
    assert_eq!((app.snapshot(), app.count("budget_lines")), before);
    assert_problem(
        &app.get(
            &format!("/api/v1/budgets?organisation_id={molndal}"),
            &app.token("partille.economist@plugin.example"),
        )
        .await,
        404,
    );
}

async fn the_budget_workbook_imports_all_rows_or_none(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let template = app.get("/api/v1/templates/budget", &admin).await;
    assert_eq!(template.status, 200);
    let mut wb: calamine::Xlsx<_> =
        calamine::Reader::new(std::io::Cursor::new(template.bytes.clone())).unwrap();
    use calamine::Reader;
    assert_eq!(wb.sheet_names(), vec!["Budget", "Instruktioner"]);
    let headers = wb.worksheet_range("Budget").unwrap();
    assert_eq!(
        headers.get_value((0, 2)).unwrap().to_string(),
        "Kostnadsslag/finansiering"
    );

    let rows = vec![
        vec![
            t("1481"),
            Cell::Number(2013.0),
            t("Lön personal"),
            Cell::Number(100000.0),
        ],
        vec![t("GR"), Cell::Number(2013.0), t("resa"), t("5000.50")],
        vec![
            t("1481"),
            Cell::Number(2013.0),
            t("offentligt bidrag i annat än pengar"),
            Cell::Number(60000.0),
        ],
    ];
    let res = upload_budget(&app, &admin, sheet_workbook("Budget", &HEADERS, &rows)).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"rows": 3, "created": 3, "updated": 0, "unchanged": 0})
    );
    let res = upload_budget(&app, &admin, sheet_workbook("Budget", &HEADERS, &rows)).await;
    assert_eq!(
        res.body,
        json!({"rows": 3, "created": 0, "updated": 0, "unchanged": 3})
    );
    let mut changed = rows.clone();
    changed[1][3] = t("6000");
    let res = upload_budget(&app, &admin, sheet_workbook("Budget", &HEADERS, &changed)).await;
    assert_eq!(
        res.body,
        json!({"rows": 3, "created": 0, "updated": 1, "unchanged": 2}),
        "{}",
        res.text
    );
    let lines = app
        .get(
            &format!("/api/v1/budgets?organisation_id={}", app.org_id("GR")),
            &admin,
        )
        .await
        .body;
    let travel = lines
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["category"] == "travel")
        .unwrap();
    assert_eq!(travel["amount"], "6000.00");

    // Bad rows: every error named by cell, nothing written.
    let before = app.count("budget_lines");
    let bad = vec![
        vec![
            t("9999"),
            Cell::Number(2013.0),
            t("resa"),
            Cell::Number(1.0),
        ],
        vec![t("1481"), Cell::Number(2013.0), t("materiel"), t("-1")],
        vec![
            t("1481"),
            Cell::Number(2030.0),
            t("materiel"),
            Cell::Number(1.0),
        ],
        vec![
            t("1402"),
            Cell::Number(2013.0),
            t("lokal"),
            Cell::Number(1.0),
        ],
        vec![
            t("1402"),
            Cell::Number(2013.0),
            t("lokal"),
            Cell::Number(2.0),
        ],
    ];
    let res = upload_budget(&app, &admin, sheet_workbook("Budget", &HEADERS, &bad)).await;
    assert_problem(&res, 422);
    let cells = crate::excel::cells_of(&res);
    for (row, col) in [(2, "A"), (3, "D"), (4, "B"), (6, "A")] {
        assert!(
            cells.iter().any(|(r, c)| *r == row && c.starts_with(col)),
            "row {row} column {col}: {cells:?}"
        );
    }
    assert_eq!(app.count("budget_lines"), before);
    let unreadable = vec![vec![t("1402"), t("tjugo"), t("kaffe"), Cell::Number(1.0)]];
    let res = upload_budget(
        &app,
        &admin,
        sheet_workbook("Budget", &HEADERS, &unreadable),
    )
    .await;
    assert_problem(&res, 422);
    assert_eq!(
        crate::excel::cells_of(&res),
        vec![(2, "B".to_string()), (2, "C".to_string())]
    );
    assert_eq!(app.count("budget_lines"), before);
    for who in [
        "skl.manager@plugin.example",
        "gr.manager@plugin.example",
        "molndal.economist@plugin.example",
    ] {
        assert_problem(
            &upload_budget(
                &app,
                &app.token(who),
                sheet_workbook("Budget", &HEADERS, &rows),
            )
            .await,
            403,
        );
    }
}

async fn follow_up_shows_burn_and_warns_where_cofinancing_falls_short(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let (molndal, partille) = (app.org_id("1481"), app.org_id("1402"));
    app.put("/api/v1/budgets", &admin, json!({ "organisation_id": molndal, "year": 2013, "category": "services", "amount": "40000" })).await;
    for (who, org, amount, cash) in [
        ("molndal", molndal, "20000", "5000"),
        ("partille", partille, "10000", "10000"),
    ] {
        let e = app.token(&format!("{who}.economist@plugin.example"));
        let res = app.post("/api/v1/other-costs", &e, json!({ "organisation_id": org, "date": "2013-02-05", "category": "services",
            "amount": amount, "supplier": "Konsult AB", "voucher_number": "B-1", "description": "Handledning" })).await;
        assert_eq!(res.status, 201, "{}", res.text);
        let res = app
            .post(
                "/api/v1/cash-cofinancing",
                &e,
                json!({ "organisation_id": org, "month": "2013-02", "kind": "public_cash",
            "amount": cash, "paid_by": "Arbetsförmedlingen" }),
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.text);
    }
    let res = app
        .get(
            &format!(
                "/api/v1/budget-follow-up?organisation_id={}&year=2013",
                app.org_id("GR")
            ),
            &app.token("gr.manager@plugin.example"),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let u = &res.body;
    assert_eq!(
        (u["from"].as_str(), u["to"].as_str()),
        (Some("2013-01"), Some("2013-12"))
    );
    assert_eq!(u["elapsed_percent"], "100.0");
    assert_eq!(u["monthly_burn"], "2500.00");
    let org = |code: &str| {
        u["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["code"] == code)
            .unwrap()
            .clone()
    };
    let m = org("1481");
    let services = m["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == "services")
        .unwrap();
    assert_eq!(
        (
            services["budget"].as_str(),
            services["actual"].as_str(),
            services["remaining"].as_str(),
            services["burn_percent"].as_str()
        ),
        (
            Some("40000.00"),
            Some("20000.00"),
            Some("20000.00"),
            Some("50.0")
        )
    );
    assert_eq!(m["cofinancing_share_percent"], "25.0");
    assert!(
        m["warning"]
            .as_str()
            .unwrap()
            .contains("25.0 % of eligible costs; the grant requires 50"),
        "{m}"
    );
    assert_eq!(org("1402")["warning"], serde_json::Value::Null);
    let gr = &u["regions"][0];
    assert_eq!(
        (
            gr["code"].as_str(),
            gr["eligible_actual"].as_str(),
            gr["cofinancing_share_percent"].as_str()
        ),
        (Some("GR"), Some("30000.00"), Some("50.0"))
    );
    assert_eq!(gr["warning"], serde_json::Value::Null);
    // A municipality sees itself only; another region's data is out of reach.
    let own = app
        .get(
            "/api/v1/budget-follow-up?year=2013",
            &app.token("molndal.economist@plugin.example"),
        )
        .await
        .body;
    assert_eq!(own["organisations"].as_array().unwrap().len(), 1);
    assert_eq!(own["regions"], json!([]));
    assert_problem(
        &app.get(
            &format!(
                "/api/v1/budget-follow-up?organisation_id={}",
                app.org_id("GR")
            ),
            &app.token("molndal.economist@plugin.example"),
        )
        .await,
        404,
    );
    assert_problem(
        &app.get("/api/v1/budget-follow-up?year=2030", &admin).await,
        422,
    );
    let res = app.get("/api/v1/budget-follow-up/export", &admin).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let mut wb: calamine::Xlsx<_> =
        calamine::Reader::new(std::io::Cursor::new(res.bytes.clone())).unwrap();
    use calamine::Reader;
    assert_eq!(
        wb.sheet_names(),
        vec!["Per kostnadsslag", "Per organisation", "Per region"]
    );
    let _ = wb.worksheet_range("Per region").unwrap();
}

both_backends!(
    admins_set_budget_lines_and_everyone_reads_their_part,
    the_budget_workbook_imports_all_rows_or_none,
    follow_up_shows_burn_and_warns_where_cofinancing_falls_short
);

const HEADERS: [&str; 4] = [
    "Organisation (kod)",
    "År",
    "Kostnadsslag/finansiering",
    "Belopp",
];

async fn upload_budget(app: &TestApp, token: &str, bytes: Vec<u8>) -> crate::harness::Response {
    let req = actix_web::test::TestRequest::post()
        .uri("/api/v1/imports/budget")
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header(("content-type", XLSX))
        .set_payload(bytes)
        .to_request();
    app.send(req).await
}
