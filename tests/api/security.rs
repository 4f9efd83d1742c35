//! A municipality's users cannot reach another municipality's data by any id in any
//! path, query or body: Partille's records are tried from Mölndal through every endpoint
//! that takes an id, an organisation or a reference in its body. Nothing is shown,
//! nothing changes.

use actix_web::http::Method;
use serde_json::{json, Value};

use crate::both_backends;
use crate::harness::{Response, TestApp};
use crate::participants::{enrolment, pnr};
use crate::timesheets::{days, staff_with_salary};

const SECRET_NAME: &str = "Hemlig Partillebo";

/// Partille's records.
struct Records {
    staff: i64,
    timesheet: i64,
    premises: i64,
    other_cost: i64,
    cash: i64,
    enrolment: i64,
    compensation: i64,
}

async fn created(res: Response) -> i64 {
    assert!(res.status.is_success(), "{}", res.text);
    res.body["id"].as_i64().unwrap()
}

async fn partille_records(app: &TestApp) -> Records {
    let e = app.token("partille.economist@plugin.example");
    let org = app.org_id("1402");
    let staff = staff_with_salary(app, "partille.economist@plugin.example", "1402", "P-77",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    app.patch(
        &format!("/api/v1/staff/{staff}"),
        &e,
        json!({"name": SECRET_NAME, "version": 1}),
    )
    .await;
    let timesheet = created(app.post("/api/v1/timesheets", &e, json!({
        "staff_id": staff, "month": "2013-03", "funding": "project", "rows": days("2013-03", 2, "7")
    })).await).await;
    let premises = created(app.post("/api/v1/premises", &e, json!({ "organisation_id": org, "month": "2013-03",
        "description": SECRET_NAME, "monthly_cost": "1000", "share_percent": "50", "financing": "cash" })).await).await;
    let other_cost = created(app.post("/api/v1/other-costs", &e, json!({ "organisation_id": org, "date": "2013-03-04",
        "category": "travel", "amount": "10", "supplier": SECRET_NAME, "voucher_number": "S-1", "description": "x" })).await).await;
    let cash = created(
        app.post(
            "/api/v1/cash-cofinancing",
            &e,
            json!({ "organisation_id": org, "month": "2013-03",
        "kind": "public_cash", "amount": "10", "paid_by": SECRET_NAME }),
        )
        .await,
    )
    .await;
    let enrolment = created(
        app.post(
            "/api/v1/participants",
            &e,
            enrolment(org, &pnr("950412", "238"), "2013-02-04"),
        )
        .await,
    )
    .await;
    let compensation = created(app.post("/api/v1/compensation", &e, json!({ "organisation_id": org, "enrolment_id": enrolment,
        "month": "2013-03", "kind": "youth_compensation", "amount": "100", "payer": SECRET_NAME, "certificate_confirmed": true })).await).await;
    let res = app
        .put(
            "/api/v1/attendance",
            &e,
            json!({ "enrolment_id": enrolment, "month": "2013-03", "hours": "10" }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    Records {
        staff,
        timesheet,
        premises,
        other_cost,
        cash,
        enrolment,
        compensation,
    }
}

fn refused(what: &str, res: &Response) {
    assert!(
        matches!(res.status.as_u16(), 403 | 404 | 422),
        "{what}: {} {}",
        res.status,
        res.text
    );
    assert!(
        !res.text.contains(SECRET_NAME),
        "{what} shows Partille's data: {}",
        res.text
    );
    assert!(
        !res.text.contains("9504122380") && !res.text.contains("950412-238"),
        "{what} shows the number"
    );
}

/// An id no record has.
const MISSING: i64 = 987_654_321;

/// Issue 13.10: a request naming Partille's record `id` (in its path or an `…_id` field
/// of its body) is refused exactly as the same request naming a record that does not
/// exist: same status, same body but for the id. Otherwise ids of other
/// municipalities could be probed. Returns the answer to the real request.
async fn as_missing(
    app: &TestApp,
    what: &str,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
    id: i64,
) -> Response {
    let real = app
        .request(method.clone(), path, Some(token), body.clone())
        .await;
    refused(what, &real);
    let twin_path = path
        .split('/')
        .map(|seg| {
            let (head, tail) = seg
                .split_once('?')
                .map_or((seg, None), |(h, t)| (h, Some(t)));
            let head = if head == id.to_string() {
                MISSING.to_string()
            } else {
                head.to_string()
            };
            let tail = tail.map(|t| t.replace(&format!("_id={id}"), &format!("_id={MISSING}")));
            match tail {
                Some(t) => format!("{head}?{t}"),
                None => head,
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    let twin_body = body.clone().map(|mut b| {
        if let Some(o) = b.as_object_mut() {
            for (k, v) in o.iter_mut() {
                if k.ends_with("_id") && v.as_i64() == Some(id) {
                    *v = json!(MISSING);
                }
            }
        }
        b
    });
    assert!(
        twin_path != path || twin_body != body,
        "{what}: no id {id} to replace"
    );
    let twin = app
        .request(method, &twin_path, Some(token), twin_body)
        .await;
    assert_eq!(
        (real.status, real.text.clone()),
        (
            twin.status,
            twin.text.replace(&MISSING.to_string(), &id.to_string())
        ),
        "{what}: Partille's record answers otherwise than a missing one"
    );
    real
}

async fn a_municipality_cannot_reach_another_by_any_id(app: TestApp) {
    let r = partille_records(&app).await;
    let partille = app.org_id("1402");
    let tables = [
        "staff",
        "salary_records",
        "timesheets",
        "timesheet_rows",
        "premises",
        "other_costs",
        "cash_cofinancing",
        "participants",
        "enrolments",
        "attendance",
        "compensation",
        "workshops",
        "audit_log",
    ];
    let before: Vec<i64> = tables.iter().map(|t| app.count(t)).collect();
    let snapshot = app.snapshot();
    for who in [
        "molndal.economist@plugin.example",
        "molndal.manager@plugin.example",
    ] {
        let t = app.token(who);
        // Ids in paths.
        for (path, id) in [
            (format!("/api/v1/staff/{}", r.staff), r.staff),
            (format!("/api/v1/timesheets/{}", r.timesheet), r.timesheet),
            (format!("/api/v1/premises/{}", r.premises), r.premises),
            (
                format!("/api/v1/other-costs/{}", r.other_cost),
                r.other_cost,
            ),
            (format!("/api/v1/cash-cofinancing/{}", r.cash), r.cash),
            (format!("/api/v1/participants/{}", r.enrolment), r.enrolment),
            (
                format!("/api/v1/compensation/{}", r.compensation),
                r.compensation,
            ),
            (format!("/api/v1/organisations/{partille}"), partille),
            (
                format!("/api/v1/monthly-reports/{partille}/2013-03"),
                partille,
            ),
            (
                format!("/api/v1/monthly-reports/{partille}/2013-03/export"),
                partille,
            ),
            (
                format!(
                    "/api/v1/users/{}",
                    app.user_id("partille.economist@plugin.example")
                ),
                app.user_id("partille.economist@plugin.example"),
            ),
        ] {
            as_missing(
                &app,
                &format!("{who} GET {path}"),
                Method::GET,
                &path,
                &t,
                None,
                id,
            )
            .await;
        }
        // Organisations in queries.
        for path in [
            "staff",
            "timesheets",
            "premises",
            "other-costs",
            "cash-cofinancing",
            "compensation",
            "participants",
            "workshops",
            "attendance",
            "budgets",
            "audit-log",
            "timesheet-adjustments",
            "budget-follow-up",
            "statistics/participants",
        ] {
            let url = format!("/api/v1/{path}?organisation_id={partille}");
            as_missing(
                &app,
                &format!("{who} GET {url}"),
                Method::GET,
                &url,
                &t,
                None,
                partille,
            )
            .await;
        }
        // Changes through paths.
        for (what, method, path, body, id) in [
            (
                "patch staff",
                Method::PATCH,
                format!("/api/v1/staff/{}", r.staff),
                json!({"name": "x", "version": 2}),
                r.staff,
            ),
            (
                "add salary",
                Method::POST,
                format!("/api/v1/staff/{}/salaries", r.staff),
                json!({ "valid_from": "2013-06", "monthly_salary": "1", "employment_rate_percent": "100" }),
                r.staff,
            ),
            (
                "put timesheet",
                Method::PUT,
                format!("/api/v1/timesheets/{}", r.timesheet),
                json!({"version": 1, "funding": "project", "rows": days("2013-03", 1, "1")}),
                r.timesheet,
            ),
            (
                "sign timesheet",
                Method::POST,
                format!("/api/v1/timesheets/{}/sign", r.timesheet),
                json!({"version": 1}),
                r.timesheet,
            ),
            (
                "attest timesheet",
                Method::POST,
                format!("/api/v1/timesheets/{}/attest", r.timesheet),
                json!({"version": 1}),
                r.timesheet,
            ),
            (
                "patch participant",
                Method::PATCH,
                format!("/api/v1/participants/{}", r.enrolment),
                json!({"version": 1, "workshop_id": null}),
                r.enrolment,
            ),
        ] {
            as_missing(
                &app,
                &format!("{who} {what}"),
                method,
                &path,
                &t,
                Some(body),
                id,
            )
            .await;
        }
        for (path, id) in [
            ("premises", r.premises),
            ("other-costs", r.other_cost),
            ("cash-cofinancing", r.cash),
            ("compensation", r.compensation),
            ("timesheets", r.timesheet),
        ] {
            let url = format!("/api/v1/{path}/{id}?version=1");
            as_missing(
                &app,
                &format!("{who} DELETE {url}"),
                Method::DELETE,
                &url,
                &t,
                None,
                id,
            )
            .await;
        }
        // References to Partille's records in bodies.
        let own = app.org_id("1481");
        for (path, body, id) in [
            (
                "/api/v1/timesheets",
                json!({"staff_id": r.staff, "month": "2013-04", "funding": "project", "rows": days("2013-04", 1, "1")}),
                r.staff,
            ),
            (
                "/api/v1/compensation",
                json!({ "organisation_id": own, "enrolment_id": r.enrolment, "month": "2013-03",
                "kind": "youth_compensation", "amount": "1", "payer": "x", "certificate_confirmed": true }),
                r.enrolment,
            ),
            (
                "/api/v1/compensation",
                json!({ "organisation_id": partille, "enrolment_id": r.enrolment, "month": "2013-04",
                "kind": "youth_compensation", "amount": "1", "payer": "x", "certificate_confirmed": true }),
                partille,
            ),
            (
                "/api/v1/premises",
                json!({ "organisation_id": partille, "month": "2013-04", "description": "x",
                "monthly_cost": "1", "share_percent": "50", "financing": "cash" }),
                partille,
            ),
            (
                "/api/v1/staff",
                json!({ "organisation_id": partille, "name": "x", "employee_number": "X-1" }),
                partille,
            ),
            (
                "/api/v1/participants",
                enrolment(partille, &pnr("950412", "246"), "2013-02-04"),
                partille,
            ),
            (
                "/api/v1/workshops",
                json!({ "organisation_id": partille, "name": "x" }),
                partille,
            ),
        ] {
            as_missing(
                &app,
                &format!("{who} POST {path}"),
                Method::POST,
                path,
                &t,
                Some(body),
                id,
            )
            .await;
        }
        as_missing(
            &app,
            "attendance",
            Method::PUT,
            "/api/v1/attendance",
            &t,
            Some(json!({ "enrolment_id": r.enrolment, "month": "2013-03", "hours": "99" })),
            r.enrolment,
        )
        .await;
        as_missing(
            &app,
            "submit",
            Method::POST,
            &format!("/api/v1/monthly-reports/{partille}/2013-03/submit"),
            &t,
            Some(json!({"version": 0})),
            partille,
        )
        .await;
    }
    let after: Vec<i64> = tables.iter().map(|t| app.count(t)).collect();
    assert_eq!(before, after);
    assert_eq!(app.snapshot(), snapshot);
    // Partille's own economist still sees it all.
    let own = app
        .get(
            &format!("/api/v1/staff/{}", r.staff),
            &app.token("partille.economist@plugin.example"),
        )
        .await;
    assert_eq!(own.body["name"], SECRET_NAME);
}

both_backends!(a_municipality_cannot_reach_another_by_any_id);
