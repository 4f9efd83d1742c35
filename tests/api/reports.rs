//! The monthly report and the reporting chain over HTTP.

use serde_json::{json, Value};

use crate::both_backends;
use crate::builders::TimesheetBuilder;
use crate::harness::{assert_problem, error_fields, TestApp};
use crate::timesheets::{days, staff_with_salary};

fn report_path(app: &TestApp, code: &str) -> String {
    format!("/api/v1/monthly-reports/{}/2013-03", app.org_id(code))
}

async fn act(
    app: &TestApp,
    who: &str,
    code: &str,
    action: &str,
    body: Value,
) -> crate::harness::Response {
    app.post(
        &format!("{}/{action}", report_path(app, code)),
        &app.token(who),
        body,
    )
    .await
}

async fn the_whole_chain_from_municipality_to_owner(app: TestApp) {
    let molndal_e = "molndal.economist@plugin.example";
    let molndal_m = "molndal.manager@plugin.example";
    let full_time = || json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" });
    let staff = staff_with_salary(&app, molndal_e, "1481", "M-1", full_time()).await;
    // 120 h → 34 776.00
    TimesheetBuilder::new(&app, molndal_e, molndal_m, staff)
        .attested()
        .await;
    let (partille_e, partille_m) = (
        "partille.economist@plugin.example",
        "partille.manager@plugin.example",
    );
    let staff = staff_with_salary(&app, partille_e, "1402", "P-1", full_time()).await;
    // 10 h → 2 898.00
    TimesheetBuilder::new(&app, partille_e, partille_m, staff)
        .days(1, "10")
        .attested()
        .await;

    let report = app
        .get(&report_path(&app, "1481"), &app.token(molndal_e))
        .await;
    assert_eq!(report.status, 200, "{}", report.text);
    assert_eq!(report.body["state"], "open");
    assert_eq!(report.body["version"], 0);
    assert_eq!(report.body["totals"]["costs"]["staff"], "34776.00");
    assert_eq!(report.body["totals"]["costs"]["total"], "34776.00");
    assert_eq!(report.body["totals"]["hours"]["project"], "120.00");
    assert_eq!(report.body["totals"]["cofinancing"]["total"], "0.00");
    assert_eq!(report.body["totals"]["attested_timesheets"], 1);

    // The municipality submits; the region returns it with a comment; it resubmits.
    let res = act(&app, molndal_e, "1481", "submit", json!({"version": 0})).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["state"], "submitted");
    assert_problem(
        &act(&app, molndal_e, "1481", "approve", json!({"version": 1})).await,
        403,
    );
    assert_problem(
        &act(
            &app,
            "partille.manager@plugin.example",
            "1481",
            "approve",
            json!({"version": 1}),
        )
        .await,
        404,
    );
    assert_problem(
        &act(
            &app,
            "skl.manager@plugin.example",
            "1481",
            "approve",
            json!({"version": 1}),
        )
        .await,
        403,
    );
    assert_problem(
        &act(
            &app,
            "gr.manager@plugin.example",
            "1481",
            "return",
            json!({"version": 1, "comment": " "}),
        )
        .await,
        422,
    );
    let res = act(
        &app,
        "gr.manager@plugin.example",
        "1481",
        "return",
        json!({"version": 1, "comment": "Lönen för mars saknar underlag"}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["state"], "returned");
    assert_eq!(res.body["comment"], "Lönen för mars saknar underlag");
    assert_problem(
        &act(&app, molndal_e, "1481", "submit", json!({"version": 1})).await,
        409,
    );
    let res = act(&app, molndal_e, "1481", "submit", json!({"version": 2})).await;
    assert_eq!(res.body["state"], "submitted", "{}", res.text);
    assert_eq!(res.body["comment"], Value::Null);

    // GR cannot submit while a municipality waits for its decision or has unapproved entries.
    let res = act(
        &app,
        "gr.economist@plugin.example",
        "GR",
        "submit",
        json!({"version": 0}),
    )
    .await;
    assert_problem(&res, 409);
    let detail = res.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("Mölndal") && detail.contains("Partille"),
        "{detail}"
    );
    let res = act(
        &app,
        "gr.manager@plugin.example",
        "1481",
        "approve",
        json!({"version": 3}),
    )
    .await;
    assert_eq!(res.body["state"], "approved", "{}", res.text);
    assert_problem(
        &act(
            &app,
            "gr.economist@plugin.example",
            "GR",
            "submit",
            json!({"version": 0}),
        )
        .await,
        409,
    );
    act(
        &app,
        "partille.economist@plugin.example",
        "1402",
        "submit",
        json!({"version": 0}),
    )
    .await;
    let res = act(
        &app,
        "gr.manager@plugin.example",
        "1402",
        "approve",
        json!({"version": 1}),
    )
    .await;
    assert_eq!(res.body["state"], "approved", "{}", res.text);

    // GR's consolidated report: its own entries plus the approved municipalities.
    let gr = app
        .get(
            &report_path(&app, "GR"),
            &app.token("gr.economist@plugin.example"),
        )
        .await;
    assert_eq!(gr.body["view"], "consolidated");
    assert_eq!(gr.body["totals"]["costs"]["staff"], "37674.00");
    assert_eq!(gr.body["totals"]["hours"]["project"], "130.00");
    assert_eq!(gr.body["organisations"].as_array().unwrap().len(), 14);
    let own = app
        .get(
            &format!("{}?view=own", report_path(&app, "GR")),
            &app.token("gr.economist@plugin.example"),
        )
        .await;
    assert_eq!(own.body["totals"]["costs"]["staff"], "0.00");

    let res = act(
        &app,
        "gr.economist@plugin.example",
        "GR",
        "submit",
        json!({"version": 0}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    // SKL's manager approves GR: GR and its approved municipalities become consolidated.
    assert_problem(
        &act(
            &app,
            "gr.manager@plugin.example",
            "GR",
            "approve",
            json!({"version": 1}),
        )
        .await,
        403,
    );
    let res = act(
        &app,
        "skl.manager@plugin.example",
        "GR",
        "approve",
        json!({"version": 1}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["state"], "consolidated");
    let states: Vec<(String, String)> = res.body["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["code"] == "1481" || l["code"] == "1402")
        .map(|l| {
            (
                l["code"].as_str().unwrap().to_string(),
                l["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut states = states;
    states.sort();
    assert_eq!(
        states,
        vec![
            ("1402".into(), "consolidated".into()),
            ("1481".into(), "consolidated".into())
        ]
    );

    let whole = app
        .get(
            &report_path(&app, "SKL"),
            &app.token("skl.auditor@plugin.example"),
        )
        .await;
    assert_eq!(whole.body["totals"]["costs"]["staff"], "37674.00");
    assert_eq!(whole.body["organisations"].as_array().unwrap().len(), 76);
    // Consolidated months are frozen for entries.
    let staff = staff_with_salary(&app, molndal_e, "1481", "M-2",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    assert_problem(&app.post("/api/v1/timesheets", &app.token(molndal_e), json!({
        "staff_id": staff, "month": "2013-03", "funding": "project", "rows": days("2013-03", 1, "1")
    })).await, 409);
    // The exports: the whole project, the region and the municipality, with every line.
    for (code, staff_total, staff_lines) in [
        ("SKL", "37674", 2),
        ("GR", "37674", 2),
        ("1481", "34776", 1),
    ] {
        let res = app
            .get(
                &format!("{}/export", report_path(&app, code)),
                &app.token("skl.auditor@plugin.example"),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        assert_eq!(
            res.content_type(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert!(res
            .headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .contains(&format!("manadsrapport-{code}-2013-03.xlsx")));
        let mut wb: calamine::Xlsx<_> =
            calamine::Xlsx::new(std::io::Cursor::new(res.bytes.clone())).unwrap();
        use calamine::Reader;
        assert_eq!(
            wb.sheet_names(),
            vec![
                "Sammanställning",
                "Per organisation",
                "Lön personal",
                "Lokal",
                "Köp av tjänst",
                "Resa",
                "Materiel",
                "Kontant medfinansiering"
            ]
        );
        let summary = wb.worksheet_range("Sammanställning").unwrap();
        // The title block (rows 0-2), the heading (row 4), then the first category.
        assert_eq!(
            summary.get_value((5, 0)).unwrap().to_string(),
            "Lön personal"
        );
        assert_eq!(
            esf_ledger::excel::cells::decimal(summary.get_value((5, 1)).unwrap())
                .unwrap()
                .to_string(),
            staff_total
        );
        let staff = wb.worksheet_range("Lön personal").unwrap();
        // The heading, the lines, their Summa and the two "därav" lines under it.
        assert_eq!(staff.height(), 1 + staff_lines + 3, "{code}");
        // The same workbook opened in LibreOffice Calc: the summary shows the total,
        // and the staff lines it lists add up to it.
        if let Some(sheets) = crate::spreadsheet::open_in_libreoffice(&res.bytes, code) {
            let summary = &sheets["Sammanställning"];
            assert_eq!(summary[5][0], "Lön personal", "{summary:?}");
            assert!(
                summary[5][1].ends_with("kr"),
                "SEK format: {:?}",
                summary[5]
            );
            let total = crate::spreadsheet::shown_ore(&summary[5][1]);
            assert_eq!(
                total,
                staff_total.parse::<i64>().unwrap() * 100,
                "{code}: {summary:?}"
            );
            let lines = &sheets["Lön personal"];
            assert_eq!(lines.len(), 1 + staff_lines + 3, "{code}: {lines:?}");
            let sum: i64 = lines[1..=staff_lines]
                .iter()
                .map(|l| crate::spreadsheet::shown_ore(&l[6]))
                .sum();
            // The Summa row adds up the lines; its "därav projekt" is the summary's figure.
            let summa = &lines[1 + staff_lines];
            assert_eq!(summa[1], "Summa", "{code}: {lines:?}");
            assert_eq!(
                crate::spreadsheet::shown_ore(&summa[6]),
                sum,
                "{code}: {lines:?}"
            );
            let project = &lines[2 + staff_lines];
            assert!(project[1].starts_with("därav projekt"), "{code}: {lines:?}");
            assert_eq!(
                crate::spreadsheet::shown_ore(&project[6]),
                total,
                "{code}: {lines:?}"
            );
        }
    }
    let audit = app
        .get(
            &format!(
                "/api/v1/audit-log?entity=monthly_report&organisation_id={}",
                app.org_id("1481")
            ),
            &app.token("gr.manager@plugin.example"),
        )
        .await;
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["approve", "submit", "return", "submit"]);
}

async fn submitting_needs_attested_timesheets_and_fresh_versions(app: TestApp) {
    let e = "molndal.economist@plugin.example";
    let staff = staff_with_salary(&app, e, "1481", "M-3",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    app.post("/api/v1/timesheets", &app.token(e), json!({
        "staff_id": staff, "month": "2013-03", "funding": "project", "rows": days("2013-03", 1, "1")
    })).await;
    let before = app.snapshot();
    let res = act(&app, e, "1481", "submit", json!({"version": 0})).await;
    assert_problem(&res, 409);
    assert!(res.body["detail"]
        .as_str()
        .unwrap()
        .contains("not attested"));
    assert_problem(
        &act(&app, e, "1481", "submit", json!({"version": 5})).await,
        409,
    );
    assert_problem(
        &act(
            &app,
            "gr.manager@plugin.example",
            "1481",
            "approve",
            json!({"version": 0}),
        )
        .await,
        409,
    );
    assert_problem(
        &act(
            &app,
            "skl.auditor@plugin.example",
            "1481",
            "submit",
            json!({"version": 0}),
        )
        .await,
        403,
    );
    assert_problem(
        &app.get("/api/v1/monthly-reports/1/2013-13", &app.token(e))
            .await,
        400,
    );
    assert_problem(
        &app.get(
            &format!("{}?view=everything", report_path(&app, "1481")),
            &app.token(e),
        )
        .await,
        400,
    );
    assert_problem(
        &app.get(&report_path(&app, "1402"), &app.token(e)).await,
        404,
    );
    assert_eq!(app.snapshot(), before);
}

async fn the_owner_approves_its_own_report_with_four_eyes(app: TestApp) {
    let res = act(
        &app,
        "skl.economist@plugin.example",
        "SKL",
        "submit",
        json!({"version": 0}),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let res = act(
        &app,
        "skl.manager@plugin.example",
        "SKL",
        "approve",
        json!({"version": 1}),
    )
    .await;
    assert_eq!(res.body["state"], "consolidated", "{}", res.text);
}

/// Issue 13.2, as reported: GR and SKL consolidated 2013-06 while Partille had no
/// entries; Partille then entered, submitted and was approved, and the month could never
/// be consolidated or reopened. Now the entry is refused with the way on, and the owner's
/// manager reopens the month (audited, with the reason) so it can be completed.
async fn a_late_entry_needs_the_month_reopened(app: TestApp) {
    let month_path = |code: &str| format!("/api/v1/monthly-reports/{}/2013-06", app.org_id(code));
    let act = |who: &'static str, code: &'static str, action: &'static str, extra: Value| {
        let app = &app;
        let path = month_path(code);
        async move {
            let version = app.get(&path, &app.token(who)).await.body["version"]
                .as_i64()
                .unwrap();
            let mut body = json!({ "version": version });
            for (k, v) in extra.as_object().unwrap() {
                body[k] = v.clone();
            }
            app.post(&format!("{path}/{action}"), &app.token(who), body)
                .await
        }
    };
    let ok = |res: crate::harness::Response| assert_eq!(res.status, 200, "{}", res.text);
    ok(act("gr.economist@plugin.example", "GR", "submit", json!({})).await);
    ok(act("skl.manager@plugin.example", "GR", "approve", json!({})).await);
    ok(act("skl.economist@plugin.example", "SKL", "submit", json!({})).await);
    ok(act("skl.manager@plugin.example", "SKL", "approve", json!({})).await);
    let partille = app.token("partille.economist@plugin.example");
    let premises = json!({ "organisation_id": app.org_id("1402"), "month": "2013-06",
        "description": "Lokal", "monthly_cost": "1000", "share_percent": "50", "financing": "cash" });
    let refused = app
        .post("/api/v1/premises", &partille, premises.clone())
        .await;
    assert_problem(&refused, 409);
    assert!(refused.text.contains("reopen"), "{}", refused.text);
    // The nearest closed report above names the refusal: GR's, not SKL's.
    assert_eq!(
        refused.body["errors"][0]["message"],
        "Göteborgsregionens kommunalförbund (GR)'s report for 2013-06 is consolidated",
        "{}",
        refused.text
    );
    assert_problem(
        &act(
            "partille.economist@plugin.example",
            "1402",
            "submit",
            json!({}),
        )
        .await,
        409,
    );
    // Nothing to reopen at Partille; GR's manager does not decide GR's report; a
    // reason is required.
    assert_problem(
        &act(
            "gr.manager@plugin.example",
            "1402",
            "reopen",
            json!({ "reason": "Sen faktura" }),
        )
        .await,
        409,
    );
    assert_problem(
        &act(
            "gr.manager@plugin.example",
            "GR",
            "reopen",
            json!({ "reason": "Sen faktura" }),
        )
        .await,
        403,
    );
    assert_problem(
        &act(
            "skl.manager@plugin.example",
            "GR",
            "reopen",
            json!({ "reason": " " }),
        )
        .await,
        422,
    );
    let reopened = act(
        "skl.manager@plugin.example",
        "GR",
        "reopen",
        json!({ "reason": "Sen faktura från Partille" }),
    )
    .await;
    assert_eq!(reopened.status, 200, "{}", reopened.text);
    let owner = app.token("skl.manager@plugin.example");
    let admin = app.token("skl.admin@plugin.example");
    for (code, reason) in [
        ("GR", "Sen faktura från Partille"),
        ("SKL", "reopened with Göteborgsregionens kommunalförbund (GR)'s report: Sen faktura från Partille"),
    ] {
        let report = app.get(&format!("{}?view=own", month_path(code)), &owner).await;
        assert_eq!(report.body["state"], "returned", "{code}: {}", report.text);
        assert_eq!(report.body["comment"], reason, "{code}");
        let audit = app
            .get(
                &format!(
                    "/api/v1/audit-log?organisation_id={}&entity=monthly_report",
                    app.org_id(code)
                ),
                &admin,
            )
            .await;
        let last = &audit.body["items"][0];
        assert_eq!(last["action"], "reopen", "{code}: {}", audit.text);
        assert_eq!(last["before"], "consolidated", "{code}");
        assert_eq!(last["after"]["reason"], reason, "{code}");
    }
    // The month completes again.
    assert_eq!(
        app.post("/api/v1/premises", &partille, premises)
            .await
            .status,
        201
    );
    ok(act(
        "partille.economist@plugin.example",
        "1402",
        "submit",
        json!({}),
    )
    .await);
    ok(act("gr.manager@plugin.example", "1402", "approve", json!({})).await);
    ok(act("gr.economist@plugin.example", "GR", "submit", json!({})).await);
    ok(act("skl.manager@plugin.example", "GR", "approve", json!({})).await);
    ok(act("skl.economist@plugin.example", "SKL", "submit", json!({})).await);
    ok(act("skl.manager@plugin.example", "SKL", "approve", json!({})).await);
    for code in ["1402", "GR", "SKL"] {
        let report = app
            .get(&format!("{}?view=own", month_path(code)), &owner)
            .await;
        assert_eq!(report.body["state"], "consolidated", "{code}");
    }
}

/// Issue 13.19: months in which nothing was entered anywhere are consolidated by the
/// owner's manager in one audited call (not a submit and an approval per month), so a
/// claim can cover them; a month with any entry or any report under way is named and
/// left to the chain.
async fn empty_months_are_consolidated_in_one_call(app: TestApp) {
    let manager = app.token("skl.manager@plugin.example");
    let skl = app.org_id("SKL");
    let path = "/api/v1/monthly-reports/consolidate-empty";
    let run = |from: &str, to: &str| json!({ "from": from, "to": to, "reason": "Inga kostnader före uppstarten" });
    // Mölndal has a cost in 2012-03; Partille's empty report for 2012-05 is submitted.
    let res = app
        .post("/api/v1/other-costs", &app.token("molndal.economist@plugin.example"),
            json!({ "organisation_id": app.org_id("1481"), "date": "2012-03-12", "category": "travel", "amount": "100",
                    "supplier": "Västtrafik", "voucher_number": "V-1", "description": "Resa" }))
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let res = app
        .post(
            &format!(
                "/api/v1/monthly-reports/{}/2012-05/submit",
                app.org_id("1402")
            ),
            &app.token("partille.economist@plugin.example"),
            json!({"version": 0}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let before = (app.count("monthly_reports"), app.count("audit_log"));
    let res = app.post(path, &manager, run("2012-01", "2012-06")).await;
    assert_problem(&res, 409);
    assert!(
        res.text.contains("2012-03") && res.text.contains("Mölndal"),
        "{}",
        res.text
    );
    assert!(
        res.text.contains("2012-05") && res.text.contains("Partille"),
        "{}",
        res.text
    );
    for (body, field) in [
        (
            json!({ "from": "2012-01", "to": "2012-02", "reason": " " }),
            "reason",
        ),
        (run("2012-02", "2012-01"), "to"),
        (run("2011-11", "2012-01"), "from"),
    ] {
        let res = app.post(path, &manager, body.clone()).await;
        assert_problem(&res, 422);
        assert_eq!(error_fields(&res), vec![field], "{body}: {}", res.text);
    }
    for who in [
        "skl.economist@plugin.example",
        "gr.manager@plugin.example",
        "skl.admin@plugin.example",
    ] {
        assert_problem(
            &app.post(path, &app.token(who), run("2012-01", "2012-02"))
                .await,
            403,
        );
    }
    assert_eq!(
        (app.count("monthly_reports"), app.count("audit_log")),
        before
    );

    let res = app.post(path, &manager, run("2012-01", "2012-02")).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let months: Vec<&str> = res
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2012-01", "2012-02"]);
    let report = app
        .get(&format!("/api/v1/monthly-reports/{skl}/2012-02"), &manager)
        .await;
    assert_eq!(report.body["state"], "consolidated", "{}", report.text);
    assert_eq!(
        app.count(
            "audit_log WHERE action = 'consolidate_empty' AND after_json LIKE '%Inga kostnader%'"
        ),
        2
    );
    // Done once: a second call finds nothing to do.
    assert_problem(
        &app.post(path, &manager, run("2012-02", "2012-02")).await,
        409,
    );
    // A claim covers them.
    let res = app
        .post(
            "/api/v1/claims",
            &manager,
            json!({"from": "2012-01", "to": "2012-02"}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
}

/// Issue 17: a closed month's figures are stored per organisation when its report
/// closes, read from there, and follow every move of its state; a stale copy is a
/// breach.
async fn a_closed_month_is_read_from_its_stored_figures(app: TestApp) {
    use diesel::prelude::*;
    use esf_ledger::store::schema::month_figures::dsl as mf;
    let (molndal, gr) = (app.org_id("1481"), app.org_id("GR"));
    let stored = |org: i64| {
        mf::month_figures
            .filter(mf::organisation_id.eq(org))
            .filter(mf::month.eq(201303))
            .select(mf::services_ore)
            .first::<i64>(&mut *app.conn())
            .optional()
            .unwrap()
    };
    let e = app.token("molndal.economist@plugin.example");
    let cost = |amount: &str, voucher: &str| {
        json!({ "organisation_id": molndal, "date": "2013-03-11", "category": "services",
                "amount": amount, "supplier": "Handledning AB", "voucher_number": voucher,
                "description": "Handledning" })
    };
    let res = app
        .post("/api/v1/other-costs", &e, cost("1200", "V-1"))
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let version = |code: &'static str| {
        let app = &app;
        async move {
            app.get(
                &report_path(app, code),
                &app.token("skl.manager@plugin.example"),
            )
            .await
            .body["version"]
                .as_i64()
                .unwrap()
        }
    };
    let step = |who: &'static str, code: &'static str, action: &'static str, extra: Value| {
        let app = &app;
        async move {
            let mut body = json!({ "version": version(code).await });
            for (k, v) in extra.as_object().unwrap() {
                body[k] = v.clone();
            }
            let res = act(app, who, code, action, body).await;
            assert_eq!(res.status, 200, "{code} {action}: {}", res.text);
        }
    };
    assert_eq!(stored(molndal), None, "open: computed live");
    step(
        "molndal.economist@plugin.example",
        "1481",
        "submit",
        json!({}),
    )
    .await;
    assert_eq!(stored(molndal), Some(120_000), "stored as it closes");

    // The read is the stored row: altered behind the service's back, the report shows
    // the altered figure, and verify calls it a breach.
    diesel::sql_query(format!(
        "UPDATE month_figures SET services_ore = 999 WHERE organisation_id = {molndal}"
    ))
    .execute(&mut *app.conn())
    .unwrap();
    let read = app.get(&report_path(&app, "1481"), &e).await;
    assert_eq!(
        read.body["totals"]["costs"]["services"], "9.99",
        "{}",
        read.text
    );
    let auditor = app.token("skl.auditor@plugin.example");
    let verify = app.get("/api/v1/admin/verify", &auditor).await;
    assert!(
        verify
            .text
            .contains("the stored figures of the closed month differ from its entries"),
        "{}",
        verify.text
    );

    // Returned: dropped, read live again; the entry changes; submitted: stored anew.
    step(
        "gr.manager@plugin.example",
        "1481",
        "return",
        json!({ "comment": "Fel belopp" }),
    )
    .await;
    assert_eq!(stored(molndal), None);
    let read = app.get(&report_path(&app, "1481"), &e).await;
    assert_eq!(read.body["totals"]["costs"]["services"], "1200.00");
    let res = app
        .post("/api/v1/other-costs", &e, cost("300", "V-2"))
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    step(
        "molndal.economist@plugin.example",
        "1481",
        "submit",
        json!({}),
    )
    .await;
    assert_eq!(stored(molndal), Some(150_000));

    // Approved and consolidated up the chain: still stored; GR's consolidated report is
    // the stored rows' sum.
    step("gr.manager@plugin.example", "1481", "approve", json!({})).await;
    step("gr.economist@plugin.example", "GR", "submit", json!({})).await;
    step("skl.manager@plugin.example", "GR", "approve", json!({})).await;
    assert_eq!((stored(molndal), stored(gr)), (Some(150_000), Some(0)));
    let region = app
        .get(
            &report_path(&app, "GR"),
            &app.token("gr.economist@plugin.example"),
        )
        .await;
    assert_eq!(
        region.body["totals"]["costs"]["services"], "1500.00",
        "{}",
        region.text
    );

    // GR reopened: its report goes back to returned and its row goes; Mölndal's goes
    // back to approved, still closed, and keeps its row. Then GR's manager reopens
    // Mölndal's: its row goes too.
    step(
        "skl.manager@plugin.example",
        "GR",
        "reopen",
        json!({ "reason": "Sen faktura" }),
    )
    .await;
    assert_eq!((stored(molndal), stored(gr)), (Some(150_000), None));
    step(
        "gr.manager@plugin.example",
        "1481",
        "reopen",
        json!({ "reason": "Sen faktura" }),
    )
    .await;
    assert_eq!((stored(molndal), stored(gr)), (None, None));
    let verify = app.get("/api/v1/admin/verify", &auditor).await;
    assert_eq!(verify.body["breaches"], json!([]), "{}", verify.text);
}

both_backends!(
    a_closed_month_is_read_from_its_stored_figures,
    empty_months_are_consolidated_in_one_call,
    a_late_entry_needs_the_month_reopened,
    the_whole_chain_from_municipality_to_owner,
    submitting_needs_attested_timesheets_and_fresh_versions,
    the_owner_approves_its_own_report_with_four_eyes
);
