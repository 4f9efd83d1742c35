//! Corrections of attested timesheets in closed months: booked in an open month, at the
//! original rate, counted once attested by someone else; every bad input refused.

use actix_web::http::Method;
use serde_json::{json, Value};

use crate::both_backends;
use crate::builders::TimesheetBuilder;
use crate::harness::{assert_problem, error_fields, TestApp};
use crate::timesheets::{days, staff_with_salary};

const ECONOMIST: &str = "molndal.economist@plugin.example";
const MANAGER: &str = "molndal.manager@plugin.example";

fn adjustment(adjusts: i64, month: &str, date: &str, hours: &str) -> Value {
    json!({ "adjusts_id": adjusts, "month": month, "work_date": date, "hours": hours,
            "reason": "Felaktigt rapporterad tid, rättad efter kontroll" })
}

async fn a_closed_month_is_corrected_by_an_attested_adjustment(app: TestApp) {
    let (e, m) = (app.token(ECONOMIST), app.token(MANAGER));
    let org = app.org_id("1481");
    let staff = staff_with_salary(
        &app,
        ECONOMIST,
        "1481",
        "A-1",
        json!({
        "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" }),
    )
    .await;
    let march = TimesheetBuilder::new(&app, ECONOMIST, MANAGER, staff)
        .month("2013-03")
        .days(4, "8")
        .attested()
        .await;
    let res = app
        .post(
            &format!("/api/v1/monthly-reports/{org}/2013-03/submit"),
            &e,
            json!({"version": 0}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);

    // 2.5 hours too many on 4 March: corrected in May at March's rate (289.80).
    let res = app
        .post(
            "/api/v1/timesheet-adjustments",
            &e,
            adjustment(march, "2013-05", "2013-03-04", "-2.5"),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.body["amount"], "-724.50");
    assert_eq!(res.body["hourly_rate"], "289.80");
    assert_eq!(res.body["state"], "draft");
    let id = res.body["id"].as_i64().unwrap();
    let may = format!("/api/v1/monthly-reports/{org}/2013-05");
    assert_eq!(
        app.get(&may, &e).await.body["totals"]["costs"]["staff"],
        "0.00",
        "a draft does not count"
    );

    // Four eyes: the author may not attest (nor may an economist); the manager may.
    assert_problem(
        &app.post(
            &format!("/api/v1/timesheet-adjustments/{id}/attest"),
            &e,
            json!({"version": 1}),
        )
        .await,
        403,
    );
    let res = app
        .post(
            &format!("/api/v1/timesheet-adjustments/{id}/attest"),
            &m,
            json!({"version": 1}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["state"], "attested");
    let report = app.get(&may, &e).await;
    assert_eq!(
        report.body["totals"]["costs"]["staff"], "-724.50",
        "{}",
        report.text
    );
    assert_eq!(
        report.body["totals"]["hours"]["project"], "-2.50",
        "{}",
        report.text
    );
    // March itself is unchanged: 32 h × 289.80.
    let report = app
        .get(&format!("/api/v1/monthly-reports/{org}/2013-03"), &e)
        .await;
    assert_eq!(report.body["totals"]["costs"]["staff"], "9273.60");

    // The May workbook lists the correction with its day and reason.
    let export = app.get(&format!("{may}/export"), &e).await;
    assert_eq!(export.status, 200);
    let mut wb: calamine::Xlsx<_> =
        calamine::Reader::new(std::io::Cursor::new(export.bytes.clone())).unwrap();
    let range = calamine::Reader::worksheet_range(&mut wb, "Lön personal").unwrap();
    assert_eq!(range.get_value((1, 6)).unwrap().to_string(), "-724.5");
    assert!(range
        .get_value((1, 7))
        .unwrap()
        .to_string()
        .starts_with("2013-03-04: Felaktigt"));

    // An attested adjustment stays; a draft may be deleted; both are in the audit log.
    assert_problem(
        &app.request(
            Method::DELETE,
            &format!("/api/v1/timesheet-adjustments/{id}?version=2"),
            Some(&e),
            None,
        )
        .await,
        409,
    );
    let res = app
        .post(
            "/api/v1/timesheet-adjustments",
            &e,
            adjustment(march, "2013-05", "2013-03-05", "1"),
        )
        .await;
    let draft = res.body["id"].as_i64().unwrap();
    let res = app
        .request(
            Method::DELETE,
            &format!("/api/v1/timesheet-adjustments/{draft}?version=1"),
            Some(&e),
            None,
        )
        .await;
    assert_eq!(res.status, 204, "{}", res.text);
    let audit = app
        .get(
            &format!("/api/v1/audit-log?organisation_id={org}&entity=timesheet_adjustment"),
            &m,
        )
        .await;
    assert_eq!(
        audit.body["total"], 4,
        "create, attest, create, delete: {}",
        audit.text
    );
    let list = app
        .get(
            &format!("/api/v1/timesheet-adjustments?organisation_id={org}&month=2013-05"),
            &app.token("gr.manager@plugin.example"),
        )
        .await;
    assert_eq!(list.body["total"], 1);
    assert_problem(
        &app.get(
            &format!("/api/v1/timesheet-adjustments/{id}"),
            &app.token("partille.economist@plugin.example"),
        )
        .await,
        404,
    );

    // Closed months are stored (issue 17): March since it was submitted, with its
    // 9 273.60; May once submitted, with the correction booked into it.
    let stored = |month: i32| {
        use diesel::prelude::*;
        use esf_ledger::store::schema::month_figures::dsl as mf;
        mf::month_figures
            .filter(mf::organisation_id.eq(org))
            .filter(mf::month.eq(month))
            .select((mf::staff_ore, mf::project_hours_centi))
            .first::<(i64, i64)>(&mut *app.conn())
            .optional()
            .unwrap()
    };
    assert_eq!(stored(201303), Some((927_360, 3_200)));
    assert_eq!(stored(201305), None, "May is open: read live");
    let version = app.get(&may, &e).await.body["version"].as_i64().unwrap();
    let res = app
        .post(&format!("{may}/submit"), &e, json!({ "version": version }))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(stored(201305), Some((-72_450, -250)));
    assert_eq!(
        app.get(&may, &e).await.body["totals"]["costs"]["staff"],
        "-724.50"
    );
    // Nothing more is booked into a closed month: the stored figures cannot go stale.
    let before = app.snapshot();
    assert_problem(
        &app.post(
            "/api/v1/timesheet-adjustments",
            &e,
            adjustment(march, "2013-05", "2013-03-06", "1"),
        )
        .await,
        409,
    );
    assert_eq!(app.snapshot(), before);
    let verify = app
        .get(
            "/api/v1/admin/verify",
            &app.token("skl.auditor@plugin.example"),
        )
        .await;
    assert_eq!(verify.body["breaches"], json!([]), "{}", verify.text);
}

async fn bad_adjustments_change_nothing(app: TestApp) {
    let e = app.token(ECONOMIST);
    let org = app.org_id("1481");
    let staff = staff_with_salary(
        &app,
        ECONOMIST,
        "1481",
        "A-2",
        json!({
        "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" }),
    )
    .await;
    let march = TimesheetBuilder::new(&app, ECONOMIST, MANAGER, staff)
        .month("2013-03")
        .days(4, "8")
        .attested()
        .await;
    let april = TimesheetBuilder::new(&app, ECONOMIST, MANAGER, staff)
        .month("2013-04")
        .days(2, "8")
        .attested()
        .await;
    // 1 % employment: a yearly cap of 1 720 × 1 % = 17.20 hours, 16 of them declared.
    let small = staff_with_salary(
        &app,
        ECONOMIST,
        "1481",
        "A-3",
        json!({
        "valid_from": "2013-01", "monthly_salary": "300", "employment_rate_percent": "1" }),
    )
    .await;
    let capped = TimesheetBuilder::new(&app, ECONOMIST, MANAGER, small)
        .month("2013-03")
        .days(2, "8")
        .attested()
        .await;
    assert_eq!(
        app.post(
            &format!("/api/v1/monthly-reports/{org}/2013-03/submit"),
            &e,
            json!({"version": 0})
        )
        .await
        .status,
        200
    );
    let draft = app.post("/api/v1/timesheets", &e, json!({
        "staff_id": staff, "month": "2013-06", "funding": "project", "rows": days("2013-06", 1, "8") })).await;
    let draft = draft.body["id"].as_i64().unwrap();
    let before = (app.snapshot(), app.count("timesheet_adjustments"));
    let mut reasonless = adjustment(march, "2013-05", "2013-03-04", "-1");
    reasonless["reason"] = json!(" ");
    let mut unknown_field = adjustment(march, "2013-05", "2013-03-04", "-1");
    unknown_field["cost"] = json!("1");
    let cases: Vec<(Value, u16, &str)> = vec![
        (
            adjustment(march, "2013-05", "2013-03-04", "-8.5"),
            422,
            "hours",
        ), // below zero
        (
            adjustment(march, "2013-05", "2013-03-04", "5.01"),
            422,
            "hours",
        ), // past 13 h
        (
            adjustment(march, "2013-05", "2013-03-04", "0"),
            422,
            "hours",
        ),
        (
            adjustment(capped, "2013-05", "2013-03-01", "1.5"),
            422,
            "hours",
        ), // past the yearly cap
        (
            adjustment(march, "2013-05", "2013-03-04", "-1.005"),
            422,
            "hours",
        ),
        (
            adjustment(march, "2013-05", "2013-04-04", "-1"),
            422,
            "work_date",
        ),
        (
            adjustment(march, "2013-03", "2013-03-04", "-1"),
            422,
            "month",
        ),
        (
            adjustment(march, "2016-01", "2013-03-04", "-1"),
            422,
            "month",
        ),
        (
            adjustment(april, "2013-05", "2013-04-01", "-1"),
            422,
            "adjusts_id",
        ), // April is open
        (
            adjustment(draft, "2013-07", "2013-06-01", "-1"),
            409,
            "adjusts_id",
        ), // not attested
        (
            adjustment(999_999, "2013-05", "2013-03-04", "-1"),
            422,
            "adjusts_id",
        ),
        (reasonless, 422, "reason"),
        (unknown_field, 400, "cost"),
    ];
    for (body, status, field) in cases {
        let res = app
            .post("/api/v1/timesheet-adjustments", &e, body.clone())
            .await;
        assert_problem(&res, status);
        assert!(
            error_fields(&res).iter().any(|f| f == field),
            "{body}: {}",
            res.text
        );
    }
    // Booked in a month that is itself closed; another municipality's economist; a manager.
    assert_problem(
        &app.post(
            "/api/v1/timesheet-adjustments",
            &e,
            adjustment(march, "2013-03", "2013-03-04", "-1"),
        )
        .await,
        422,
    );
    let res = app
        .post(
            "/api/v1/timesheet-adjustments",
            &app.token("partille.economist@plugin.example"),
            adjustment(march, "2013-05", "2013-03-04", "-1"),
        )
        .await;
    assert_problem(&res, 422);
    assert_problem(
        &app.post(
            "/api/v1/timesheet-adjustments",
            &app.token(MANAGER),
            adjustment(march, "2013-05", "2013-03-04", "-1"),
        )
        .await,
        403,
    );
    assert_eq!((app.snapshot(), app.count("timesheet_adjustments")), before);
}

both_backends!(
    a_closed_month_is_corrected_by_an_attested_adjustment,
    bad_adjustments_change_nothing
);
