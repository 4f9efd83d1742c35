//! A municipality imports its participants, a month's attendance and compensation from
//! the templates; the month's report shows the co-financing and SKL's SCB file the rows.
//! Bad workbooks change nothing and never echo an identity number.

use serde_json::json;

use crate::both_backends;
use crate::excel::{cells_of, sheet_workbook, t, upload_to, Cell, XLSX};
use crate::harness::{assert_problem, TestApp};
use crate::participants::pnr;

pub const P_HEADERS: [&str; 13] = [
    "Typ av nummer",
    "Personnummer",
    "Födelsedatum",
    "Kön",
    "Startdatum",
    "Metodverkstad",
    "Status vid start",
    "Utbildningsnivå",
    "Arbetsmarknadsstatus",
    "I utbildning vid start",
    "Slutdatum",
    "Utfall vid avslut",
    "Kvalifikation vid avslut",
];
pub const A_HEADERS: [&str; 3] = ["Personnummer", "Månad", "Timmar"];
pub const C_HEADERS: [&str; 6] = [
    "Personnummer",
    "Månad",
    "Typ",
    "Belopp",
    "Utbetalare",
    "Närvarointyg bekräftat",
];

pub fn person(number: &str, start: &str, workshop: &str) -> Vec<Cell> {
    vec![
        t("personnummer"),
        t(number),
        Cell::Empty,
        Cell::Empty,
        t(start),
        t(workshop),
        t("har avbrutit studier"),
        t("isced 0-2"),
        t("inaktiv"),
        t("nej"),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ]
}

async fn a_municipality_imports_participants_attendance_and_compensation(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    for kind in ["participants", "attendance", "compensation"] {
        let res = app.get(&format!("/api/v1/templates/{kind}"), &e).await;
        assert_eq!(res.status, 200, "{kind}");
        assert_eq!(res.content_type(), XLSX);
    }
    app.post(
        "/api/v1/workshops",
        &e,
        json!({ "organisation_id": org, "name": "Kvarnbyverkstan" }),
    )
    .await;
    let (a, b) = (pnr("950412", "248"), pnr("960101", "257"));
    let mut left = person(&b, "2013-01-07", "");
    left[10] = t("2013-03-20");
    left[11] = t("studier");
    left[12] = t("ja");
    let rows = vec![
        person(&a, "2013-02-04", "Kvarnbyverkstan"),
        left,
        vec![
            t("skyddad identitet"),
            Cell::Empty,
            t("1996-05-05"),
            t("man"),
            t("2013-03-01"),
            Cell::Empty,
            t("riskerar studieavbrott"),
            t("isced 0-2"),
            t("arbetslös"),
            t("ja"),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ],
    ];
    let file = sheet_workbook("Deltagare", &P_HEADERS, &rows);
    let res = upload_to(&app, "participants", &e, org, file.clone(), XLSX).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"rows": 3, "created": 3, "updated": 0, "unchanged": 0})
    );
    let res = upload_to(&app, "participants", &e, org, file, XLSX).await;
    assert_eq!(
        res.body,
        json!({"rows": 3, "created": 0, "updated": 0, "unchanged": 3}),
        "{}",
        res.text
    );

    let hours = vec![
        vec![t(&a), t("2013-03"), Cell::Number(40.0)],
        vec![t(&b.replace('-', "")), t("2013-03"), Cell::Number(12.5)],
        vec![t("19960505Tm29"), t("2013-03"), Cell::Number(8.0)],
    ];
    let res = upload_to(
        &app,
        "attendance",
        &e,
        org,
        sheet_workbook("Närvaro", &A_HEADERS, &hours),
        XLSX,
    )
    .await;
    assert_eq!(
        res.body,
        json!({"rows": 3, "created": 3, "updated": 0, "unchanged": 0}),
        "{}",
        res.text
    );
    let pay = vec![
        vec![
            t(&a),
            t("2013-03"),
            t("ungdomsersättning"),
            Cell::Number(1500.0),
            t("Mölndals stad"),
            t("ja"),
        ],
        vec![
            t(&b),
            t("2013-03"),
            t("aktivitetsersättning"),
            t("999.50"),
            t("Försäkringskassan"),
            t("ja"),
        ],
    ];
    let res = upload_to(
        &app,
        "compensation",
        &e,
        org,
        sheet_workbook("Ersättning", &C_HEADERS, &pay),
        XLSX,
    )
    .await;
    assert_eq!(
        res.body,
        json!({"rows": 2, "created": 2, "updated": 0, "unchanged": 0}),
        "{}",
        res.text
    );

    let report = app
        .get(&format!("/api/v1/monthly-reports/{org}/2013-03"), &e)
        .await;
    assert_eq!(
        report.body["totals"]["cofinancing"]["participant_compensation"], "2499.50",
        "{}",
        report.text
    );
    let scb = app
        .get(
            "/api/v1/scb-reports/2013-03",
            &app.token("skl.manager@plugin.example"),
        )
        .await;
    assert_eq!(
        scb.body["rows"].as_array().unwrap().len(),
        3,
        "{}",
        scb.text
    );
    assert_eq!(scb.body["totals"]["exits"]["total"], 1);
    let hours_total: rust_decimal::Decimal = scb.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["attended_hours"]
                .as_str()
                .unwrap()
                .parse::<rust_decimal::Decimal>()
                .unwrap()
        })
        .sum();
    assert_eq!(hours_total.normalize().to_string(), "60.5");
}

async fn bad_participant_workbooks_change_nothing_and_mask_numbers(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let good = pnr("950412", "248");
    let bad_check = format!("{}{}", &good[..10], (good.as_bytes()[10] - b'0' + 1) % 10);
    let before = (
        app.snapshot(),
        app.count("participants"),
        app.count("enrolments"),
    );
    let mut young = person(&pnr("970302", "238"), "2013-03-01", "");
    young[9] = t("kanske");
    let rows = vec![
        person(&good, "2013-02-04", ""),
        person(&bad_check, "2013-02-04", ""),
        person(&good, "2013-02-04", ""), // the same row twice
        person(&pnr("940101", "123"), "2013-02-04", "Okänd verkstad"),
        young,
    ];
    let res = upload_to(
        &app,
        "participants",
        &e,
        org,
        sheet_workbook("Deltagare", &P_HEADERS, &rows),
        XLSX,
    )
    .await;
    assert_problem(&res, 422);
    let mut cells = cells_of(&res);
    cells.sort();
    assert_eq!(
        cells,
        vec![(6, "J".to_string())],
        "cell rules first: {}",
        res.text
    );
    let mut rows = rows;
    rows[4][9] = t("nej");
    let res = upload_to(
        &app,
        "participants",
        &e,
        org,
        sheet_workbook("Deltagare", &P_HEADERS, &rows),
        XLSX,
    )
    .await;
    assert_problem(&res, 422);
    let mut cells = cells_of(&res);
    cells.sort();
    assert_eq!(
        cells,
        vec![
            (3, "B".into()),
            (4, "B".into()),
            (5, "F".into()),
            (6, "E".into())
        ],
        "{}",
        res.text
    );
    assert!(
        !res.text.contains(&good[7..]) && !res.text.contains(&bad_check[7..]),
        "numbers leak: {}",
        res.text
    );
    assert!(res.text.contains("950412-****"), "{}", res.text);
    // Attendance for someone not enrolled, more hours than March has.
    let hours = vec![
        vec![t(&good), t("2013-03"), Cell::Number(10.0)],
        vec![t(&bad_check), t("2013-03"), Cell::Number(800.0)],
    ];
    let res = upload_to(
        &app,
        "attendance",
        &e,
        org,
        sheet_workbook("Närvaro", &A_HEADERS, &hours),
        XLSX,
    )
    .await;
    assert_problem(&res, 422);
    assert!(
        !res.text.contains(&good[7..]) && !res.text.contains(&bad_check[7..]),
        "numbers leak: {}",
        res.text
    );
    // Another municipality's economist.
    assert_problem(
        &upload_to(
            &app,
            "participants",
            &app.token("partille.economist@plugin.example"),
            org,
            sheet_workbook("Deltagare", &P_HEADERS, &rows[..1]),
            XLSX,
        )
        .await,
        422,
    );
    assert_eq!(
        (
            app.snapshot(),
            app.count("participants"),
            app.count("enrolments")
        ),
        before
    );
}

both_backends!(
    a_municipality_imports_participants_attendance_and_compensation,
    bad_participant_workbooks_change_nothing_and_mask_numbers
);
