//! Participants over HTTP: identity numbers in every written form, privacy of the
//! number, enrolment rules, and every bad input with nothing written.

use serde_json::{json, Value};

use crate::both_backends;
use crate::harness::{assert_problem, error_fields, TestApp};

const ECONOMIST: &str = "molndal.economist@plugin.example";

/// A valid personnummer for the birth date YYMMDD and serial NNN (the check digit computed).
pub fn pnr(yymmdd: &str, serial: &str) -> String {
    let digits: Vec<u8> = format!("{yymmdd}{serial}")
        .bytes()
        .map(|b| b - b'0')
        .collect();
    format!(
        "{yymmdd}-{serial}{}",
        esf_ledger::domain::luhn::check_digit(&digits)
    )
}

pub fn enrolment(org: i64, number: &str, start: &str) -> Value {
    json!({ "id_kind": "personnummer", "identity_number": number, "organisation_id": org,
             "start_date": start, "status_at_start": "dropped_out", "education_level": "isced_0_2",
             "labour_status": "inactive", "in_education_at_start": false })
}

async fn enrol_and_exit_with_the_number_shown_only_where_allowed(app: TestApp) {
    let e = app.token(ECONOMIST);
    let org = app.org_id("1481");
    let workshop = app
        .post(
            "/api/v1/workshops",
            &e,
            json!({ "organisation_id": org, "name": "Metodverkstan Kvarnby" }),
        )
        .await;
    assert_eq!(workshop.status, 201, "{}", workshop.text);
    let number = pnr("950412", "238"); // a woman (8 is even), 17 at start
    let mut body = enrolment(org, &number, "2013-02-04");
    body["workshop_id"] = workshop.body["id"].clone();
    let res = app.post("/api/v1/participants", &e, body).await;
    assert_eq!(res.status, 201, "{}", res.text);
    let full = format!("19{}", number);
    assert_eq!(res.body["identity"], full);
    assert_eq!(res.body["identity_masked"], false);
    assert_eq!(res.body["sex"], "female");
    assert_eq!(res.body["birth_date"], "1995-04-12");
    let id = res.body["id"].as_i64().unwrap();
    let path = format!("/api/v1/participants/{id}");

    // Who sees the number: the municipality, SKL's admin and manager; masked for the
    // region, SKL's economist and auditor.
    for (email, shown) in [
        ("molndal.manager@plugin.example", full.as_str()),
        ("skl.admin@plugin.example", full.as_str()),
        ("skl.manager@plugin.example", full.as_str()),
        ("gr.manager@plugin.example", "19950412-****"),
        ("gr.economist@plugin.example", "19950412-****"),
        ("skl.auditor@plugin.example", "19950412-****"),
        ("skl.economist@plugin.example", "19950412-****"),
    ] {
        let got = app.get(&path, &app.token(email)).await;
        assert_eq!(got.status, 200, "{email}: {}", got.text);
        assert_eq!(got.body["identity"], shown, "{email}");
        let list = app
            .get("/api/v1/participants?active_in=2013-03", &app.token(email))
            .await;
        assert_eq!(
            list.body["items"][0]["identity"], shown,
            "{email}: {}",
            list.text
        );
    }
    assert_problem(
        &app.get(&path, &app.token("partille.economist@plugin.example"))
            .await,
        404,
    );
    // The audit log never holds the number in full.
    let audit = app
        .get(
            &format!("/api/v1/audit-log?organisation_id={org}&entity=enrolment"),
            &app.token("skl.admin@plugin.example"),
        )
        .await;
    assert_eq!(audit.body["total"], 1);
    assert!(!audit.text.contains(&number[7..]), "{}", audit.text);

    // Leaving: end date with an outcome.
    let res = app.patch(&path, &e, json!({ "version": 1, "end_date": "2013-05-31", "outcome": "back_in_studies", "qualification_gained": true })).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["outcome"], "back_in_studies");
    assert_eq!(
        app.get("/api/v1/participants?active_in=2013-05", &e)
            .await
            .body["total"],
        1
    );
    assert_eq!(
        app.get("/api/v1/participants?active_in=2013-06", &e)
            .await
            .body["total"],
        0
    );
    // A later enrolment of the same person (10-digit form, another municipality) reuses the person.
    let res = app
        .post(
            "/api/v1/participants",
            &app.token("partille.economist@plugin.example"),
            enrolment(app.org_id("1402"), &number.replace('-', ""), "2013-09-02"),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(
        res.body["participant_id"],
        app.get(&path, &e).await.body["participant_id"]
    );
    // Mölndal no longer sees the number of Partille's enrolment in full.
    let list = app
        .get(
            &format!("/api/v1/participants?organisation_id={}", app.org_id("GR")),
            &app.token("gr.manager@plugin.example"),
        )
        .await;
    assert_eq!(list.body["total"], 2);
}

async fn protected_identities_and_samordningsnummer(app: TestApp) {
    let e = app.token(ECONOMIST);
    let org = app.org_id("1481");
    let res = app.post("/api/v1/participants", &e, json!({ "id_kind": "protected", "birth_date": "1995-04-12", "sex": "female",
        "organisation_id": org, "start_date": "2013-02-04", "status_at_start": "at_risk", "education_level": "isced_0_2",
        "labour_status": "inactive", "in_education_at_start": true })).await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.body["identity"], "19950412Tf29");
    // Another woman born the same day with a protected identity is another person.
    let res = app.post("/api/v1/participants", &e, json!({ "id_kind": "protected", "birth_date": "1995-04-12", "sex": "female",
        "organisation_id": org, "start_date": "2013-02-11", "status_at_start": "at_risk", "education_level": "isced_0_2",
        "labour_status": "inactive", "in_education_at_start": true })).await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(app.count("participants"), 2);
    let mut samordning = enrolment(org, &pnr("950472", "239"), "2013-02-04");
    samordning["id_kind"] = json!("samordningsnummer");
    let res = app.post("/api/v1/participants", &e, samordning).await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.body["birth_date"], "1995-04-12");
    assert_eq!(res.body["sex"], "male");
    assert_eq!(res.body["identity"].as_str().unwrap().len(), 13);
}

async fn bad_enrolments_change_nothing(app: TestApp) {
    let e = app.token(ECONOMIST);
    let org = app.org_id("1481");
    let number = pnr("950412", "238");
    assert_eq!(
        app.post(
            "/api/v1/participants",
            &e,
            enrolment(org, &number, "2013-02-04")
        )
        .await
        .status,
        201
    );
    let before = (
        app.snapshot(),
        app.count("participants"),
        app.count("enrolments"),
    );
    let bad_check = format!(
        "{}{}",
        &number[..10],
        (number.as_bytes()[10] - b'0' + 1) % 10
    );
    let mut samordning_flag = enrolment(org, &pnr("950472", "239"), "2013-02-04");
    samordning_flag["id_kind"] = json!("personnummer");
    let mut protected_with_number = enrolment(org, &number, "2013-02-04");
    protected_with_number["id_kind"] = json!("protected");
    let mut unknown = enrolment(org, &pnr("940101", "123"), "2013-02-04");
    unknown["shoe_size"] = json!(42);
    let cases: Vec<(Value, u16, &str)> = vec![
        (
            enrolment(org, &bad_check, "2013-02-04"),
            422,
            "identity_number",
        ),
        (
            enrolment(org, &pnr("950231", "238"), "2013-02-04"),
            422,
            "identity_number",
        ), // 31 February
        (
            enrolment(org, "95041", "2013-02-04"),
            422,
            "identity_number",
        ),
        (samordning_flag, 422, "identity_number"),
        (protected_with_number, 422, "identity_number"),
        (
            enrolment(org, &pnr("970302", "238"), "2013-03-01"),
            422,
            "start_date",
        ), // 15 at start
        (enrolment(org, &number, "2013-05-01"), 422, "start_date"), // overlaps
        (
            enrolment(org, &pnr("940101", "123"), "2011-05-01"),
            422,
            "start_date",
        ), // before the project
        (
            enrolment(app.org_id("GR"), &pnr("940101", "123"), "2013-05-01"),
            422,
            "organisation_id",
        ), // GR is out of Mölndal's sight: answered as a missing organisation
        (unknown, 400, "shoe_size"),
        (
            json!({ "id_kind": "personnummer", "identity_number": 196408233234u64, "organisation_id": org,
                 "start_date": "2013-02-04", "status_at_start": "dropped_out", "education_level": "isced_0_2",
                 "labour_status": "inactive", "in_education_at_start": false }),
            400,
            "identity_number",
        ),
    ];
    for (body, status, field) in cases {
        let res = app.post("/api/v1/participants", &e, body.clone()).await;
        assert_problem(&res, status);
        if !field.is_empty() {
            assert!(
                error_fields(&res).iter().any(|f| f == field),
                "{body}: {}",
                res.text
            );
        }
        // The number never comes back in full in an error.
        assert!(
            !res.text.contains(&number[7..])
                && !res.text.contains(&bad_check[7..])
                && !res.text.contains("3234"),
            "{}",
            res.text
        );
    }
    let res = app
        .post(
            "/api/v1/participants",
            &app.token("partille.economist@plugin.example"),
            enrolment(org, &pnr("940101", "123"), "2013-05-01"),
        )
        .await;
    assert_problem(&res, 422);
    // Partille learns that the person is enrolled elsewhere, not when.
    let res = app
        .post(
            "/api/v1/participants",
            &app.token("partille.economist@plugin.example"),
            enrolment(app.org_id("1402"), &number, "2013-03-01"),
        )
        .await;
    assert_problem(&res, 422);
    assert!(
        res.text.contains("another municipality") && !res.text.contains("2013-02-04"),
        "{}",
        res.text
    );
    // An enrolment at a region is refused: participants are enrolled in a municipality.
    let res = app
        .post(
            "/api/v1/participants",
            &app.token("gr.economist@plugin.example"),
            enrolment(app.org_id("GR"), &pnr("940101", "123"), "2013-05-01"),
        )
        .await;
    assert_problem(&res, 422);
    assert_eq!(
        (
            app.snapshot(),
            app.count("participants"),
            app.count("enrolments")
        ),
        before
    );

    // Exit rules: an end before the start, an end without outcome, an outcome without end.
    let id = app.get("/api/v1/participants", &e).await.body["items"][0]["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/participants/{id}");
    for (patch, field) in [
        (
            json!({ "version": 1, "end_date": "2013-01-31", "outcome": "in_work" }),
            "end_date",
        ),
        (json!({ "version": 1, "end_date": "2013-03-31" }), "outcome"),
        (json!({ "version": 1, "outcome": "in_work" }), "end_date"),
    ] {
        let res = app.patch(&path, &e, patch.clone()).await;
        assert_problem(&res, 422);
        assert!(
            error_fields(&res).iter().any(|f| f == field),
            "{patch}: {}",
            res.text
        );
    }
    assert_problem(
        &app.patch(
            &path,
            &e,
            json!({ "version": 7, "end_date": "2013-03-31", "outcome": "in_work" }),
        )
        .await,
        409,
    );
    assert_eq!(
        (
            app.snapshot(),
            app.count("participants"),
            app.count("enrolments")
        ),
        before
    );
    // A federation without a municipality code cannot enrol: SCB's file needs the code.
    let admin = app.token("skl.admin@plugin.example");
    let user = app.post("/api/v1/users", &admin, json!({ "organisation_id": app.org_id("KSGYF"), "name": "Förbundsekonom",
        "email": "ekonom@ksgyf.example", "roles": ["economist"], "password": "ett långt lösenord 2013" })).await;
    assert_eq!(user.status, 201, "{}", user.text);
    let before = app.count("enrolments");
    let res = app
        .post(
            "/api/v1/participants",
            &app.token("ekonom@ksgyf.example"),
            enrolment(app.org_id("KSGYF"), &pnr("940101", "123"), "2013-05-01"),
        )
        .await;
    assert_problem(&res, 422);
    assert!(res.text.contains("no municipality code"), "{}", res.text);
    assert_eq!(app.count("enrolments"), before);
}

both_backends!(
    enrol_and_exit_with_the_number_shown_only_where_allowed,
    protected_identities_and_samordningsnummer,
    bad_enrolments_change_nothing
);
