//! Staff, salaries and timesheets over HTTP: the worked examples of domain.md and every
//! bad input of the cost-collection issue.

use diesel::RunQueryDsl;
use serde_json::{json, Value};

use crate::both_backends;
use crate::harness::{assert_problem, error_fields, TestApp};

/// Creates a staff member in the organisation of `economist` with one salary record.
pub async fn staff_with_salary(
    app: &TestApp,
    economist: &str,
    org: &str,
    number: &str,
    salary: Value,
) -> i64 {
    let token = app.token(economist);
    let res = app
        .post("/api/v1/staff", &token, json!({ "organisation_id": app.org_id(org), "name": format!("Anställd {number}"), "employee_number": number }))
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let id = res.body["id"].as_i64().unwrap();
    let res = app
        .post(&format!("/api/v1/staff/{id}/salaries"), &token, salary)
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    id
}

/// Rows of `hours` on the first `days` weekdays-or-not of the month.
pub fn days(month: &str, count: u32, hours: &str) -> Value {
    Value::Array(
        (1..=count)
            .map(|d| json!({ "date": format!("{month}-{d:02}"), "hours": hours, "note": "metodverkstad" }))
            .collect(),
    )
}

fn full_time_30000() -> Value {
    json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })
}

async fn worked_example_120_hours_at_289_80(app: TestApp) {
    let economist = app.token("molndal.economist@plugin.example");
    let manager = app.token("molndal.manager@plugin.example");
    let staff = staff_with_salary(
        &app,
        "molndal.economist@plugin.example",
        "1481",
        "M-1",
        full_time_30000(),
    )
    .await;
    let res = app.post("/api/v1/timesheets", &economist, json!({
        "staff_id": staff, "month": "2013-03", "funding": "project", "rows": days("2013-03", 16, "7.5")
    })).await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.body["hours"], "120.00");
    assert_eq!(res.body["state"], "draft");
    assert_eq!(res.body["cost"], Value::Null);
    assert_eq!(res.body["rows"].as_array().unwrap().len(), 16);
    let id = res.body["id"].as_i64().unwrap();
    let path = format!("/api/v1/timesheets/{id}");

    // Only a signed timesheet can be attested.
    assert_problem(
        &app.post(&format!("{path}/attest"), &manager, json!({"version": 1}))
            .await,
        409,
    );
    let signed = app
        .post(&format!("{path}/sign"), &economist, json!({"version": 1}))
        .await;
    assert_eq!(signed.status, 200, "{}", signed.text);
    assert_eq!(signed.body["state"], "signed");
    assert_eq!(
        signed.body["signed_by"],
        app.user_id("molndal.economist@plugin.example")
    );
    // The economist may not attest; the manager may.
    assert_problem(
        &app.post(&format!("{path}/attest"), &economist, json!({"version": 2}))
            .await,
        403,
    );
    let attested = app
        .post(&format!("{path}/attest"), &manager, json!({"version": 2}))
        .await;
    assert_eq!(attested.status, 200, "{}", attested.text);
    assert_eq!(attested.body["state"], "attested");
    assert_eq!(attested.body["hourly_rate"], "289.80");
    assert_eq!(attested.body["cost"], "34776.00");
    // Attested timesheets no longer change.
    assert_problem(
        &app.put(
            &path,
            &economist,
            json!({"version": 3, "funding": "project", "rows": days("2013-03", 2, "1")}),
        )
        .await,
        409,
    );
    // A salary change that would alter the attested month is refused.
    let res = app.post(&format!("/api/v1/staff/{staff}/salaries"), &economist,
        json!({ "valid_from": "2013-02", "monthly_salary": "31000", "employment_rate_percent": "100" })).await;
    assert_problem(&res, 409);
    let later = app.post(&format!("/api/v1/staff/{staff}/salaries"), &economist,
        json!({ "valid_from": "2013-04", "monthly_salary": "31000", "employment_rate_percent": "100" })).await;
    assert_eq!(later.status, 201, "{}", later.text);
    // The GR manager (a level above) sees it; the Partille economist does not.
    assert_eq!(
        app.get(&path, &app.token("gr.manager@plugin.example"))
            .await
            .status,
        200
    );
    assert_problem(
        &app.get(&path, &app.token("partille.economist@plugin.example"))
            .await,
        404,
    );
    let list = app
        .get(
            &format!(
                "/api/v1/timesheets?month=2013-03&state=attested&organisation_id={}",
                app.org_id("1481")
            ),
            &manager,
        )
        .await;
    assert_eq!(list.body["total"], 1);
    let audit = app
        .get(
            &format!("/api/v1/audit-log?entity=timesheet&entity_id={id}"),
            &manager,
        )
        .await;
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["attest", "sign", "create"]);
}

async fn part_time_and_young_staff_rates(app: TestApp) {
    let economist = app.token("molndal.economist@plugin.example");
    let manager = app.token("molndal.manager@plugin.example");
    let half = staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "M-2",
        json!({ "valid_from": "2013-01", "monthly_salary": "15000", "employment_rate_percent": "50" })).await;
    let young = staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "M-3",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100", "social_fee_override_percent": "22.53" })).await;
    for (staff, rate, cost) in [(half, "289.80", "2318.40"), (young, "256.46", "2051.68")] {
        let res = app.post("/api/v1/timesheets", &economist, json!({
            "staff_id": staff, "month": "2013-05", "funding": "in_kind", "rows": days("2013-05", 1, "8")
        })).await;
        assert_eq!(res.status, 201, "{}", res.text);
        let id = res.body["id"].as_i64().unwrap();
        app.post(
            &format!("/api/v1/timesheets/{id}/sign"),
            &economist,
            json!({"version": 1}),
        )
        .await;
        let res = app
            .post(
                &format!("/api/v1/timesheets/{id}/attest"),
                &manager,
                json!({"version": 2}),
            )
            .await;
        assert_eq!(res.body["hourly_rate"], rate, "{}", res.text);
        assert_eq!(res.body["cost"], cost);
        assert_eq!(res.body["funding"], "in_kind");
    }
}

async fn four_eyes_refuses_the_signer(app: TestApp) {
    // A user with both roles enters and signs; attesting their own sheet is refused.
    let both = esf_ledger::views::users::NewUserInput {
        organisation_id: app.org_id("1481"),
        name: "Båda roller".into(),
        email: "both@molndal.example".into(),
        roles: vec![
            esf_ledger::domain::roles::Role::Economist,
            esf_ledger::domain::roles::Role::Manager,
        ],
        password: crate::harness::PASSWORD.into(),
        active: Some(true),
    };
    esf_ledger::service::users::create(
        &mut app.conn(),
        &esf_ledger::service::ChangedBy::Cli,
        None,
        both,
    )
    .unwrap();
    let token = app.token("both@molndal.example");
    let staff = staff_with_salary(
        &app,
        "both@molndal.example",
        "1481",
        "M-4",
        full_time_30000(),
    )
    .await;
    let res = app.post("/api/v1/timesheets", &token, json!({
        "staff_id": staff, "month": "2013-06", "funding": "project", "rows": days("2013-06", 3, "6")
    })).await;
    let id = res.body["id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/timesheets/{id}/sign"),
        &token,
        json!({"version": 1}),
    )
    .await;
    let res = app
        .post(
            &format!("/api/v1/timesheets/{id}/attest"),
            &token,
            json!({"version": 2}),
        )
        .await;
    assert_problem(&res, 403);
    assert!(
        res.body["detail"].as_str().unwrap().contains("four eyes"),
        "{}",
        res.text
    );
    // Another manager, a level above, may.
    let res = app
        .post(
            &format!("/api/v1/timesheets/{id}/attest"),
            &app.token("gr.manager@plugin.example"),
            json!({"version": 2}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
}

async fn bad_timesheets_change_nothing(app: TestApp) {
    let economist = app.token("molndal.economist@plugin.example");
    let staff = staff_with_salary(
        &app,
        "molndal.economist@plugin.example",
        "1481",
        "M-5",
        full_time_30000(),
    )
    .await;
    let partille_staff = staff_with_salary(
        &app,
        "partille.economist@plugin.example",
        "1402",
        "P-1",
        full_time_30000(),
    )
    .await;
    let december = staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "M-6",
        json!({ "valid_from": "2013-12", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let no_fee = staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "M-7",
        json!({ "valid_from": "2015-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let before = (
        app.snapshot(),
        app.count("timesheets"),
        app.count("timesheet_rows"),
    );
    let sheet = |staff: i64, month: &str, rows: Value| json!({ "staff_id": staff, "month": month, "funding": "project", "rows": rows });
    let one = |date: &str, hours: &str| json!([{ "date": date, "hours": hours }]);

    let cases: Vec<(&str, Value, u16, &str)> = vec![
        (
            "13.01 h in a day",
            sheet(staff, "2013-03", one("2013-03-04", "13.01")),
            422,
            "rows[0].hours",
        ),
        (
            "negative hours",
            sheet(staff, "2013-03", one("2013-03-04", "-2")),
            422,
            "rows[0].hours",
        ),
        (
            "zero hours",
            sheet(staff, "2013-03", one("2013-03-04", "0")),
            422,
            "rows[0].hours",
        ),
        (
            "three decimals",
            sheet(staff, "2013-03", one("2013-03-04", "7.125")),
            422,
            "rows[0].hours",
        ),
        (
            "absurd hours",
            sheet(staff, "2013-03", one("2013-03-04", "99999999999")),
            422,
            "rows[0].hours",
        ),
        (
            "date outside the month",
            sheet(staff, "2013-03", one("2013-04-01", "7")),
            422,
            "rows[0].date",
        ),
        (
            "date outside the project",
            sheet(staff, "2011-12", one("2011-12-01", "7")),
            422,
            "rows[0].date",
        ),
        (
            "the same day twice",
            sheet(
                staff,
                "2013-03",
                json!([{ "date": "2013-03-04", "hours": "4" }, { "date": "2013-03-04", "hours": "4" }]),
            ),
            422,
            "rows[1].date",
        ),
        (
            "no salary in the month",
            sheet(december, "2013-11", one("2013-11-04", "7")),
            422,
            "month",
        ),
        (
            "past the yearly cap",
            sheet(december, "2013-12", days("2013-12", 12, "12")),
            422,
            "rows",
        ),
        (
            "no social fee for 2015",
            sheet(no_fee, "2015-02", one("2015-02-02", "7")),
            422,
            "month",
        ),
        (
            "unknown staff member",
            sheet(999_999, "2013-03", one("2013-03-04", "7")),
            422,
            "staff_id",
        ),
    ];
    for (what, body, status, field) in cases {
        let res = app.post("/api/v1/timesheets", &economist, body).await;
        assert_problem(&res, status);
        assert_eq!(error_fields(&res), vec![field], "{what}: {}", res.text);
    }
    // A staff member of another organisation.
    assert_problem(
        &app.post(
            "/api/v1/timesheets",
            &economist,
            sheet(partille_staff, "2013-03", one("2013-03-04", "7")),
        )
        .await,
        422,
    );
    // Text and numbers where decimal strings belong; unknown fields; unknown funding.
    assert_problem(
        &app.post(
            "/api/v1/timesheets",
            &economist,
            sheet(staff, "2013-03", one("2013-03-04", "sju")),
        )
        .await,
        400,
    );
    assert_problem(
        &app.post(
            "/api/v1/timesheets",
            &economist,
            sheet(
                staff,
                "2013-03",
                json!([{ "date": "2013-03-04", "hours": 7.5 }]),
            ),
        )
        .await,
        400,
    );
    assert_problem(
        &app.post(
            "/api/v1/timesheets",
            &economist,
            json!({ "staff_id": staff, "month": "2013-03", "funding": "cash", "rows": [] }),
        )
        .await,
        400,
    );
    assert_problem(
        &app.post(
            "/api/v1/timesheets",
            &economist,
            json!({ "staff_id": staff, "month": "2013-3", "funding": "project", "rows": [] }),
        )
        .await,
        400,
    );
    assert_problem(&app.post("/api/v1/timesheets", &economist, json!({ "staff_id": staff, "month": "2013-03", "funding": "project", "rows": [], "cost": "1" })).await, 400);
    // Bad salary records.
    for body in [
        json!({ "valid_from": "2013-02", "monthly_salary": "0", "employment_rate_percent": "100" }),
        json!({ "valid_from": "2013-02", "monthly_salary": "30000.001", "employment_rate_percent": "100" }),
        json!({ "valid_from": "2013-02", "monthly_salary": "30000", "employment_rate_percent": "0" }),
        json!({ "valid_from": "2013-02", "monthly_salary": "30000", "employment_rate_percent": "101" }),
    ] {
        assert_problem(
            &app.post(&format!("/api/v1/staff/{staff}/salaries"), &economist, body)
                .await,
            422,
        );
    }
    assert_problem(
        &app.post(
            &format!("/api/v1/staff/{staff}/salaries"),
            &economist,
            full_time_30000(),
        )
        .await,
        409,
    );
    assert_eq!(
        (
            app.snapshot(),
            app.count("timesheets"),
            app.count("timesheet_rows")
        ),
        before
    );
}

async fn submitted_months_are_frozen(app: TestApp) {
    let economist = app.token("molndal.economist@plugin.example");
    let staff = staff_with_salary(
        &app,
        "molndal.economist@plugin.example",
        "1481",
        "M-8",
        full_time_30000(),
    )
    .await;
    let res = app.post("/api/v1/timesheets", &economist, json!({
        "staff_id": staff, "month": "2013-09", "funding": "project", "rows": days("2013-09", 2, "5")
    })).await;
    let id = res.body["id"].as_i64().unwrap();
    diesel::sql_query(format!(
        "INSERT INTO monthly_reports (organisation_id, month, state, version, updated_at) VALUES ({}, 201309, 'submitted', 1, CURRENT_TIMESTAMP)",
        app.org_id("1481")
    )).execute(&mut *app.conn()).unwrap();
    let before = (app.snapshot(), app.count("timesheet_rows"));
    let res = app
        .put(
            &format!("/api/v1/timesheets/{id}"),
            &economist,
            json!({"version": 1, "funding": "project", "rows": days("2013-09", 3, "5")}),
        )
        .await;
    assert_problem(&res, 409);
    assert!(res.body["detail"].as_str().unwrap().contains("submitted"));
    assert_problem(
        &app.request(
            actix_web::http::Method::DELETE,
            &format!("/api/v1/timesheets/{id}?version=1"),
            Some(&economist),
            None,
        )
        .await,
        409,
    );
    assert_problem(
        &app.post(
            &format!("/api/v1/timesheets/{id}/sign"),
            &economist,
            json!({"version": 1}),
        )
        .await,
        409,
    );
    let other = staff_with_salary(
        &app,
        "molndal.economist@plugin.example",
        "1481",
        "M-9",
        full_time_30000(),
    )
    .await;
    let before_new = (app.snapshot(), app.count("timesheet_rows"));
    assert_problem(&app.post("/api/v1/timesheets", &economist, json!({
        "staff_id": other, "month": "2013-09", "funding": "project", "rows": days("2013-09", 1, "5")
    })).await, 409);
    assert_eq!((app.snapshot(), app.count("timesheet_rows")), before_new);
    let _ = before;
}

async fn drafts_are_edited_and_deleted(app: TestApp) {
    let economist = app.token("molndal.economist@plugin.example");
    let staff = staff_with_salary(
        &app,
        "molndal.economist@plugin.example",
        "1481",
        "M-10",
        full_time_30000(),
    )
    .await;
    let res = app.post("/api/v1/timesheets", &economist, json!({
        "staff_id": staff, "month": "2013-10", "funding": "project", "rows": days("2013-10", 2, "5")
    })).await;
    let id = res.body["id"].as_i64().unwrap();
    let path = format!("/api/v1/timesheets/{id}");
    let res = app
        .put(
            &path,
            &economist,
            json!({"version": 1, "funding": "in_kind", "rows": days("2013-10", 4, "7.25")}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["hours"], "29.00");
    assert_eq!(res.body["funding"], "in_kind");
    assert_problem(
        &app.put(
            &path,
            &economist,
            json!({"version": 1, "funding": "project", "rows": days("2013-10", 4, "7.25")}),
        )
        .await,
        409,
    );
    assert_problem(
        &app.post(
            "/api/v1/timesheets",
            &economist,
            json!({
                "staff_id": staff, "month": "2013-10", "funding": "project",
                "rows": days("2013-10", 4, "7.25")
            }),
        )
        .await,
        409,
    );
    // Issue 13.11: a timesheet without days is refused, not created empty.
    let empty = app
        .put(
            &path,
            &economist,
            json!({"version": 2, "funding": "project", "rows": []}),
        )
        .await;
    assert_problem(&empty, 422);
    assert_eq!(crate::harness::error_fields(&empty), vec!["rows"]);
    let del = app
        .request(
            actix_web::http::Method::DELETE,
            &format!("{path}?version=2"),
            Some(&economist),
            None,
        )
        .await;
    assert_eq!(del.status, 204, "{}", del.text);
    assert_problem(&app.get(&path, &economist).await, 404);
}

async fn social_fee_table_is_sourced_and_admin_edited(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let list = app
        .get(
            "/api/v1/social-fee-rates",
            &app.token("molndal.economist@plugin.example"),
        )
        .await;
    let rates: Vec<(i64, String, String)> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["year"].as_i64().unwrap(),
                r["employer_kind"].as_str().unwrap().to_string(),
                r["rate_percent"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rates,
        vec![
            (2013, "county_council".into(), "43.03".into()),
            (2013, "municipality".into(), "38.46".into()),
            (2014, "county_council".into(), "44.13".into()),
            (2014, "municipality".into(), "38.46".into()),
        ]
    );
    assert_problem(
        &app.put(
            "/api/v1/social-fee-rates/2015/municipality",
            &app.token("skl.manager@plugin.example"),
            json!({"rate_percent": "38.46", "source": "SKL PO-pålägg 2015"}),
        )
        .await,
        403,
    );
    assert_problem(
        &app.put(
            "/api/v1/social-fee-rates/2015/other",
            &admin,
            json!({"rate_percent": "38.46", "source": "x"}),
        )
        .await,
        422,
    );
    assert_problem(
        &app.put(
            "/api/v1/social-fee-rates/2015/municipality",
            &admin,
            json!({"rate_percent": "138.46", "source": "x"}),
        )
        .await,
        422,
    );
    // Found by the contract test: the largest version a client can send is stale,
    // not an overflow (it was a 500).
    assert_problem(
        &app.put(
            "/api/v1/social-fee-rates/2013/municipality",
            &admin,
            json!({"rate_percent": "100", "source": "0", "version": i64::MAX}),
        )
        .await,
        409,
    );
    let res = app
        .put(
            "/api/v1/social-fee-rates/2015/municipality",
            &admin,
            json!({"rate_percent": "38.46", "source": "SKL PO-pålägg 2015"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_problem(
        &app.put(
            "/api/v1/social-fee-rates/2015/municipality",
            &admin,
            json!({"rate_percent": "38.5", "source": "SKL"}),
        )
        .await,
        422,
    );
    let res = app
        .put(
            "/api/v1/social-fee-rates/2015/municipality",
            &admin,
            json!({"rate_percent": "38.5", "source": "SKL", "version": 1}),
        )
        .await;
    assert_eq!(res.body["rate_percent"], "38.5");
}

/// Issue 13.15: a salary record is corrected or removed while no attested timesheet uses
/// it; after that a new record from a later month (with a reason) changes the rate. An
/// employer of kind `other` has no table rate: the advice says to set the social fee on
/// the salary record, and doing so works.
async fn salary_records_are_corrected_until_used(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let staff = staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "S-1",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let member = app.get(&format!("/api/v1/staff/{staff}"), &e).await;
    let record = member.body["salaries"][0]["id"].as_i64().unwrap();
    assert_eq!(member.body["salaries"][0]["version"], 1);
    let path = format!("/api/v1/staff/{staff}/salaries/{record}");
    let corrected = json!({ "version": 1, "valid_from": "2013-01", "monthly_salary": "31000", "employment_rate_percent": "100" });
    let res = app.put(&path, &e, corrected.clone()).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["salaries"][0]["monthly_salary"], "31000.00");
    assert_eq!(res.body["salaries"][0]["version"], 2);
    assert_problem(&app.put(&path, &e, corrected).await, 409); // stale version
                                                               // Used by an attested timesheet: neither edited nor removed.
    crate::builders::TimesheetBuilder::new(
        &app,
        "molndal.economist@plugin.example",
        "molndal.manager@plugin.example",
        staff,
    )
    .month("2013-03")
    .attested()
    .await;
    let before = app.snapshot();
    let res = app
        .put(&path, &e, json!({ "version": 2, "valid_from": "2013-01", "monthly_salary": "32000", "employment_rate_percent": "100" }))
        .await;
    assert_problem(&res, 409);
    assert!(
        res.text.contains("2013-03") && res.text.contains("reason"),
        "{}",
        res.text
    );
    let res = app
        .request(
            actix_web::http::Method::DELETE,
            &format!("{path}?version=2"),
            Some(&e),
            None,
        )
        .await;
    assert_problem(&res, 409);
    assert_eq!(app.snapshot(), before);
    // A new record from a later month, with its reason.
    let res = app
        .post(&format!("/api/v1/staff/{staff}/salaries"), &e,
            json!({ "valid_from": "2013-04", "monthly_salary": "32000", "employment_rate_percent": "100",
                    "reason": "Retroaktiv lönerevision" }))
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.body["salaries"][1]["reason"], "Retroaktiv lönerevision");
    let later = res.body["salaries"][1]["id"].as_i64().unwrap();
    // Moving the later record onto the used month is refused; removing it works.
    let res = app
        .put(&format!("/api/v1/staff/{staff}/salaries/{later}"), &e,
            json!({ "version": 1, "valid_from": "2013-03", "monthly_salary": "32000", "employment_rate_percent": "100" }))
        .await;
    assert_problem(&res, 409);
    let res = app
        .request(
            actix_web::http::Method::DELETE,
            &format!("/api/v1/staff/{staff}/salaries/{later}?version=1"),
            Some(&e),
            None,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["salaries"].as_array().unwrap().len(), 1);
    assert_eq!(app.count(&format!("audit_log WHERE entity = 'staff' AND entity_id = {staff} AND action IN ('update_salary', 'delete_salary')")), 2);
    // Another organisation's economist sees no such record.
    let res = app
        .put(&path, &app.token("partille.economist@plugin.example"),
            json!({ "version": 2, "valid_from": "2013-01", "monthly_salary": "1", "employment_rate_percent": "100" }))
        .await;
    assert_problem(&res, 404);

    // An employer of kind `other`: the advice points at the salary record, and it works.
    let gr = app.org_id("GR");
    let admin = app.token("skl.admin@plugin.example");
    let org = app
        .get(&format!("/api/v1/organisations/{gr}"), &admin)
        .await;
    let res = app
        .patch(
            &format!("/api/v1/organisations/{gr}"),
            &admin,
            json!({ "version": org.body["version"], "employer_kind": "other" }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let g = app.token("gr.economist@plugin.example");
    let other = staff_with_salary(&app, "gr.economist@plugin.example", "GR", "G-1",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let res = app
        .post("/api/v1/timesheets", &g, json!({ "staff_id": other, "month": "2013-03", "funding": "project", "rows": days("2013-03", 2, "7") }))
        .await;
    assert_problem(&res, 422);
    assert!(
        res.text.contains("social_fee_override_percent") && !res.text.contains("social-fee table"),
        "{}",
        res.text
    );
    let member = app.get(&format!("/api/v1/staff/{other}"), &g).await;
    let record = member.body["salaries"][0]["id"].as_i64().unwrap();
    let res = app
        .put(&format!("/api/v1/staff/{other}/salaries/{record}"), &g,
            json!({ "version": 1, "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100",
                    "social_fee_override_percent": "31.42" }))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let res = app
        .post("/api/v1/timesheets", &g, json!({ "staff_id": other, "month": "2013-03", "funding": "project", "rows": days("2013-03", 2, "7") }))
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
}

both_backends!(
    salary_records_are_corrected_until_used,
    worked_example_120_hours_at_289_80,
    part_time_and_young_staff_rates,
    four_eyes_refuses_the_signer,
    bad_timesheets_change_nothing,
    submitted_months_are_frozen,
    drafts_are_edited_and_deleted,
    social_fee_table_is_sourced_and_admin_edited
);
