//! Attendance, youth compensation in the monthly report, and SCB's monthly participant
//! report over HTTP, on hand-checked data; resubmission after a change to a sent month.

use serde_json::{json, Value};

use crate::both_backends;
use crate::harness::{assert_problem, error_fields, TestApp};
use crate::participants::{enrolment, pnr};

const ECONOMIST: &str = "molndal.economist@plugin.example";

async fn enrol(app: &TestApp, economist: &str, body: Value) -> i64 {
    let res = app
        .post("/api/v1/participants", &app.token(economist), body)
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    res.body["id"].as_i64().unwrap()
}

fn compensation(org: i64, enrolment: i64, month: &str, amount: &str) -> Value {
    json!({ "organisation_id": org, "enrolment_id": enrolment, "month": month, "kind": "youth_compensation",
            "amount": amount, "payer": "Mölndals stad", "certificate_confirmed": true })
}

async fn compensation_counts_as_cofinancing_only_with_certificate_and_enrolment(app: TestApp) {
    let e = app.token(ECONOMIST);
    let org = app.org_id("1481");
    let id = enrol(
        &app,
        ECONOMIST,
        enrolment(org, &pnr("950412", "238"), "2013-02-04"),
    )
    .await;
    let res = app
        .post(
            "/api/v1/compensation",
            &e,
            compensation(org, id, "2013-03", "1500.50"),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let report = app
        .get(&format!("/api/v1/monthly-reports/{org}/2013-03"), &e)
        .await;
    assert_eq!(
        report.body["totals"]["cofinancing"]["participant_compensation"], "1500.50",
        "{}",
        report.text
    );
    assert_eq!(report.body["totals"]["cofinancing"]["total"], "1500.50");

    let partille = enrol(
        &app,
        "partille.economist@plugin.example",
        enrolment(app.org_id("1402"), &pnr("940101", "123"), "2013-02-04"),
    )
    .await;
    let before = (app.snapshot(), app.count("compensation"));
    for (body, status, field) in [
        (compensation(org, id, "2013-01", "100"), 422, "month"), // before the enrolment
        (compensation(org, id, "2013-03", "100"), 409, "kind"),  // already entered
        (
            compensation(org, partille, "2013-03", "100"),
            422,
            "enrolment_id",
        ), // another municipality's
        (compensation(org, id, "2013-04", "10.001"), 422, "amount"),
        (compensation(org, id, "2013-04", "-10"), 422, "amount"),
    ] {
        let res = app.post("/api/v1/compensation", &e, body.clone()).await;
        assert_problem(&res, status);
        assert!(
            error_fields(&res).iter().any(|f| f == field),
            "{body}: {}",
            res.text
        );
    }
    assert_problem(
        &app.post(
            "/api/v1/compensation",
            &app.token("partille.economist@plugin.example"),
            compensation(org, id, "2013-04", "100"),
        )
        .await,
        422,
    );
    // Shortening the enrolment past a month with compensation is refused.
    let res = app
        .patch(
            &format!("/api/v1/participants/{id}"),
            &e,
            json!({ "version": 1, "end_date": "2013-02-28", "outcome": "unknown" }),
        )
        .await;
    assert_problem(&res, 422);
    assert!(res.text.contains("2013-03"), "{}", res.text);
    assert_eq!((app.snapshot(), app.count("compensation")), before);
}

async fn attendance_is_set_per_month_within_the_enrolment(app: TestApp) {
    let e = app.token(ECONOMIST);
    let org = app.org_id("1481");
    let id = enrol(
        &app,
        ECONOMIST,
        enrolment(org, &pnr("950412", "238"), "2013-02-04"),
    )
    .await;
    let res = app
        .put(
            "/api/v1/attendance",
            &e,
            json!({ "enrolment_id": id, "month": "2013-02", "hours": "42.5" }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["hours"], "42.50");
    let before = (app.snapshot(), app.count("attendance"));
    for (body, status, field) in [
        (
            json!({ "enrolment_id": id, "month": "2013-02", "hours": "672.01" }),
            422,
            "hours",
        ), // February 2013 has 672 h
        (
            json!({ "enrolment_id": id, "month": "2013-01", "hours": "10" }),
            422,
            "month",
        ), // not enrolled
        (
            json!({ "enrolment_id": id, "month": "2013-03", "hours": "-1" }),
            422,
            "hours",
        ),
        (
            json!({ "enrolment_id": id, "month": "2013-03", "hours": "1.005" }),
            422,
            "hours",
        ),
        (
            json!({ "enrolment_id": id, "month": "2013-02", "hours": "40" }),
            409,
            "version",
        ), // set already
        (
            json!({ "enrolment_id": id, "month": "2013-02", "hours": "40", "version": 9 }),
            409,
            "",
        ),
        (
            json!({ "enrolment_id": 999999, "month": "2013-02", "hours": "40" }),
            422,
            "enrolment_id",
        ),
    ] {
        let res = app.put("/api/v1/attendance", &e, body.clone()).await;
        assert_problem(&res, status);
        if !field.is_empty() {
            assert!(
                error_fields(&res).iter().any(|f| f == field),
                "{body}: {}",
                res.text
            );
        }
    }
    assert_problem(
        &app.put(
            "/api/v1/attendance",
            &app.token("gr.economist@plugin.example"),
            json!({ "enrolment_id": id, "month": "2013-03", "hours": "1" }),
        )
        .await,
        403,
    );
    assert_eq!((app.snapshot(), app.count("attendance")), before);
    let res = app
        .put(
            "/api/v1/attendance",
            &e,
            json!({ "enrolment_id": id, "month": "2013-02", "hours": "40", "version": 1 }),
        )
        .await;
    assert_eq!(res.body["version"], 2, "{}", res.text);
    let list = app
        .get(
            &format!(
                "/api/v1/attendance?organisation_id={}&month=2013-02",
                app.org_id("GR")
            ),
            &app.token("gr.manager@plugin.example"),
        )
        .await;
    assert_eq!(list.body["total"], 1);
    assert_eq!(list.body["items"][0]["hours"], "40.00");
}

async fn the_scb_file_for_a_month_and_resubmission(app: TestApp) {
    // Hand-checked March 2013: Mölndal (GR) has A (woman, started 4 Feb, 40 h),
    // B (man, started 11 March, inactive and not in education, 12.5 h) and C (woman,
    // left 20 March back into studies with a qualification); Emmaboda (RKS) has D (man,
    // protected identity, started 1 March). E left Mölndal in February: not active.
    let e = app.token(ECONOMIST);
    let org = app.org_id("1481");
    let workshop = app
        .post(
            "/api/v1/workshops",
            &e,
            json!({ "organisation_id": org, "name": "Kvarnbyverkstan" }),
        )
        .await;
    let mut a = enrolment(org, &pnr("950412", "248"), "2013-02-04");
    a["workshop_id"] = workshop.body["id"].clone();
    a["labour_status"] = json!("unemployed");
    let a = enrol(&app, ECONOMIST, a).await;
    let mut b = enrolment(org, &pnr("960101", "257"), "2013-03-11");
    b["status_at_start"] = json!("at_risk");
    let b = enrol(&app, ECONOMIST, b).await;
    let c = enrol(
        &app,
        ECONOMIST,
        enrolment(org, &pnr("940615", "068"), "2013-01-07"),
    )
    .await;
    let res = app.patch(&format!("/api/v1/participants/{c}"), &e,
        json!({ "version": 1, "end_date": "2013-03-20", "outcome": "back_in_studies", "qualification_gained": true })).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let ex = enrol(
        &app,
        ECONOMIST,
        enrolment(org, &pnr("930303", "079"), "2013-01-07"),
    )
    .await;
    app.patch(
        &format!("/api/v1/participants/{ex}"),
        &e,
        json!({ "version": 1, "end_date": "2013-02-15", "outcome": "in_work" }),
    )
    .await;
    let emmaboda = app.org_id("0862");
    enrol(&app, "emmaboda.economist@plugin.example", json!({ "id_kind": "protected", "birth_date": "1996-05-05", "sex": "male",
        "organisation_id": emmaboda, "start_date": "2013-03-01", "status_at_start": "dropped_out", "education_level": "isced_0_2",
        "labour_status": "unemployed", "in_education_at_start": false })).await;
    for (id, hours) in [(a, "40"), (b, "12.5")] {
        let res = app
            .put(
                "/api/v1/attendance",
                &e,
                json!({ "enrolment_id": id, "month": "2013-03", "hours": hours }),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
    }

    let admin = app.token("skl.admin@plugin.example");
    let res = app.get("/api/v1/scb-reports/2013-03", &admin).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let r = &res.body;
    assert_eq!(r["file_name"], "Mars2013_Projekt2011-3010123.xlsx");
    // Nothing sent yet: every earlier month of the project comes first (2012-01..2013-02).
    let earlier = r["earlier_months_to_send"].as_array().unwrap();
    assert_eq!(
        (earlier.len(), earlier[0].as_str(), earlier[13].as_str()),
        (14, Some("2012-01"), Some("2013-02"))
    );
    let rows = r["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4, "{}", res.text);
    let a_row = rows
        .iter()
        .find(|x| x["identity"] == format!("19{}", pnr("950412", "248").replace('-', "")))
        .unwrap();
    assert_eq!(a_row["attended_hours"], "40.00");
    assert_eq!(a_row["workshop"], "Kvarnbyverkstan");
    assert_eq!(a_row["municipality_code"], "1481");
    assert_eq!(a_row["end_date"], Value::Null);
    let c_row = rows.iter().find(|x| x["end_date"] == "2013-03-20").unwrap();
    assert_eq!(c_row["outcome"], "back_in_studies");
    assert_eq!(c_row["attended_hours"], "0.00");
    assert!(rows
        .iter()
        .any(|x| x["identity"] == "19960505Tm29" && x["municipality_code"] == "0862"));
    let t = &r["totals"];
    assert_eq!(
        t["participants"],
        json!({"female": 2, "male": 2, "total": 4})
    );
    assert_eq!(t["new_starts"], json!({"female": 0, "male": 2, "total": 2}));
    assert_eq!(t["exits"], json!({"female": 1, "male": 0, "total": 1}));
    let regions: Vec<(String, i64)> = t["by_region"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["code"].as_str().unwrap().to_string(),
                x["participants"]["total"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(regions, vec![("GR".to_string(), 3), ("RKS".to_string(), 1)]);
    let i = &r["indicators"];
    assert_eq!(i["below_25"], json!({"female": 0, "male": 2, "total": 2}));
    assert_eq!(i["inactive"], json!({"female": 0, "male": 1, "total": 1}));
    assert_eq!(
        i["inactive_not_in_education"],
        json!({"female": 0, "male": 1, "total": 1})
    );
    assert_eq!(
        i["left_into_education"],
        json!({"female": 1, "male": 0, "total": 1})
    );
    assert_eq!(i["left_with_qualification"]["total"], 1);
    assert_eq!(i["left_into_employment"]["total"], 0);

    // The file: named as SCB asks, one row per participant, numbers as text.
    let file = app.get("/api/v1/scb-reports/2013-03/export", &admin).await;
    assert_eq!(file.status, 200, "{}", file.text);
    assert!(file
        .headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("Mars2013_Projekt2011-3010123.xlsx"));
    let mut wb: calamine::Xlsx<_> =
        calamine::Reader::new(std::io::Cursor::new(file.bytes.clone())).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut wb, "Deltagare").unwrap();
    assert_eq!(sheet.height(), 5);
    assert_eq!(sheet.get_value((0, 0)).unwrap().to_string(), "Personnummer");
    assert!(matches!(
        sheet.get_value((1, 0)).unwrap(),
        calamine::Data::String(_)
    ));
    if let Some(sheets) = crate::spreadsheet::open_in_libreoffice(&file.bytes, "scb") {
        assert_eq!(sheets["Deltagare"].len(), 5, "{sheets:?}");
    }
    // Also February, then a change to February's attendance: February and March are due again.
    assert_eq!(
        app.get("/api/v1/scb-reports/2013-02/export", &admin)
            .await
            .status,
        200
    );
    let status = app.get("/api/v1/scb-reports", &admin).await;
    assert_eq!(status.body["to_resend"], json!([]), "{}", status.text);
    assert_eq!(status.body["months"].as_array().unwrap().len(), 2);
    let res = app
        .put(
            "/api/v1/attendance",
            &e,
            json!({ "enrolment_id": a, "month": "2013-02", "hours": "30" }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let status = app.get("/api/v1/scb-reports", &admin).await;
    assert_eq!(
        status.body["to_resend"],
        json!(["2013-02", "2013-03"]),
        "{}",
        status.text
    );
    // Sending February again clears it; March stays due.
    app.get("/api/v1/scb-reports/2013-02/export", &admin).await;
    let status = app
        .get(
            "/api/v1/scb-reports",
            &app.token("skl.manager@plugin.example"),
        )
        .await;
    assert_eq!(status.body["to_resend"], json!(["2013-03"]));
    // Renaming a municipality with participants changes the files sent since its first
    // enrolment (January here): February is due again too.
    let molndal = app
        .get(&format!("/api/v1/organisations/{org}"), &admin)
        .await;
    let res = app
        .patch(
            &format!("/api/v1/organisations/{org}"),
            &admin,
            json!({ "version": molndal.body["version"], "name": "Mölndals stad" }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let status = app.get("/api/v1/scb-reports", &admin).await;
    assert_eq!(
        status.body["to_resend"],
        json!(["2013-02", "2013-03"]),
        "{}",
        status.text
    );

    // Only the owner's admins and managers; not before the month is over.
    for email in [
        "skl.economist@plugin.example",
        "skl.auditor@plugin.example",
        "gr.manager@plugin.example",
        ECONOMIST,
    ] {
        assert_problem(
            &app.get("/api/v1/scb-reports/2013-03", &app.token(email))
                .await,
            403,
        );
    }
    let next = chrono::Local::now()
        .date_naive()
        .format("%Y-%m")
        .to_string();
    let res = app
        .get(&format!("/api/v1/scb-reports/{next}"), &admin)
        .await;
    assert_problem(&res, 409);
    assert_problem(&app.get("/api/v1/scb-reports/2013-13", &admin).await, 422);
}

async fn participant_statistics_with_charts(app: TestApp) {
    // Mölndal: A (woman, 17, Feb-20 Mar, back to studies), B (man, 23, from 11 March);
    // Partille: C (man, 18, Jan-15 Feb, into work).
    let e = app.token(ECONOMIST);
    let org = app.org_id("1481");
    let a = enrol(
        &app,
        ECONOMIST,
        enrolment(org, &pnr("950412", "248"), "2013-02-04"),
    )
    .await;
    app.patch(
        &format!("/api/v1/participants/{a}"),
        &e,
        json!({ "version": 1, "end_date": "2013-03-20", "outcome": "back_in_studies" }),
    )
    .await;
    enrol(
        &app,
        ECONOMIST,
        enrolment(org, &pnr("900101", "257"), "2013-03-11"),
    )
    .await;
    let partille = app.org_id("1402");
    let c = enrol(
        &app,
        "partille.economist@plugin.example",
        enrolment(partille, &pnr("940615", "079"), "2013-01-07"),
    )
    .await;
    app.patch(
        &format!("/api/v1/participants/{c}"),
        &app.token("partille.economist@plugin.example"),
        json!({ "version": 1, "end_date": "2013-02-15", "outcome": "in_work" }),
    )
    .await;

    let gr = app.token("gr.manager@plugin.example");
    let res = app
        .get(
            &format!(
                "/api/v1/statistics/participants?organisation_id={}&from=2013-02&to=2013-03",
                app.org_id("GR")
            ),
            &gr,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let feb = &res.body["months"][0];
    assert_eq!(feb["active"], json!({"female": 1, "male": 1, "total": 2}));
    assert_eq!(feb["exits"]["total"], 1);
    assert_eq!(
        feb["age_at_start"],
        json!({"16-19": 2, "20-24": 0, "25+": 0})
    );
    let mar = &res.body["months"][1];
    assert_eq!(mar["active"]["total"], 2);
    assert_eq!(
        mar["new_starts"],
        json!({"female": 0, "male": 1, "total": 1})
    );
    assert_eq!(
        mar["age_at_start"],
        json!({"16-19": 1, "20-24": 1, "25+": 0})
    );
    assert_eq!(
        res.body["exits_by_outcome"],
        json!({"back_in_studies": 1, "in_work": 1, "other_activity": 0, "unknown": 0})
    );
    assert_eq!(res.body["returned_to_studies_percent"], "50.0");
    let count = |code: &str| {
        res.body["by_organisation"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["code"] == code)
            .unwrap()["participants"]["total"]
            .as_i64()
            .unwrap()
    };
    assert_eq!((count("GR"), count("1481"), count("1402")), (3, 2, 1));
    assert!(!res.text.contains("950412"), "no identities in statistics");
    // Mölndal's own view; Partille may not look at Mölndal.
    let own = app
        .get(
            "/api/v1/statistics/participants?from=2013-02&to=2013-03",
            &e,
        )
        .await;
    assert_eq!(own.body["exits_by_outcome"]["in_work"], 0);
    assert_problem(
        &app.get(
            &format!("/api/v1/statistics/participants?organisation_id={org}"),
            &app.token("partille.economist@plugin.example"),
        )
        .await,
        404,
    );
    assert_problem(
        &app.get(
            "/api/v1/statistics/participants?from=2013-05&to=2013-02",
            &e,
        )
        .await,
        422,
    );

    // The workbook has native charts and opens in a spreadsheet program.
    let file = app
        .get(
            &format!(
                "/api/v1/statistics/participants/export?organisation_id={}&from=2013-02&to=2013-03",
                app.org_id("GR")
            ),
            &gr,
        )
        .await;
    assert_eq!(file.status, 200, "{}", file.text);
    let zip = String::from_utf8_lossy(&file.bytes);
    assert!(
        zip.contains("xl/charts/chart1.xml") && zip.contains("xl/charts/chart4.xml"),
        "four charts"
    );
    let mut wb: calamine::Xlsx<_> =
        calamine::Reader::new(std::io::Cursor::new(file.bytes.clone())).unwrap();
    let months = calamine::Reader::worksheet_range(&mut wb, "Per månad").unwrap();
    // Under the title block (rows 0-2) and the heading (row 3): February, then March.
    assert_eq!(months.get_value((5, 3)).unwrap().to_string(), "2");
    if let Some(sheets) = crate::spreadsheet::open_in_libreoffice(&file.bytes, "statistik") {
        assert_eq!(
            sheets["Avslut"][3],
            vec!["Återgång till studier".to_string(), "1".to_string()],
            "{sheets:?}"
        );
    }
}

async fn a_move_between_municipalities_is_one_scb_row(app: TestApp) {
    let e = app.token(ECONOMIST);
    let p = app.token("partille.economist@plugin.example");
    let number = pnr("950412", "248");
    let first = enrol(
        &app,
        ECONOMIST,
        enrolment(app.org_id("1481"), &number, "2013-02-04"),
    )
    .await;
    app.put(
        "/api/v1/attendance",
        &e,
        json!({ "enrolment_id": first, "month": "2013-04", "hours": "10" }),
    )
    .await;
    let res = app
        .patch(
            &format!("/api/v1/participants/{first}"),
            &e,
            json!({ "version": 1, "end_date": "2013-04-10", "outcome": "other_activity" }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let second = enrol(
        &app,
        "partille.economist@plugin.example",
        enrolment(app.org_id("1402"), &number, "2013-04-15"),
    )
    .await;
    app.put(
        "/api/v1/attendance",
        &p,
        json!({ "enrolment_id": second, "month": "2013-04", "hours": "12.5" }),
    )
    .await;
    let res = app
        .get(
            "/api/v1/scb-reports/2013-04",
            &app.token("skl.admin@plugin.example"),
        )
        .await;
    let rows = res.body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{}", res.text);
    assert_eq!(rows[0]["municipality_code"], "1402");
    assert_eq!(rows[0]["start_date"], "2013-02-04");
    assert_eq!(rows[0]["end_date"], Value::Null);
    assert_eq!(rows[0]["attended_hours"], "22.50");
    assert_eq!(res.body["totals"]["participants"]["total"], 1);
    assert_eq!(res.body["totals"]["exits"]["total"], 0);
}

both_backends!(
    compensation_counts_as_cofinancing_only_with_certificate_and_enrolment,
    attendance_is_set_per_month_within_the_enrolment,
    the_scb_file_for_a_month_and_resubmission,
    participant_statistics_with_charts,
    a_move_between_municipalities_is_one_scb_row
);
