//! ESF payment claims, payments and distribution over HTTP: hand-worked figures
//! (indirect costs, flooring to kronor, the rate, co-financing and budget caps, a second
//! claim after a first), drill-down, exports, payments split to the öre, statements,
//! freezing, concurrent issuing and `verify`.

use serde_json::{json, Value};

use crate::both_backends;
use crate::builders::TimesheetBuilder;
use crate::harness::{assert_problem, error_fields, TestApp};
use crate::timesheets::staff_with_salary;

const OWNER_MANAGER: &str = "skl.manager@plugin.example";

/// The project from 2013-01 with 15 % indirect costs on staff costs.
pub async fn project_from_2013(app: &TestApp, changes: Value) {
    let admin = app.token("skl.admin@plugin.example");
    let mut input = app.get("/api/v1/project", &admin).await.body;
    input.as_object_mut().unwrap().remove("updated_at");
    input["start_date"] = json!("2013-01-01");
    input["indirect_rate_percent"] = json!("15");
    input["indirect_base"] = json!("staff");
    for (k, v) in changes.as_object().unwrap() {
        input[k] = v.clone();
    }
    let res = app.put("/api/v1/project", &admin, input).await;
    assert_eq!(res.status, 200, "{}", res.text);
}

async fn entry(app: &TestApp, who: &str, path: &str, body: Value) -> i64 {
    let res = app
        .post(
            path,
            &app.token(&format!("{who}.economist@plugin.example")),
            body,
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    res.body["id"].as_i64().unwrap()
}

fn other_cost(org: i64, date: &str, category: &str, amount: &str, voucher: &str) -> Value {
    json!({ "organisation_id": org, "date": date, "category": category, "amount": amount,
            "supplier": "Leverantör AB", "voucher_number": voucher, "description": "Handledning" })
}

fn cash(org: i64, month: &str, amount: &str) -> Value {
    json!({ "organisation_id": org, "month": month, "kind": "public_cash", "amount": amount, "paid_by": "Arbetsförmedlingen" })
}

async fn step(app: &TestApp, who: &str, code: &str, month: &str, action: &str) {
    let path = format!("/api/v1/monthly-reports/{}/{month}", app.org_id(code));
    let version = app.get(&path, &app.token(who)).await.body["version"]
        .as_i64()
        .unwrap();
    let res = app
        .post(
            &format!("{path}/{action}"),
            &app.token(who),
            json!({"version": version}),
        )
        .await;
    assert_eq!(res.status, 200, "{code} {month} {action}: {}", res.text);
}

/// The chain for a month: the municipalities, GR, then the owner.
pub async fn consolidate(app: &TestApp, month: &str, municipalities: &[(&str, &str)]) {
    for (code, who) in municipalities {
        step(
            app,
            &format!("{who}.economist@plugin.example"),
            code,
            month,
            "submit",
        )
        .await;
        step(app, "gr.manager@plugin.example", code, month, "approve").await;
    }
    step(app, "gr.economist@plugin.example", "GR", month, "submit").await;
    step(app, OWNER_MANAGER, "GR", month, "approve").await;
    step(app, "skl.economist@plugin.example", "SKL", month, "submit").await;
    step(app, OWNER_MANAGER, "SKL", month, "approve").await;
}

fn line<'a>(lines: &'a Value, category: &str) -> &'a Value {
    lines
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["category"] == category)
        .unwrap()
}

fn part<'a>(d: &'a Value, code: &str) -> &'a Value {
    d["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == code)
        .unwrap()
}

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

/// January: Mölndal 120 h (34 776.00) and 20 000.00 public cash, Partille 10 000.00
/// services, GR 1 000.00 travel.
pub async fn january(app: &TestApp) {
    let staff = staff_with_salary(app, "molndal.economist@plugin.example", "1481", "M-1",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    TimesheetBuilder::new(
        app,
        "molndal.economist@plugin.example",
        "molndal.manager@plugin.example",
        staff,
    )
    .month("2013-01")
    .attested()
    .await;
    entry(
        app,
        "molndal",
        "/api/v1/cash-cofinancing",
        cash(app.org_id("1481"), "2013-01", "20000"),
    )
    .await;
    entry(
        app,
        "partille",
        "/api/v1/other-costs",
        other_cost(app.org_id("1402"), "2013-01-15", "services", "10000", "P-1"),
    )
    .await;
    entry(
        app,
        "gr",
        "/api/v1/other-costs",
        other_cost(app.org_id("GR"), "2013-01-20", "travel", "1000", "GR-1"),
    )
    .await;
}

async fn claim(app: &TestApp, from: &str, to: &str) -> crate::harness::Response {
    app.post(
        "/api/v1/claims",
        &app.token(OWNER_MANAGER),
        json!({"from": from, "to": to}),
    )
    .await
}

async fn issue(app: &TestApp, id: i64, version: i64) -> crate::harness::Response {
    app.post(
        &format!("/api/v1/claims/{id}/issue"),
        &app.token(OWNER_MANAGER),
        json!({"version": version}),
    )
    .await
}

async fn from_municipal_entries_to_each_organisations_statement(app: TestApp) {
    project_from_2013(&app, json!({})).await;
    let admin = app.token("skl.admin@plugin.example");
    let res = app
        .put(
            "/api/v1/budgets",
            &admin,
            json!({"organisation_id": app.org_id("1481"), "year": 2013,
        "category": "staff", "amount": "100000"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    january(&app).await;
    let manager = app.token(OWNER_MANAGER);

    // Not consolidated yet.
    let res = claim(&app, "2013-01", "2013-01").await;
    assert_problem(&res, 409);
    assert!(
        res.body["detail"].as_str().unwrap().contains("2013-01"),
        "{}",
        res.text
    );
    consolidate(
        &app,
        "2013-01",
        &[("1481", "molndal"), ("1402", "partille")],
    )
    .await;

    let res = claim(&app, "2013-01", "2013-01").await;
    assert_eq!(res.status, 201, "{}", res.text);
    let c1 = res.body.clone();
    assert_eq!(c1["state"], "draft");
    assert_eq!(c1["number"], Value::Null);
    let staff = line(&c1["costs"], "staff");
    assert_eq!(staff["label"], "Lön personal");
    assert_eq!(
        (staff["period"].as_str(), staff["cumulative"].as_str()),
        (Some("34776.00"), Some("34776.00"))
    );
    assert_eq!(
        (staff["budget"].as_str(), staff["remaining"].as_str()),
        (Some("100000.00"), Some("65224.00"))
    );
    assert_eq!(line(&c1["costs"], "indirect")["period"], "5216.40"); // 15 % of 34 776.00
                                                                     // Services have no budget line: no budget, not a budget of 0.00 overrun.
    let services = line(&c1["costs"], "services");
    assert_eq!(
        (&services["budget"], &services["remaining"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(line(&c1["costs"], "services")["period"], "10000.00");
    assert_eq!(line(&c1["costs"], "travel")["period"], "1000.00");
    assert_eq!(
        line(&c1["cofinancing"], "public_cash")["period"],
        "20000.00"
    );
    assert_eq!(c1["total_costs"]["period"], "50992.40");
    assert_eq!(c1["total_eligible"]["period"], "50992.40");
    assert_eq!(c1["total_cofinancing"]["period"], "20000.00");
    // min(25 496.20, 30 992.40, 97 000 000) floored to kronor.
    assert_eq!(c1["esf"]["due_cumulative"], "25496.00");
    assert_eq!(c1["esf"]["requested"], "25496.00");
    let gr = c1["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "GR")
        .unwrap();
    assert_eq!(gr["eligible"], "50992.40");
    assert_eq!(c1["organisations"].as_array().unwrap().len(), 3);
    let id1 = c1["id"].as_i64().unwrap();

    // Drill-down: every figure to its entries.
    let res = app
        .get(
            &format!("/api/v1/claims/{id1}/lines?category=staff"),
            &manager,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let staff_lines = res.body.as_array().unwrap();
    assert_eq!(staff_lines.len(), 1);
    assert_eq!(staff_lines[0]["organisation_code"], "1481");
    assert_eq!(staff_lines[0]["month"], "2013-01");
    assert_eq!(staff_lines[0]["source"], "timesheet");
    assert_eq!(staff_lines[0]["subject"], "Anställd M-1 (M-1)");
    assert_eq!(staff_lines[0]["amount"], "34776.00");
    let indirect = app
        .get(
            &format!("/api/v1/claims/{id1}/lines?category=indirect"),
            &manager,
        )
        .await
        .body;
    assert_eq!(indirect[0]["amount"], "5216.40");
    assert_eq!(indirect[0]["organisation_code"], "1481");
    // What it is, in Swedish numbers: the rate and the base it is taken of.
    assert_eq!(
        indirect[0]["subject"],
        "15\u{a0}% av 34\u{a0}776,00\u{a0}kr (lön personal)"
    );
    let all = app
        .get(&format!("/api/v1/claims/{id1}/lines"), &manager)
        .await
        .body;
    assert_eq!(all.as_array().unwrap().len(), 5);
    let partille = app
        .get(
            &format!(
                "/api/v1/claims/{id1}/lines?organisation_id={}",
                app.org_id("1402")
            ),
            &manager,
        )
        .await
        .body;
    assert_eq!(partille.as_array().unwrap().len(), 1);
    assert_eq!(
        partille[0]["subject"],
        "Leverantör AB, ver. P-1: Handledning"
    );

    // Bad input: nothing changes.
    let claims_before = app.count("claims");
    assert_problem(&claim(&app, "2013-01", "2013-01").await, 409); // a draft covers it
    assert_problem(&claim(&app, "2013-02", "2013-02").await, 409); // a gap before it
    assert_problem(&claim(&app, "2013-01", "2012-12").await, 422);
    assert_problem(&claim(&app, "2012-12", "2013-01").await, 422);
    assert_problem(
        &app.post(
            "/api/v1/claims",
            &manager,
            json!({"from": "2013-13", "to": "2013-01"}),
        )
        .await,
        400,
    );
    for who in [
        "gr.manager@plugin.example",
        "skl.economist@plugin.example",
        "skl.admin@plugin.example",
        "molndal.manager@plugin.example",
    ] {
        assert_problem(
            &app.post(
                "/api/v1/claims",
                &app.token(who),
                json!({"from": "2013-01", "to": "2013-01"}),
            )
            .await,
            403,
        );
        assert_problem(&issue_as(&app, who, id1).await, 403);
    }
    assert_problem(
        &app.get(
            &format!("/api/v1/claims/{id1}"),
            &app.token("gr.manager@plugin.example"),
        )
        .await,
        403,
    );
    assert_eq!(app.count("claims"), claims_before);

    // Issue: numbered, frozen, its month claimed.
    assert_problem(&issue(&app, id1, 7).await, 409);
    let res = issue(&app, id1, 1).await;
    assert_eq!(res.status, 200, "{}", res.text);
    // The whole claim as issued, the same on both databases (ids and times aside).
    insta::assert_json_snapshot!("claim_1_issued", res.body, {
        ".id" => "[id]",
        ".created_at" => "[time]",
        ".computed_at" => "[time]",
        ".issued_at" => "[time]",
        ".sent_on" => "[today]",
    });
    assert_eq!(res.body["sent_on"], today());
    assert_eq!(res.body["number"], 1);
    assert_eq!(res.body["state"], "issued");
    assert_eq!(res.body["esf"]["requested"], "25496.00");
    let version = res.body["version"].as_i64().unwrap();
    assert_problem(&issue(&app, id1, version).await, 409);
    assert_problem(
        &app.post(
            &format!("/api/v1/claims/{id1}/recompute"),
            &manager,
            json!({"version": version}),
        )
        .await,
        409,
    );
    assert_problem(
        &app.send(
            actix_web::test::TestRequest::delete()
                .uri(&format!("/api/v1/claims/{id1}?version={version}"))
                .insert_header(("Authorization", format!("Bearer {manager}")))
                .to_request(),
        )
        .await,
        409,
    );
    let skl = app
        .get(
            &format!("/api/v1/monthly-reports/{}/2013-01", app.org_id("SKL")),
            &manager,
        )
        .await;
    assert_eq!(skl.body["state"], "claimed");
    assert_problem(&claim(&app, "2013-01", "2013-01").await, 409); // already claimed

    // The payment: bad amounts, then 25 000.00 distributed to the öre.
    let pay = |amount: &str| json!({"amount": amount, "paid_on": today()});
    let path = format!("/api/v1/claims/{id1}/payment");
    assert_problem(
        &app.get(&format!("/api/v1/claims/{id1}/distribution"), &manager)
            .await,
        409,
    );
    assert_problem(&app.post(&path, &manager, pay("25496.01")).await, 422);
    assert_problem(&app.post(&path, &manager, pay("-1")).await, 422);
    assert_problem(&app.post(&path, &manager, pay("1.001")).await, 422);
    assert_problem(
        &app.post(
            &path,
            &manager,
            json!({"amount": "1", "paid_on": "2013-01-01"}),
        )
        .await,
        422,
    );
    assert_problem(
        &app.post(&path, &app.token("gr.manager@plugin.example"), pay("25000"))
            .await,
        403,
    );
    assert_eq!(app.count("payments"), 0);
    let res = app.post(&path, &manager, pay("25000")).await;
    assert_eq!(res.status, 201, "{}", res.text);
    let d = res.body.clone();
    assert_eq!(d["key"], "total_eligible");
    assert_eq!(d["total_basis"], "50992.40");
    assert_eq!(
        (
            part(&d, "1481")["basis"].as_str(),
            part(&d, "1481")["part"].as_str()
        ),
        (Some("39992.40"), Some("19607.04"))
    );
    assert_eq!(part(&d, "1481")["share_percent"], "78.4282");
    assert_eq!(part(&d, "1402")["part"], "4902.69");
    assert_eq!(part(&d, "GR")["part"], "490.27");
    let gr = &d["regions"][0];
    assert_eq!(
        (
            gr["own_part"].as_str(),
            gr["municipalities_part"].as_str(),
            gr["part"].as_str()
        ),
        (Some("490.27"), Some("24509.73"), Some("25000.00"))
    );
    assert_problem(&app.post(&path, &manager, pay("1")).await, 409); // recorded already

    // Each organisation reads its own part; a statement it can read.
    let molndal = app.token("molndal.economist@plugin.example");
    let own = app
        .get(&format!("/api/v1/claims/{id1}/distribution"), &molndal)
        .await;
    assert_eq!(own.status, 200, "{}", own.text);
    assert_eq!(own.body["organisations"].as_array().unwrap().len(), 1);
    assert_eq!(own.body["total_basis"], "50992.40");
    let s = app
        .get(&format!("/api/v1/claims/{id1}/statement"), &molndal)
        .await;
    assert_eq!(s.status, 200, "{}", s.text);
    assert_eq!(s.body["part"]["part"], "19607.04");
    assert_eq!(s.body["figures"]["eligible"], "39992.40");
    let words = s.body["explanation"].as_str().unwrap();
    assert!(
        words.contains("19\u{a0}607,04\u{a0}kr")
            && words.contains("25\u{a0}000,00\u{a0}kr")
            && words.contains("78,4282\u{a0}%"),
        "{words}"
    );
    assert_problem(
        &app.get(
            &format!(
                "/api/v1/claims/{id1}/statement?organisation_id={}",
                app.org_id("1481")
            ),
            &app.token("partille.economist@plugin.example"),
        )
        .await,
        404,
    );
    let res = app
        .get(&format!("/api/v1/claims/{id1}/statement/export"), &molndal)
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let book = workbook(&res.bytes);
    assert_eq!(book.sheet_names(), vec!["Besked"]);
    let res = app
        .get(
            &format!("/api/v1/claims/{id1}/distribution/export"),
            &manager,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let mut book = workbook(&res.bytes);
    assert_eq!(book.sheet_names(), vec!["Fördelning", "Per region"]);
    use calamine::Reader;
    let sheet = book.worksheet_range("Fördelning").unwrap();
    // Under the title block, the heading (row 3), three parts and their Summa.
    let shown: i64 = (4..=6).map(|r| ore(sheet.get_value((r, 5)).unwrap())).sum();
    assert_eq!(shown, 2_500_000);
    assert_eq!(sheet.get_value((7, 1)).unwrap().to_string(), "Summa");
    assert_eq!(ore(sheet.get_value((7, 5)).unwrap()), 2_500_000);

    // February, a second claim on top of the first.
    entry(
        &app,
        "partille",
        "/api/v1/other-costs",
        other_cost(app.org_id("1402"), "2013-02-11", "services", "50000", "P-2"),
    )
    .await;
    entry(
        &app,
        "molndal",
        "/api/v1/cash-cofinancing",
        cash(app.org_id("1481"), "2013-02", "30000"),
    )
    .await;
    consolidate(
        &app,
        "2013-02",
        &[("1481", "molndal"), ("1402", "partille")],
    )
    .await;
    let res = claim(&app, "2013-02", "2013-02").await;
    assert_eq!(res.status, 201, "{}", res.text);
    let c2 = res.body.clone();
    let id2 = c2["id"].as_i64().unwrap();
    assert_eq!(line(&c2["costs"], "services")["cumulative"], "60000.00");
    assert_eq!(c2["total_eligible"]["cumulative"], "100992.40");
    assert_eq!(c2["total_cofinancing"]["cumulative"], "50000.00");
    // min(50 496.20, 50 992.40, budget) → 50 496; less 25 496 requested before.
    assert_eq!(c2["esf"]["due_cumulative"], "50496.00");
    assert_eq!(c2["esf"]["requested_earlier"], "25496.00");
    assert_eq!(c2["esf"]["requested"], "25000.00");
    // At 60 % the co-financing cap binds: min(60 595.44, 50 992.40) → 50 992.
    // (An amended grant decision: issued claim 1 keeps what it was issued with.)
    project_from_2013(
        &app,
        json!({"support_rate_percent": "60", "amendment_reason": "Ändrat beslut"}),
    )
    .await;
    let res = app
        .post(
            &format!("/api/v1/claims/{id2}/recompute"),
            &manager,
            json!({"version": 1}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["esf"]["due_cumulative"], "50992.00");
    assert_eq!(res.body["esf"]["requested"], "25496.00");
    // And with an approved ESF budget of 40 000 the budget binds.
    project_from_2013(
        &app,
        json!({"approved_esf_budget": "40000", "amendment_reason": "Ändrat beslut"}),
    )
    .await;
    let res = app
        .post(
            &format!("/api/v1/claims/{id2}/recompute"),
            &manager,
            json!({"version": 2}),
        )
        .await;
    assert_eq!(
        res.body["esf"]["due_cumulative"], "40000.00",
        "{}",
        res.text
    );
    assert_eq!(res.body["esf"]["requested"], "14504.00");
    assert_eq!(res.body["esf"]["remaining_budget"], "0.00");
    let res = issue(&app, id2, 3).await;
    assert_eq!(res.body["number"], 2, "{}", res.text);
    // Claim 1 is unchanged by the new settings, a renamed organisation and a new budget.
    let partille_org = app
        .get(
            &format!("/api/v1/organisations/{}", app.org_id("1402")),
            &admin,
        )
        .await
        .body;
    let res = app
        .patch(
            &format!("/api/v1/organisations/{}", app.org_id("1402")),
            &admin,
            json!({"name": "Partille kommun (nytt namn)", "version": partille_org["version"]}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let res = app
        .put(
            "/api/v1/budgets",
            &admin,
            json!({"organisation_id": app.org_id("1481"), "year": 2013,
        "category": "staff", "amount": "1", "version": 1}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let again = app
        .get(&format!("/api/v1/claims/{id1}"), &manager)
        .await
        .body;
    assert_eq!(again["organisations"], c1["organisations"]);
    assert_eq!(again["regions"], c1["regions"]);
    assert_eq!(
        part(
            &app.get(&format!("/api/v1/claims/{id1}/distribution"), &manager)
                .await
                .body,
            "1402"
        )["name"],
        part(&d, "1402")["name"]
    );
    assert_eq!(again["esf"], c1["esf"]);
    assert_eq!(again["costs"], c1["costs"]);

    // The workbook: the summary like the ESF form, a sheet per category and region.
    let res = app
        .get(
            &format!("/api/v1/claims/{id2}/export"),
            &app.token("skl.auditor@plugin.example"),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert!(res
        .headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("ansokan-om-utbetalning-2-2013-02-2013-02.xlsx"));
    let mut book = workbook(&res.bytes);
    let names = book.sheet_names();
    assert_eq!(names[0], "Sammanställning");
    for sheet in [
        "Lön personal",
        "Köp av tjänst",
        "Indirekta utgifter",
        "Kontanta medel",
        "Region GR",
        "Alla organisationer",
    ] {
        assert!(names.iter().any(|n| n == sheet), "{sheet} in {names:?}");
    }
    let summary = book.worksheet_range("Sammanställning").unwrap();
    assert_eq!(
        summary.get_value((5, 0)).unwrap().to_string(),
        "Lön personal"
    );
    assert_eq!(ore(summary.get_value((5, 1)).unwrap()), 0); // nothing in February
    assert_eq!(ore(summary.get_value((5, 2)).unwrap()), 3_477_600); // cumulative
    assert_eq!(ore(summary.get_value((5, 3)).unwrap()), 10_000_000); // budget
    assert_eq!(
        ore(summary.get_value((5, 4)).unwrap()),
        10_000_000 - 3_477_600
    );
    // "Köp av tjänst" has spending and no budget line: its budget cells stay empty.
    assert_eq!(
        summary.get_value((6, 0)).unwrap().to_string(),
        "Köp av tjänst"
    );
    assert_eq!(ore(summary.get_value((6, 2)).unwrap()), 6_000_000);
    for col in [3, 4] {
        assert!(
            matches!(
                summary.get_value((6, col)),
                None | Some(calamine::Data::Empty)
            ),
            "{:?}",
            summary.get_value((6, col))
        );
    }
    let services = book.worksheet_range("Köp av tjänst").unwrap();
    assert_eq!(services.height(), 3); // header, the February line, the sum
    if let Some(sheets) = crate::spreadsheet::open_in_libreoffice(&res.bytes, "claim") {
        let summary = &sheets["Sammanställning"];
        assert_eq!(summary[5][0], "Lön personal", "{summary:?}");
        assert_eq!(
            crate::spreadsheet::shown_ore(&summary[5][2]),
            3_477_600,
            "{summary:?}"
        );
    }

    let res = app
        .get(
            "/api/v1/admin/verify",
            &app.token("skl.auditor@plugin.example"),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["breaches"], json!([]));
    assert_eq!(res.body["issued_claims"], 2);
    assert_eq!(res.body["payments"], 1);
    assert_problem(&app.get("/api/v1/admin/verify", &manager).await, 403);
    let list = app
        .get("/api/v1/claims", &app.token("skl.economist@plugin.example"))
        .await;
    assert_eq!(list.body.as_array().unwrap().len(), 2);
}

async fn an_issued_claim_never_changes_and_verify_finds_tampering(app: TestApp) {
    project_from_2013(&app, json!({})).await;
    let org = app.org_id("1481");
    let cost = entry(
        &app,
        "molndal",
        "/api/v1/other-costs",
        other_cost(org, "2013-01-10", "materials", "2000", "M-9"),
    )
    .await;
    consolidate(&app, "2013-01", &[("1481", "molndal")]).await;
    let c = claim(&app, "2013-01", "2013-01").await.body;
    let id = c["id"].as_i64().unwrap();
    let issued = issue(&app, id, 1).await.body;
    assert_eq!(issued["esf"]["requested"], "1000.00");
    let manager = app.token(OWNER_MANAGER);
    let before = app
        .get(&format!("/api/v1/claims/{id}"), &manager)
        .await
        .text;
    let lines_before = app
        .get(&format!("/api/v1/claims/{id}/lines"), &manager)
        .await
        .text;

    // Someone alters the entry behind the API's back.
    {
        use diesel::RunQueryDsl;
        diesel::sql_query(format!(
            "UPDATE other_costs SET amount_ore = 999900 WHERE id = {cost}"
        ))
        .execute(&mut *app.conn())
        .unwrap();
    }
    assert_eq!(
        app.get(&format!("/api/v1/claims/{id}"), &manager)
            .await
            .text,
        before
    );
    assert_eq!(
        app.get(&format!("/api/v1/claims/{id}/lines"), &manager)
            .await
            .text,
        lines_before
    );
    let res = app
        .get(
            "/api/v1/admin/verify",
            &app.token("skl.admin@plugin.example"),
        )
        .await;
    let breaches = res.body["breaches"].as_array().unwrap();
    // The claim's frozen line, and the closed month's stored figures (issue 17), both
    // differ from the altered entry.
    assert_eq!(breaches.len(), 2, "{}", res.text);
    assert!(
        breaches[0].as_str().unwrap().contains(&format!(
            "other_cost {cost} of 2013-01 changed after the claim was issued (2000.00 → 9999.00)"
        )),
        "{}",
        res.text
    );
    assert_eq!(
        breaches[1],
        format!(
            "organisation {org}, month 2013-01: the stored figures of the closed month differ from its entries"
        ),
        "{}",
        res.text
    );
    // The command line says the same and exits non-zero.
    let dir = tempfile::tempdir().unwrap();
    let out = crate::cli::cli(dir.path(), Some(&app.database_url()), &["verify"], None);
    assert!(!out.status.success());
    assert!(
        crate::cli::stdout(&out).contains("BREACH: claim 1: other_cost"),
        "{}",
        crate::cli::stdout(&out)
    );
    {
        use diesel::RunQueryDsl;
        diesel::sql_query(format!(
            "UPDATE other_costs SET amount_ore = 200000 WHERE id = {cost}"
        ))
        .execute(&mut *app.conn())
        .unwrap();
        diesel::sql_query(format!(
            "UPDATE claim_lines SET amount_ore = 1 WHERE claim_id = {id}"
        ))
        .execute(&mut *app.conn())
        .unwrap();
    }
    let res = app
        .get(
            "/api/v1/admin/verify",
            &app.token("skl.admin@plugin.example"),
        )
        .await;
    let text = res.text.clone();
    assert!(
        text.contains("its lines were altered")
            && text.contains("no longer equal the sum of its lines"),
        "{text}"
    );
    {
        use diesel::RunQueryDsl;
        diesel::sql_query(format!(
            "UPDATE claim_lines SET amount_ore = 200000 WHERE claim_id = {id}"
        ))
        .execute(&mut *app.conn())
        .unwrap();
    }
    let out = crate::cli::cli(dir.path(), Some(&app.database_url()), &["verify"], None);
    assert!(out.status.success(), "{}", crate::cli::stdout(&out));
    assert!(crate::cli::stdout(&out)
        .contains("checked 1 issued claim(s) and 0 payment(s): all invariants hold"));
}

async fn two_simultaneous_issues_on_two_instances_give_one_claim(app: TestApp) {
    project_from_2013(&app, json!({})).await;
    entry(
        &app,
        "gr",
        "/api/v1/other-costs",
        other_cost(app.org_id("GR"), "2013-01-20", "travel", "1000", "GR-1"),
    )
    .await;
    consolidate(&app, "2013-01", &[]).await;
    let id = claim(&app, "2013-01", "2013-01").await.body["id"]
        .as_i64()
        .unwrap();
    let other = app.second_instance().await;
    let (a, b) = futures_util::future::join(issue(&app, id, 1), issue(&other, id, 1)).await;
    let mut statuses = vec![a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, vec![200, 409], "{} / {}", a.text, b.text);
    let refused = if a.status == 409 { &a } else { &b };
    assert!(
        refused.body["detail"].as_str().unwrap().contains("issued"),
        "{}",
        refused.text
    );
    assert_eq!(app.count("claims"), 1);
    let claims = app
        .get("/api/v1/claims", &app.token(OWNER_MANAGER))
        .await
        .body;
    assert_eq!(claims[0]["number"], 1);
    assert_eq!(app.count("claim_lines"), 1);
}

async fn drill_down_leads_to_the_imported_file_and_row(app: TestApp) {
    use crate::excel::{sheet_workbook, t, Cell, OTHER_HEADERS, XLSX};
    project_from_2013(&app, json!({})).await;
    let org = app.org_id("1481");
    let rows = vec![
        vec![
            t("2013-01-12"),
            t("resa"),
            Cell::Number(1234.5),
            t("Västtrafik"),
            t("V-1"),
            t("Studiebesök"),
        ],
        vec![
            t("2013-01-13"),
            t("köp av tjänst"),
            Cell::Number(100.0),
            t("Konsult AB"),
            t("V-2"),
            t("Handledning"),
        ],
    ];
    let req = actix_web::test::TestRequest::post()
        .uri(&format!(
            "/api/v1/imports/other-costs?organisation_id={org}"
        ))
        .insert_header((
            "Authorization",
            format!("Bearer {}", app.token("molndal.economist@plugin.example")),
        ))
        .insert_header(("content-type", XLSX))
        .insert_header((
            "content-disposition",
            "attachment; filename=\"kostnader januari.xlsx\"",
        ))
        .set_payload(sheet_workbook("Övriga kostnader", &OTHER_HEADERS, &rows))
        .to_request();
    let res = app.send(req).await;
    assert_eq!(res.status, 200, "{}", res.text);
    entry(
        &app,
        "molndal",
        "/api/v1/other-costs",
        other_cost(org, "2013-01-20", "materials", "50", "V-3"),
    )
    .await;
    consolidate(&app, "2013-01", &[("1481", "molndal")]).await;
    let id = claim(&app, "2013-01", "2013-01").await.body["id"]
        .as_i64()
        .unwrap();
    let manager = app.token(OWNER_MANAGER);
    for issued in [false, true] {
        if issued {
            assert_eq!(issue(&app, id, 1).await.status, 200);
        }
        let travel = app
            .get(
                &format!("/api/v1/claims/{id}/lines?category=travel"),
                &manager,
            )
            .await
            .body;
        assert_eq!(
            travel[0]["import_file"], "kostnader januari.xlsx",
            "{travel}"
        );
        assert_eq!(travel[0]["import_row"], 2);
        assert_eq!(travel[0]["amount"], "1234.50");
        let services = app
            .get(
                &format!("/api/v1/claims/{id}/lines?category=services"),
                &manager,
            )
            .await
            .body;
        assert_eq!(services[0]["import_row"], 3);
        let materials = app
            .get(
                &format!("/api/v1/claims/{id}/lines?category=materials"),
                &manager,
            )
            .await
            .body;
        assert_eq!(materials[0]["import_file"], Value::Null); // entered as JSON
    }
    assert_eq!(app.count("imports"), 1);
}

async fn the_direct_cash_key_leaves_in_kind_contributions_out(app: TestApp) {
    project_from_2013(&app, json!({"distribution_key": "direct_cash"})).await;
    entry(
        &app,
        "molndal",
        "/api/v1/other-costs",
        other_cost(app.org_id("1481"), "2013-01-10", "services", "1000", "M-1"),
    )
    .await;
    // Partille provides premises free of charge: eligible, but no cash cost.
    entry(&app, "partille", "/api/v1/premises", json!({ "organisation_id": app.org_id("1402"), "month": "2013-01",
        "description": "Lokal utan hyra", "monthly_cost": "3000", "share_percent": "100", "financing": "in_kind" })).await;
    consolidate(
        &app,
        "2013-01",
        &[("1481", "molndal"), ("1402", "partille")],
    )
    .await;
    let c = claim(&app, "2013-01", "2013-01").await.body;
    assert_eq!(c["settings"]["distribution_key"], "direct_cash");
    assert_eq!(c["total_eligible"]["period"], "4000.00");
    assert_eq!(line(&c["cofinancing"], "in_kind")["period"], "3000.00");
    // min(2 000, 4 000 − 3 000) = 1 000.
    assert_eq!(c["esf"]["requested"], "1000.00");
    let id = c["id"].as_i64().unwrap();
    // The settings change after the draft was reviewed: issuing it is refused.
    project_from_2013(
        &app,
        json!({"distribution_key": "direct_cash", "indirect_rate_percent": "10"}),
    )
    .await;
    let res = issue(&app, id, 1).await;
    assert_problem(&res, 409);
    assert!(
        res.body["detail"].as_str().unwrap().contains("recompute"),
        "{}",
        res.text
    );
    project_from_2013(&app, json!({"distribution_key": "direct_cash"})).await;
    assert_eq!(issue(&app, id, 1).await.status, 200);
    let res = app
        .post(
            &format!("/api/v1/claims/{id}/payment"),
            &app.token(OWNER_MANAGER),
            json!({"amount": "999.99", "paid_on": today()}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.body["total_basis"], "1000.00");
    assert_eq!(part(&res.body, "1481")["part"], "999.99");
    assert_eq!(
        (
            part(&res.body, "1402")["basis"].as_str(),
            part(&res.body, "1402")["part"].as_str()
        ),
        (Some("0.00"), Some("0.00"))
    );
    // Each statement's first table adds up to its basis under this key; what the claim
    // holds beside it (Partille's premises lent free) is listed apart.
    for (who, basis, apart) in [
        ("molndal", 100_000, None),
        (
            "partille",
            0,
            Some(("Offentligt bidrag i annat än pengar", 300_000)),
        ),
    ] {
        let res = app
            .get(
                &format!("/api/v1/claims/{id}/statement/export"),
                &app.token(&format!("{who}.economist@plugin.example")),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
        use calamine::Reader;
        let sheet = workbook(&res.bytes).worksheet_range("Besked").unwrap();
        let text = |r: u32| {
            sheet
                .get_value((r, 0))
                .map(|v| v.to_string())
                .unwrap_or_default()
        };
        let at = |label: &str| (0..sheet.height() as u32).find(|r| text(*r) == label);
        let heading = at("Era direkta kontanta kostnader i ansökan").expect("the basis table");
        let summa = (heading..sheet.height() as u32)
            .find(|r| text(*r).starts_with("Summa"))
            .unwrap();
        assert_eq!(ore(sheet.get_value((summa, 1)).unwrap()), basis, "{who}");
        match apart {
            Some((label, amount)) => {
                assert!(
                    at("Övrigt i ansökan (ingår inte i underlaget)").is_some(),
                    "{who}"
                );
                assert_eq!(
                    ore(sheet.get_value((at(label).unwrap(), 1)).unwrap()),
                    amount
                );
            }
            None => assert!(at("Övrigt i ansökan (ingår inte i underlaget)").is_none()),
        }
    }
    // Someone edits a stored part: verify says the distribution no longer adds up.
    {
        use diesel::RunQueryDsl;
        diesel::sql_query(format!(
            "UPDATE distribution_parts SET part_ore = part_ore + 1 WHERE organisation_id = {}",
            app.org_id("1402")
        ))
        .execute(&mut *app.conn())
        .unwrap();
        diesel::sql_query(format!(
            "UPDATE claims SET esf_requested_ore = 100100 WHERE id = {id}"
        ))
        .execute(&mut *app.conn())
        .unwrap();
    }
    let res = app
        .get(
            "/api/v1/admin/verify",
            &app.token("skl.auditor@plugin.example"),
        )
        .await;
    let text = res.text.clone();
    assert!(
        text.contains("the distribution adds up to 1000.00 but the payment is 999.99"),
        "{text}"
    );
    assert!(text.contains("do not follow from its figures"), "{text}");
}

async fn a_claim_spans_the_turn_of_a_year(app: TestApp) {
    project_from_2013(&app, json!({"start_date": "2012-11-01"})).await;
    entry(
        &app,
        "gr",
        "/api/v1/other-costs",
        other_cost(app.org_id("GR"), "2012-12-20", "travel", "1000", "GR-1"),
    )
    .await;
    for month in ["2012-11", "2012-12", "2013-01"] {
        consolidate(&app, month, &[]).await;
    }
    let res = claim(&app, "2012-11", "2013-02").await;
    assert_problem(&res, 409);
    assert!(
        res.body["detail"]
            .as_str()
            .unwrap()
            .contains("2013-02 (the project's report is open)"),
        "{}",
        res.text
    );
    let res = claim(&app, "2012-11", "2013-01").await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.body["total_eligible"]["period"], "1000.00");
    let issued = issue(&app, res.body["id"].as_i64().unwrap(), 1).await;
    assert_eq!(issued.status, 200, "{}", issued.text);
    for month in ["2012-11", "2012-12", "2013-01"] {
        let r = app
            .get(
                &format!("/api/v1/monthly-reports/{}/{month}", app.org_id("SKL")),
                &app.token(OWNER_MANAGER),
            )
            .await;
        assert_eq!(r.body["state"], "claimed", "{month}");
    }
    let r = app
        .get(
            &format!("/api/v1/monthly-reports/{}/2012-12", app.org_id("GR")),
            &app.token(OWNER_MANAGER),
        )
        .await;
    assert_eq!(r.body["state"], "claimed");
    // Every organisation's month is closed, also where nothing was reported.
    let res = app
        .post(
            "/api/v1/other-costs",
            &app.token("molndal.economist@plugin.example"),
            other_cost(app.org_id("1481"), "2012-12-05", "travel", "10", "LATE-1"),
        )
        .await;
    assert_problem(&res, 409);
    let r = app
        .get(
            &format!("/api/v1/monthly-reports/{}/2012-12", app.org_id("1481")),
            &app.token(OWNER_MANAGER),
        )
        .await;
    assert_eq!(r.body["state"], "claimed");
}

async fn a_month_with_an_unconsolidated_organisation_is_not_claimed(app: TestApp) {
    project_from_2013(&app, json!({})).await;
    // Partille has a cost but never submits. The owner cannot submit its report over it
    // (GR, above Partille, is not decided: every kind of entry counts, not only
    // timesheets as before), and no claim covers the month.
    entry(
        &app,
        "partille",
        "/api/v1/other-costs",
        other_cost(app.org_id("1402"), "2013-01-15", "services", "100", "P-1"),
    )
    .await;
    let path = format!("/api/v1/monthly-reports/{}/2013-01", app.org_id("SKL"));
    let res = app
        .post(
            &format!("{path}/submit"),
            &app.token("skl.economist@plugin.example"),
            json!({"version": 0}),
        )
        .await;
    assert_problem(&res, 409);
    assert!(res.text.contains("(GR)"), "{}", res.text);
    let res = claim(&app, "2013-01", "2013-01").await;
    assert_problem(&res, 409);
    assert_eq!(app.count("claims"), 0);
}

/// Issue 13.4: corrections that lower the cumulative ESF due below what earlier claims
/// requested would make a claim with a negative request; it is not issued.
async fn a_claim_that_would_request_less_than_nothing_is_not_issued(app: TestApp) {
    project_from_2013(&app, json!({})).await;
    let molndal = app.org_id("1481");
    let original = entry(
        &app,
        "molndal",
        "/api/v1/other-costs",
        other_cost(molndal, "2013-01-15", "services", "10000", "M-1"),
    )
    .await;
    consolidate(&app, "2013-01", &[("1481", "molndal")]).await;
    let first = claim(&app, "2013-01", "2013-01").await;
    assert_eq!(first.status, 201, "{}", first.text);
    let issued = issue(&app, first.body["id"].as_i64().unwrap(), 1).await;
    assert_eq!(issued.status, 200, "{}", issued.text);
    assert_eq!(issued.body["esf"]["requested"], "5000.00");
    let mut credit = other_cost(molndal, "2013-02-10", "services", "-10000", "M-1-K");
    credit["adjustment"] = json!({ "adjusts_id": original, "reason": "Kreditfaktura" });
    entry(&app, "molndal", "/api/v1/other-costs", credit).await;
    consolidate(&app, "2013-02", &[("1481", "molndal")]).await;
    let second = claim(&app, "2013-02", "2013-02").await;
    assert_eq!(second.status, 201, "{}", second.text);
    assert_eq!(second.body["esf"]["requested"], "-5000.00");
    let refused = issue(&app, second.body["id"].as_i64().unwrap(), 1).await;
    assert_problem(&refused, 409);
    assert!(refused.text.contains("-5000.00"), "{}", refused.text);
    let verify = app
        .get(
            "/api/v1/admin/verify",
            &app.token("skl.admin@plugin.example"),
        )
        .await;
    assert_eq!(verify.body["breaches"], json!([]), "{}", verify.text);
}

/// Issue 13.12: once a claim is issued the start is frozen, the end cannot come before
/// the last claimed month, and rates, budget and key change only with an amendment
/// reason (audited); verify notices a start moved behind the service's back.
async fn issued_claims_freeze_the_project_settings(app: TestApp) {
    project_from_2013(&app, json!({})).await;
    let molndal = app.org_id("1481");
    entry(
        &app,
        "molndal",
        "/api/v1/other-costs",
        other_cost(molndal, "2013-01-15", "services", "10000", "M-1"),
    )
    .await;
    consolidate(&app, "2013-01", &[("1481", "molndal")]).await;
    let first = claim(&app, "2013-01", "2013-01").await;
    let issued = issue(&app, first.body["id"].as_i64().unwrap(), 1).await;
    assert_eq!(issued.status, 200, "{}", issued.text);
    let admin = app.token("skl.admin@plugin.example");
    let settings = || async {
        let mut input = app.get("/api/v1/project", &admin).await.body;
        input.as_object_mut().unwrap().remove("updated_at");
        input
    };
    let mut moved = settings().await;
    moved["start_date"] = json!("2013-02-01");
    moved["support_rate_percent"] = json!("40");
    moved["indirect_rate_percent"] = json!("20");
    let res = app.put("/api/v1/project", &admin, moved.clone()).await;
    assert_problem(&res, 409);
    assert_eq!(
        crate::harness::error_fields(&res),
        vec![
            "start_date",
            "support_rate_percent",
            "indirect_rate_percent"
        ]
    );
    // An amended decision changes the rates, never the start.
    moved["amendment_reason"] = json!("Ändrat beslut 2013-02-20");
    let res = app.put("/api/v1/project", &admin, moved).await;
    assert_eq!(crate::harness::error_fields(&res), vec!["start_date"]);
    let mut amended = settings().await;
    amended["support_rate_percent"] = json!("40");
    amended["amendment_reason"] = json!("Ändrat beslut 2013-02-20");
    let res = app.put("/api/v1/project", &admin, amended).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let audit = app
        .get(
            &format!(
                "/api/v1/audit-log?organisation_id={}&entity=project",
                app.org_id("SKL")
            ),
            &admin,
        )
        .await;
    assert_eq!(
        audit.body["items"][0]["after"]["amendment_reason"],
        "Ändrat beslut 2013-02-20"
    );
    let mut renamed = settings().await;
    renamed["name"] = json!("Plug In, etapp 1");
    let res = app.put("/api/v1/project", &admin, renamed).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let verify = app.get("/api/v1/admin/verify", &admin).await;
    assert_eq!(verify.body["breaches"], json!([]), "{}", verify.text);
    // The start moved past claim 1 behind the service's back: verify sees it.
    diesel::RunQueryDsl::execute(
        diesel::sql_query("UPDATE projects SET start_date = '2013-02-01'"),
        &mut *app.conn(),
    )
    .unwrap();
    let verify = app.get("/api/v1/admin/verify", &admin).await;
    assert!(
        verify
            .text
            .contains("claim 1: covers 2013-01..2013-01 but the project runs 2013-02.."),
        "{}",
        verify.text
    );
}

/// Issue 13.16: a historical claim is recorded with the day it was sent and its payment
/// with the day the money came, within sane bounds: after the claim's months, not in the
/// future, a payment not before its claim was sent. Both are audited.
async fn historical_claims_and_payments_keep_their_dates(app: TestApp) {
    project_from_2013(&app, json!({})).await;
    let molndal = app.org_id("1481");
    entry(
        &app,
        "molndal",
        "/api/v1/other-costs",
        other_cost(molndal, "2013-01-15", "services", "10000", "M-1"),
    )
    .await;
    consolidate(&app, "2013-01", &[("1481", "molndal")]).await;
    let draft = claim(&app, "2013-01", "2013-01").await;
    assert_eq!(draft.status, 201, "{}", draft.text);
    let id = draft.body["id"].as_i64().unwrap();
    let manager = app.token(OWNER_MANAGER);
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(1)).to_string();
    for (sent_on, rule) in [
        ("2013-01-31", "after the claim's last month"),
        (tomorrow.as_str(), "in the future"),
        ("2013-2-1", ""),
    ] {
        let res = app
            .post(
                &format!("/api/v1/claims/{id}/issue"),
                &manager,
                json!({"version": 1, "sent_on": sent_on}),
            )
            .await;
        if rule.is_empty() {
            assert_problem(&res, 400);
        } else {
            assert_problem(&res, 422);
            assert_eq!(error_fields(&res), vec!["sent_on"], "{}", res.text);
            assert!(res.text.contains(rule), "{}", res.text);
        }
    }
    assert_eq!(app.count("claims WHERE state = 'issued'"), 0);
    let issued = app
        .post(
            &format!("/api/v1/claims/{id}/issue"),
            &manager,
            json!({"version": 1, "sent_on": "2013-02-01"}),
        )
        .await;
    assert_eq!(issued.status, 200, "{}", issued.text);
    assert_eq!(issued.body["sent_on"], "2013-02-01");
    let listed = app.get("/api/v1/claims", &manager).await;
    assert_eq!(listed.body[0]["sent_on"], "2013-02-01", "{}", listed.text);
    let path = format!("/api/v1/claims/{id}/payment");
    let pay = |paid_on: &str| {
        app.post(
            &path,
            &manager,
            json!({"amount": "5000", "paid_on": paid_on}),
        )
    };
    let early = pay("2013-01-31").await;
    assert_problem(&early, 422);
    assert_eq!(error_fields(&early), vec!["paid_on"]);
    assert!(early.text.contains("2013-02-01"), "{}", early.text);
    let future = pay(&tomorrow).await;
    assert_problem(&future, 422);
    assert_eq!(app.count("payments"), 0);
    let paid = pay("2013-06-14").await;
    assert_eq!(paid.status, 201, "{}", paid.text);
    assert_eq!(paid.body["payment"]["paid_on"], "2013-06-14");
    let audit = app.count(&format!(
        "audit_log WHERE entity = 'claim' AND entity_id = {id} AND action = 'issue' AND after_json LIKE '%\"sent_on\":\"2013-02-01\"%'"
    ));
    assert_eq!(audit, 1);
    let verify = app
        .get(
            "/api/v1/admin/verify",
            &app.token("skl.admin@plugin.example"),
        )
        .await;
    assert_eq!(verify.body["breaches"], json!([]), "{}", verify.text);
}

/// Issue 13.17: youth compensation without a confirmed attendance certificate is recorded
/// and shown as pending; it is left out of every sum (the month's figures, the region's,
/// the claim and its lines) until the certificate is confirmed.
async fn compensation_without_a_certificate_is_pending(app: TestApp) {
    project_from_2013(&app, json!({})).await;
    let molndal = app.org_id("1481");
    let e = app.token("molndal.economist@plugin.example");
    let res = app
        .post(
            "/api/v1/participants",
            &e,
            crate::participants::enrolment(
                molndal,
                &crate::participants::pnr("950412", "238"),
                "2013-01-07",
            ),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let enrolment_id = res.body["id"].as_i64().unwrap();
    let compensation = |kind: &str, amount: &str, confirmed: bool| {
        json!({ "organisation_id": molndal, "enrolment_id": enrolment_id, "month": "2013-01", "kind": kind,
                "amount": amount, "payer": "Mölndals stad", "certificate_confirmed": confirmed })
    };
    let pending = app
        .post(
            "/api/v1/compensation",
            &e,
            compensation("youth_compensation", "1500.50", false),
        )
        .await;
    assert_eq!(pending.status, 201, "{}", pending.text);
    assert_eq!(pending.body["certificate_confirmed"], false);
    assert_eq!(pending.body["counted"], false);
    let pending_id = pending.body["id"].as_i64().unwrap();
    let report = |path: String| {
        let app = &app;
        async move {
            app.get(&path, &app.token("gr.manager@plugin.example"))
                .await
                .body
        }
    };
    let own = report(format!("/api/v1/monthly-reports/{molndal}/2013-01")).await;
    let co = &own["totals"]["cofinancing"];
    assert_eq!(co["participant_compensation"], "0.00", "{own}");
    assert_eq!(co["participant_compensation_pending"], "1500.50", "{own}");
    assert_eq!(co["total"], "0.00");
    // Confirmed while the month is open: it counts.
    let res = app
        .put(
            &format!("/api/v1/compensation/{pending_id}"),
            &e,
            json!({ "version": 1, "organisation_id": molndal, "enrolment_id": enrolment_id, "month": "2013-01",
                    "kind": "youth_compensation", "amount": "1500.50", "payer": "Mölndals stad",
                    "certificate_confirmed": true }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["counted"], true);
    // Another, still pending.
    entry(
        &app,
        "molndal",
        "/api/v1/compensation",
        compensation("activity_compensation", "200", false),
    )
    .await;
    let own = report(format!("/api/v1/monthly-reports/{molndal}/2013-01")).await;
    let co = &own["totals"]["cofinancing"];
    assert_eq!(co["participant_compensation"], "1500.50", "{own}");
    assert_eq!(co["participant_compensation_pending"], "200.00");
    assert_eq!(co["total"], "1500.50");
    consolidate(&app, "2013-01", &[("1481", "molndal")]).await;
    let region = report(format!(
        "/api/v1/monthly-reports/{}/2013-01?view=consolidated",
        app.org_id("GR")
    ))
    .await;
    let co = &region["totals"]["cofinancing"];
    assert_eq!(co["participant_compensation"], "1500.50", "{region}");
    assert_eq!(co["participant_compensation_pending"], "200.00");
    let draft = claim(&app, "2013-01", "2013-01").await;
    assert_eq!(draft.status, 201, "{}", draft.text);
    assert_eq!(
        line(&draft.body["cofinancing"], "participant_compensation")["period"],
        "1500.50",
        "{}",
        draft.text
    );
    let id = draft.body["id"].as_i64().unwrap();
    let lines = app
        .get(
            &format!("/api/v1/claims/{id}/lines?category=participant_compensation"),
            &app.token(OWNER_MANAGER),
        )
        .await;
    assert_eq!(lines.body.as_array().unwrap().len(), 1, "{}", lines.text);
    assert_eq!(lines.body[0]["amount"], "1500.50");
}

both_backends!(
    compensation_without_a_certificate_is_pending,
    historical_claims_and_payments_keep_their_dates,
    issued_claims_freeze_the_project_settings,
    a_claim_that_would_request_less_than_nothing_is_not_issued,
    from_municipal_entries_to_each_organisations_statement,
    an_issued_claim_never_changes_and_verify_finds_tampering,
    two_simultaneous_issues_on_two_instances_give_one_claim,
    drill_down_leads_to_the_imported_file_and_row,
    the_direct_cash_key_leaves_in_kind_contributions_out,
    a_claim_spans_the_turn_of_a_year,
    a_month_with_an_unconsolidated_organisation_is_not_claimed
);

async fn issue_as(app: &TestApp, who: &str, id: i64) -> crate::harness::Response {
    app.post(
        &format!("/api/v1/claims/{id}/issue"),
        &app.token(who),
        json!({"version": 1}),
    )
    .await
}

fn workbook(bytes: &[u8]) -> calamine::Xlsx<std::io::Cursor<Vec<u8>>> {
    use calamine::Reader;
    calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap()
}

fn ore(cell: &calamine::Data) -> i64 {
    esf_ledger::domain::money::to_ore(esf_ledger::excel::cells::decimal(cell).unwrap()).unwrap()
}
