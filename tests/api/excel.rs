//! The timesheet template and import over HTTP: the happy path, re-import without
//! duplicates, and every kind of bad workbook, with the database unchanged.

use std::io::Cursor;

use actix_web::http::Method;
use calamine::{Reader, Xlsx};
use rust_xlsxwriter::{Formula, Workbook};
use serde_json::json;

use crate::both_backends;
use crate::harness::{assert_problem, TestApp};
use crate::timesheets::staff_with_salary;

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const HEADERS: [&str; 5] = [
    "Anställningsnummer",
    "Datum",
    "Timmar",
    "Finansiering",
    "Aktivitet",
];

#[derive(Clone)]
pub enum Cell {
    Text(String),
    Number(f64),
    Formula(&'static str),
    /// A real date cell (YYYY-MM-DD), as Excel stores a typed date.
    Date(&'static str),
    Empty,
}

pub fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// A workbook with sheet Tidrapport, the given headers and rows.
pub fn workbook(headers: &[&str], rows: &[Vec<Cell>]) -> Vec<u8> {
    sheet_workbook("Tidrapport", headers, rows)
}

/// A workbook with one named sheet, the given headers and rows.
pub fn sheet_workbook(sheet: &str, headers: &[&str], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name(sheet).unwrap();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                Cell::Number(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                Cell::Formula(f) => {
                    ws.write_formula(r, c, Formula::new(*f)).unwrap();
                }
                Cell::Date(d) => {
                    let date = rust_xlsxwriter::ExcelDateTime::parse_from_str(d).unwrap();
                    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
                    ws.write_datetime_with_format(r, c, &date, &format).unwrap();
                }
                Cell::Empty => {}
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn day_rows(number: &str, month: &str, days: u32, hours: f64) -> Vec<Vec<Cell>> {
    (1..=days)
        .map(|d| {
            vec![
                t(number),
                t(&format!("{month}-{d:02}")),
                Cell::Number(hours),
                t("projekt"),
                t("Metodverkstad"),
            ]
        })
        .collect()
}

pub async fn upload(
    app: &TestApp,
    token: &str,
    org: i64,
    bytes: Vec<u8>,
    content_type: &str,
) -> crate::harness::Response {
    upload_to(app, "timesheets", token, org, bytes, content_type).await
}

pub async fn upload_to(
    app: &TestApp,
    kind: &str,
    token: &str,
    org: i64,
    bytes: Vec<u8>,
    content_type: &str,
) -> crate::harness::Response {
    let req = actix_web::test::TestRequest::default()
        .method(Method::POST)
        .uri(&format!("/api/v1/imports/{kind}?organisation_id={org}"))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header(("content-type", content_type))
        .set_payload(bytes)
        .to_request();
    app.send(req).await
}

pub fn cells_of(res: &crate::harness::Response) -> Vec<(u64, String)> {
    res.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap_or(0),
                e["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

async fn template_download_fill_import_report(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let template = app.get("/api/v1/templates/timesheets", &e).await;
    assert_eq!(template.status, 200);
    assert_eq!(template.content_type(), XLSX);
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(template.bytes.clone())).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Tidrapport", "Instruktioner"]);
    let range = wb.worksheet_range("Tidrapport").unwrap();
    let headers: Vec<String> = (0..5)
        .map(|c| range.get_value((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(headers, HEADERS);
    assert_eq!(range.height(), 1, "the data sheet starts empty");

    staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "M-1",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let filled = workbook(&HEADERS, &day_rows("M-1", "2013-03", 16, 7.5));
    let res = upload(&app, &e, org, filled.clone(), XLSX).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"rows": 16, "timesheets_created": 1, "timesheets_updated": 0, "timesheets_unchanged": 0, "rows_without_hours": 0})
    );
    // The same file again: nothing new.
    let res = upload(&app, &e, org, filled.clone(), XLSX).await;
    assert_eq!(
        res.body,
        json!({"rows": 16, "timesheets_created": 0, "timesheets_updated": 0, "timesheets_unchanged": 1, "rows_without_hours": 0})
    );
    assert_eq!(app.count("timesheet_rows"), 16);
    // More days update the draft.
    let res = upload(
        &app,
        &e,
        org,
        workbook(&HEADERS, &day_rows("M-1", "2013-03", 17, 7.5)),
        XLSX,
    )
    .await;
    assert_eq!(res.body["timesheets_updated"], 1, "{}", res.text);
    let list = app
        .get(
            &format!("/api/v1/timesheets?organisation_id={org}&month=2013-03"),
            &e,
        )
        .await;
    assert_eq!(list.body["items"][0]["hours"], "127.50");
    // Back to 16 days by editing the draft, then sign, attest: the report shows the cost.
    let id = list.body["items"][0]["id"].as_i64().unwrap();
    let sheet = app.get(&format!("/api/v1/timesheets/{id}"), &e).await;
    let mut rows = sheet.body["rows"].as_array().unwrap().clone();
    rows.pop();
    app.put(
        &format!("/api/v1/timesheets/{id}"),
        &e,
        json!({"version": sheet.body["version"], "funding": "project", "rows": rows}),
    )
    .await;
    let v = app.get(&format!("/api/v1/timesheets/{id}"), &e).await.body["version"]
        .as_i64()
        .unwrap();
    app.post(
        &format!("/api/v1/timesheets/{id}/sign"),
        &e,
        json!({"version": v}),
    )
    .await;
    let res = app
        .post(
            &format!("/api/v1/timesheets/{id}/attest"),
            &app.token("molndal.manager@plugin.example"),
            json!({"version": v + 1}),
        )
        .await;
    assert_eq!(res.body["cost"], "34776.00", "{}", res.text);
    let report = app
        .get(&format!("/api/v1/monthly-reports/{org}/2013-03"), &e)
        .await;
    assert_eq!(report.body["totals"]["costs"]["staff"], "34776.00");
    // An attested timesheet is not changed by an import.
    let res = upload(&app, &e, org, filled, XLSX).await;
    assert_problem(&res, 422);
    assert!(res.text.contains("attested"), "{}", res.text);
}

async fn bad_workbooks_change_nothing(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "M-1",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let before = (
        app.snapshot(),
        app.count("timesheets"),
        app.count("timesheet_rows"),
    );

    // Not a workbook, and the wrong content type.
    assert_problem(
        &upload(
            &app,
            &e,
            org,
            "Anställningsnummer;Datum\n".as_bytes().to_vec(),
            XLSX,
        )
        .await,
        415,
    );
    assert_problem(
        &upload(
            &app,
            &e,
            org,
            workbook(&HEADERS, &day_rows("M-1", "2013-03", 1, 7.0)),
            "text/csv",
        )
        .await,
        415,
    );
    // A zip that is no workbook.
    assert_problem(
        &upload(&app, &e, org, b"PK\x03\x04garbage".to_vec(), XLSX).await,
        422,
    );
    // Too large.
    assert_problem(
        &upload(&app, &e, org, vec![b'P'; 3 * 1024 * 1024], XLSX).await,
        413,
    );

    // A renamed column.
    let res = upload(
        &app,
        &e,
        org,
        workbook(
            &[
                "Anställningsnummer",
                "Datum",
                "Tid",
                "Finansiering",
                "Aktivitet",
            ],
            &day_rows("M-1", "2013-03", 1, 7.0),
        ),
        XLSX,
    )
    .await;
    assert_problem(&res, 422);
    assert_eq!(cells_of(&res), vec![(1, "C".to_string())]);
    assert_eq!(res.body["errors"][0]["value"], "Tid");
    // A missing column.
    let res = upload(
        &app,
        &e,
        org,
        workbook(&HEADERS[..4], &day_rows("M-1", "2013-03", 1, 7.0)),
        XLSX,
    )
    .await;
    assert_problem(&res, 422);
    assert_eq!(cells_of(&res), vec![(1, "E".to_string())]);

    // Text in a number cell, a formula, an empty row in between, a day over 13 h,
    // an unknown staff member, three decimals, a date outside the month's project.
    let mut rows = day_rows("M-1", "2013-03", 3, 7.0);
    rows[0][2] = t("sju");
    rows[1][2] = Cell::Formula("=3+4");
    rows.push(vec![
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ]);
    rows.push(vec![
        t("M-1"),
        t("2013-03-10"),
        Cell::Number(13.5),
        t("projekt"),
        t(""),
    ]);
    rows.push(vec![
        t("X-9"),
        t("2013-03-11"),
        Cell::Number(7.0),
        t("projekt"),
        t(""),
    ]);
    rows.push(vec![
        t("M-1"),
        t("2013-03-12"),
        Cell::Number(7.125),
        t("projekt"),
        t(""),
    ]);
    rows.push(vec![
        t("M-1"),
        t("2011-03-12"),
        Cell::Number(7.0),
        t("lön"),
        t(""),
    ]);
    let res = upload(&app, &e, org, workbook(&HEADERS, &rows), XLSX).await;
    assert_problem(&res, 422);
    let mut cells = cells_of(&res);
    cells.sort();
    assert_eq!(
        cells,
        vec![
            (2, "C".into()),
            (3, "C".into()),
            (5, "A".into()),
            (6, "C".into()),
            (8, "C".into()),
            (9, "D".into()),
        ],
        "{}",
        res.text
    );
    let first = &res.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["row"] == 2)
        .unwrap();
    assert_eq!(first["sheet"], "Tidrapport");
    assert_eq!(first["value"], "sju");
    assert_eq!(first["field"], "Timmar");

    // Row-level rules that need the database: unknown staff, outside the project.
    let rows = vec![
        vec![
            t("X-9"),
            t("2013-03-11"),
            Cell::Number(7.0),
            t("projekt"),
            t(""),
        ],
        vec![
            t("M-1"),
            t("2011-03-12"),
            Cell::Number(7.0),
            t("projekt"),
            t(""),
        ],
    ];
    let res = upload(&app, &e, org, workbook(&HEADERS, &rows), XLSX).await;
    assert_problem(&res, 422);
    assert_eq!(
        cells_of(&res),
        vec![(2, "A".to_string()), (3, "B".to_string())],
        "{}",
        res.text
    );

    // 1 500 bad rows: the first 1 000 listed, the total counted.
    let rows: Vec<Vec<Cell>> = (0..1500)
        .map(|_| vec![t("M-1"), t("2013-03-04"), t("mycket"), t("projekt"), t("")])
        .collect();
    let res = upload(&app, &e, org, workbook(&HEADERS, &rows), XLSX).await;
    assert_problem(&res, 422);
    assert_eq!(res.body["total_errors"], 1500);
    assert_eq!(res.body["errors"].as_array().unwrap().len(), 1000);
    assert!(res.body["detail"]
        .as_str()
        .unwrap()
        .contains("the first 1000"));

    // Another organisation's import: refused before the file is even read.
    assert_problem(
        &upload(
            &app,
            &e,
            app.org_id("1402"),
            workbook(&HEADERS, &day_rows("M-1", "2013-03", 1, 7.0)),
            XLSX,
        )
        .await,
        422,
    );
    assert_problem(
        &upload(
            &app,
            &e,
            app.org_id("1402"),
            b"not a workbook".to_vec(),
            XLSX,
        )
        .await,
        422,
    );
    assert_problem(
        &upload(
            &app,
            &app.token("molndal.manager@plugin.example"),
            org,
            b"not a workbook".to_vec(),
            XLSX,
        )
        .await,
        403,
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

both_backends!(
    template_download_fill_import_report,
    bad_workbooks_change_nothing
);

pub const OTHER_HEADERS: [&str; 6] = [
    "Datum",
    "Kostnadsslag",
    "Belopp exkl. moms",
    "Leverantör",
    "Verifikationsnummer",
    "Beskrivning",
];

fn voucher(date: &str, category: &str, amount: Cell, number: &str) -> Vec<Cell> {
    vec![
        t(date),
        t(category),
        amount,
        t("Västtrafik"),
        t(number),
        t("Resa till studiebesök"),
    ]
}

async fn other_costs_template_and_import(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let template = app.get("/api/v1/templates/other-costs", &e).await;
    assert_eq!(template.status, 200);
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(template.bytes.clone())).unwrap();
    assert_eq!(wb.sheet_names(), vec!["Övriga kostnader", "Instruktioner"]);
    let range = wb.worksheet_range("Övriga kostnader").unwrap();
    let headers: Vec<String> = (0..6)
        .map(|c| range.get_value((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(headers, OTHER_HEADERS);

    let rows = vec![
        voucher("2013-03-12", "resa", Cell::Number(1234.5), "V-1"),
        voucher("2013-03-13", "materiel", t("99.99"), "V-2"),
        voucher("2013-03-14", "köp av tjänst", Cell::Number(15000.0), "V-3"),
    ];
    let file = sheet_workbook("Övriga kostnader", &OTHER_HEADERS, &rows);
    let res = upload_to(&app, "other-costs", &e, org, file.clone(), XLSX).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"rows": 3, "created": 3, "updated": 0, "unchanged": 0})
    );
    let res = upload_to(&app, "other-costs", &e, org, file, XLSX).await;
    assert_eq!(
        res.body,
        json!({"rows": 3, "created": 0, "updated": 0, "unchanged": 3})
    );
    let mut changed = rows.clone();
    changed[0][2] = Cell::Number(1300.0);
    let res = upload_to(
        &app,
        "other-costs",
        &e,
        org,
        sheet_workbook("Övriga kostnader", &OTHER_HEADERS, &changed),
        XLSX,
    )
    .await;
    assert_eq!(
        res.body,
        json!({"rows": 3, "created": 0, "updated": 1, "unchanged": 2})
    );
    let report = app
        .get(&format!("/api/v1/monthly-reports/{org}/2013-03"), &e)
        .await;
    assert_eq!(report.body["totals"]["costs"]["travel"], "1300.00");
    assert_eq!(report.body["totals"]["costs"]["materials"], "99.99");
    assert_eq!(report.body["totals"]["costs"]["services"], "15000.00");
    assert_eq!(report.body["totals"]["costs"]["total"], "16399.99");
}

async fn bad_other_costs_workbooks_change_nothing(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let before = (app.snapshot(), app.count("other_costs"));
    // Cell rules first: category, text amount, three decimals, a negative amount.
    let rows = vec![
        voucher("2013-03-12", "resa", Cell::Number(1234.5), "V-1"),
        voucher("2013-03-13", "mat", t("99.99"), "V-2"),
        voucher("2013-03-14", "resa", t("tusen"), "V-3"),
        voucher("2013-03-15", "resa", Cell::Number(10.005), "V-4"),
        voucher("2013-03-17", "resa", Cell::Number(-10.0), "V-7"),
    ];
    let res = upload_to(
        &app,
        "other-costs",
        &e,
        org,
        sheet_workbook("Övriga kostnader", &OTHER_HEADERS, &rows),
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
            (4, "C".into()),
            (5, "C".into()),
            (6, "C".into())
        ],
        "{}",
        res.text
    );
    // Then the rules that need the database: a voucher twice, a date outside the project.
    let rows = vec![
        voucher("2013-03-12", "resa", Cell::Number(1234.5), "V-1"),
        voucher("2013-03-16", "resa", Cell::Number(10.0), "V-1"),
        voucher("2016-01-16", "resa", Cell::Number(10.0), "V-6"),
    ];
    let res = upload_to(
        &app,
        "other-costs",
        &e,
        org,
        sheet_workbook("Övriga kostnader", &OTHER_HEADERS, &rows),
        XLSX,
    )
    .await;
    assert_problem(&res, 422);
    let mut cells = cells_of(&res);
    cells.sort();
    assert_eq!(
        cells,
        vec![(3, "E".into()), (4, "A".into())],
        "{}",
        res.text
    );
    // Wrong sheet name, and another organisation.
    let res = upload_to(
        &app,
        "other-costs",
        &e,
        org,
        workbook(&OTHER_HEADERS, &rows[..1]),
        XLSX,
    )
    .await;
    assert_problem(&res, 422);
    assert!(
        res.text.contains("no sheet named Övriga kostnader"),
        "{}",
        res.text
    );
    assert_problem(
        &upload_to(
            &app,
            "other-costs",
            &e,
            app.org_id("1402"),
            sheet_workbook("Övriga kostnader", &OTHER_HEADERS, &rows[..1]),
            XLSX,
        )
        .await,
        422,
    );
    assert_eq!((app.snapshot(), app.count("other_costs")), before);
}

both_backends!(
    other_costs_template_and_import,
    bad_other_costs_workbooks_change_nothing
);

pub const PREMISES_HEADERS: [&str; 7] = [
    "Månad",
    "Beskrivning",
    "Finansiering",
    "Månadskostnad",
    "Yta (m²)",
    "Årshyra per m²",
    "Projektandel (%)",
];
pub const CASH_HEADERS: [&str; 4] = ["Månad", "Typ", "Belopp", "Betalare"];
const CASH_PUBLIC: &str = "kontanta medel tillförda projektet";
const CASH_OWNER: &str = "kontant betalt av projektägaren";

fn premises_file(rows: &[Vec<Cell>]) -> Vec<u8> {
    sheet_workbook("Lokaler", &PREMISES_HEADERS, rows)
}

fn cash_file(rows: &[Vec<Cell>]) -> Vec<u8> {
    sheet_workbook("Kontant medfinansiering", &CASH_HEADERS, rows)
}

fn monthly_premises(month: Cell, description: &str, cost: Cell, share: Cell) -> Vec<Cell> {
    vec![
        month,
        t(description),
        t("kontant kostnad"),
        cost,
        Cell::Empty,
        Cell::Empty,
        share,
    ]
}

fn sheet_headers(bytes: &[u8], sheet: &str, n: u32) -> (Vec<String>, Vec<String>) {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let names = wb.sheet_names();
    let range = wb.worksheet_range(sheet).unwrap();
    (
        names,
        (0..n)
            .map(|c| range.get_value((0, c)).unwrap().to_string())
            .collect(),
    )
}

async fn premises_template_and_import(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let template = app.get("/api/v1/templates/premises", &e).await;
    assert_eq!(template.status, 200);
    assert_eq!(template.content_type(), XLSX);
    let (names, headers) = sheet_headers(&template.bytes, "Lokaler", 7);
    assert_eq!(names, vec!["Lokaler", "Instruktioner"]);
    assert_eq!(headers, PREMISES_HEADERS);
    if let Some(sheets) = crate::spreadsheet::open_in_libreoffice(&template.bytes, "lokaler") {
        assert_eq!(sheets["Lokaler"][0], PREMISES_HEADERS, "{sheets:?}");
        assert!(
            sheets["Instruktioner"].iter().any(|r| r[0] == "2013-03"),
            "the example row: {sheets:?}"
        );
    }

    // The month as text and as the date Excel makes of "2013-03"; cost, or area × rent.
    let rows = vec![
        monthly_premises(
            t("2013-03"),
            "Metodverkstan, Kvarnbygatan",
            Cell::Number(12000.0),
            Cell::Number(40.0),
        ),
        vec![
            Cell::Date("2013-03-01"),
            t("Lokal utan hyra"),
            t("Bidrag i annat än pengar"),
            Cell::Empty,
            Cell::Number(85.5),
            Cell::Number(1450.0),
            Cell::Number(100.0),
        ],
        monthly_premises(
            t("2013-04"),
            "Metodverkstan, Kvarnbygatan",
            Cell::Number(12000.0),
            t("40"),
        ),
    ];
    let res = upload_to(&app, "premises", &e, org, premises_file(&rows), XLSX).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"rows": 3, "created": 3, "updated": 0, "unchanged": 0})
    );
    let res = upload_to(&app, "premises", &e, org, premises_file(&rows), XLSX).await;
    assert_eq!(
        res.body,
        json!({"rows": 3, "created": 0, "updated": 0, "unchanged": 3})
    );
    assert_eq!(app.count("premises"), 3);
    let report = app
        .get(&format!("/api/v1/monthly-reports/{org}/2013-03"), &e)
        .await;
    assert_eq!(report.body["totals"]["costs"]["premises"], "4800.00");
    assert_eq!(report.body["totals"]["cofinancing"]["in_kind"], "10331.25");

    // Submit March: a changed March row is refused, April still changes.
    let res = app
        .post(
            &format!("/api/v1/monthly-reports/{org}/2013-03/submit"),
            &e,
            json!({"version": 0}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let before = (app.snapshot(), app.count("premises"));
    let mut changed = rows.clone();
    changed[0][3] = Cell::Number(13000.0);
    let res = upload_to(&app, "premises", &e, org, premises_file(&changed), XLSX).await;
    assert_problem(&res, 422);
    assert_eq!(cells_of(&res), vec![(2, "A".to_string())], "{}", res.text);
    assert_eq!((app.snapshot(), app.count("premises")), before);
    let mut changed = rows.clone();
    changed[2][6] = Cell::Number(50.0);
    let res = upload_to(&app, "premises", &e, org, premises_file(&changed), XLSX).await;
    assert_eq!(
        res.body,
        json!({"rows": 3, "created": 0, "updated": 1, "unchanged": 2}),
        "{}",
        res.text
    );
    let april = app
        .get(&format!("/api/v1/monthly-reports/{org}/2013-04"), &e)
        .await;
    assert_eq!(april.body["totals"]["costs"]["premises"], "6000.00");
    // Each imported entry is in the audit log like a JSON one.
    let audit = app
        .get(
            &format!("/api/v1/audit-log?organisation_id={org}&entity=premises"),
            &app.token("molndal.manager@plugin.example"),
        )
        .await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    assert_eq!(
        audit.body["total"], 4,
        "3 creates and 1 update: {}",
        audit.text
    );
}

async fn bad_premises_workbooks_change_nothing(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let before = (app.snapshot(), app.count("premises"));
    // Cell rules: a mid-month date, an unknown financing, text in a number, no share.
    let rows = vec![
        monthly_premises(t("2013-03"), "A", Cell::Number(1000.0), Cell::Number(40.0)),
        monthly_premises(
            Cell::Date("2013-03-15"),
            "B",
            Cell::Number(1000.0),
            Cell::Number(40.0),
        ),
        vec![
            t("2013-03"),
            t("C"),
            t("hyrd"),
            Cell::Number(1000.0),
            Cell::Empty,
            Cell::Empty,
            Cell::Number(40.0),
        ],
        monthly_premises(t("2013-03"), "D", t("tolvtusen"), Cell::Number(40.0)),
        monthly_premises(t("2013-03"), "E", Cell::Number(1000.0), Cell::Empty),
        monthly_premises(t("mars"), "F", Cell::Number(1000.0), Cell::Number(40.0)),
    ];
    let res = upload_to(&app, "premises", &e, org, premises_file(&rows), XLSX).await;
    assert_problem(&res, 422);
    let mut cells = cells_of(&res);
    cells.sort();
    assert_eq!(
        cells,
        vec![
            (3, "A".into()),
            (4, "C".into()),
            (5, "D".into()),
            (6, "G".into()),
            (7, "A".into())
        ],
        "{}",
        res.text
    );
    assert!(res.text.contains("2013-03-15"), "{}", res.text);
    // Service rules, placed in their columns: cost and area both given, a share over
    // 100 %, three decimals, a duplicate row, a month outside the project, no description.
    let rows = vec![
        monthly_premises(t("2013-03"), "A", Cell::Number(1000.0), Cell::Number(40.0)),
        vec![
            t("2013-03"),
            t("B"),
            t("kontant kostnad"),
            Cell::Number(1000.0),
            Cell::Number(10.0),
            Cell::Number(100.0),
            Cell::Number(40.0),
        ],
        monthly_premises(t("2013-03"), "C", Cell::Number(1000.0), Cell::Number(100.5)),
        monthly_premises(
            t("2013-03"),
            "D",
            Cell::Number(1000.001),
            Cell::Number(40.0),
        ),
        monthly_premises(t("2013-03"), "A", Cell::Number(1000.0), Cell::Number(40.0)),
        monthly_premises(t("2011-03"), "F", Cell::Number(1000.0), Cell::Number(40.0)),
        monthly_premises(t("2013-03"), "", Cell::Number(1000.0), Cell::Number(40.0)),
    ];
    let res = upload_to(&app, "premises", &e, org, premises_file(&rows), XLSX).await;
    assert_problem(&res, 422);
    let mut cells = cells_of(&res);
    cells.sort();
    assert_eq!(
        cells,
        vec![
            (3, "D".into()),
            (4, "G".into()),
            (5, "D".into()),
            (6, "B".into()),
            (7, "A".into()),
            (8, "B".into())
        ],
        "{}",
        res.text
    );
    // Another municipality's economist, a file that is not xlsx.
    assert_problem(
        &upload_to(
            &app,
            "premises",
            &app.token("partille.economist@plugin.example"),
            org,
            premises_file(&rows[..1]),
            XLSX,
        )
        .await,
        422,
    );
    assert_problem(
        &upload_to(
            &app,
            "premises",
            &e,
            org,
            b"Manad;Beskrivning".to_vec(),
            XLSX,
        )
        .await,
        415,
    );
    assert_eq!((app.snapshot(), app.count("premises")), before);
}

async fn cash_cofinancing_template_and_import(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let template = app.get("/api/v1/templates/cash-cofinancing", &e).await;
    assert_eq!(template.status, 200);
    let (names, headers) = sheet_headers(&template.bytes, "Kontant medfinansiering", 4);
    assert_eq!(names, vec!["Kontant medfinansiering", "Instruktioner"]);
    assert_eq!(headers, CASH_HEADERS);
    if let Some(sheets) = crate::spreadsheet::open_in_libreoffice(&template.bytes, "kontant") {
        assert_eq!(
            sheets["Kontant medfinansiering"][0], CASH_HEADERS,
            "{sheets:?}"
        );
    }

    let rows = vec![
        vec![
            t("2013-03"),
            t(CASH_PUBLIC),
            Cell::Number(5000.0),
            t("Arbetsförmedlingen"),
        ],
        vec![t("2013-03"), t(CASH_OWNER), t("0.01"), t("Mölndals stad")],
        vec![
            Cell::Date("2013-03-01"),
            t(CASH_PUBLIC),
            Cell::Number(250.5),
            t("Västra Götalandsregionen"),
        ],
    ];
    let res = upload_to(&app, "cash-cofinancing", &e, org, cash_file(&rows), XLSX).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"rows": 3, "created": 3, "updated": 0, "unchanged": 0})
    );
    let mut changed = rows.clone();
    changed[0][2] = Cell::Number(6000.0);
    let res = upload_to(&app, "cash-cofinancing", &e, org, cash_file(&changed), XLSX).await;
    assert_eq!(
        res.body,
        json!({"rows": 3, "created": 0, "updated": 1, "unchanged": 2})
    );
    let report = app
        .get(&format!("/api/v1/monthly-reports/{org}/2013-03"), &e)
        .await;
    assert_eq!(
        report.body["totals"]["cofinancing"]["public_cash"],
        "6250.50"
    );
    assert_eq!(report.body["totals"]["cofinancing"]["owner_cash"], "0.01");
    assert_eq!(app.count("cash_cofinancing"), 3);
}

async fn bad_cash_workbooks_change_nothing(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    let before = (app.snapshot(), app.count("cash_cofinancing"));
    let rows = vec![
        vec![
            t("2013-03"),
            t(CASH_PUBLIC),
            Cell::Number(5000.0),
            t("Arbetsförmedlingen"),
        ],
        vec![t("2013-03"), t("esf"), Cell::Number(5000.0), t("ESF-rådet")],
        vec![
            t("2013-03"),
            t(CASH_PUBLIC),
            Cell::Formula("=1+1"),
            t("Region"),
        ],
        vec![t("2013-13"), t(CASH_PUBLIC), Cell::Number(5.0), t("Region")],
    ];
    let res = upload_to(&app, "cash-cofinancing", &e, org, cash_file(&rows), XLSX).await;
    assert_problem(&res, 422);
    let mut cells = cells_of(&res);
    cells.sort();
    assert_eq!(
        cells,
        vec![(3, "B".into()), (4, "C".into()), (5, "A".into())],
        "{}",
        res.text
    );
    let rows = vec![
        vec![
            t("2013-03"),
            t(CASH_PUBLIC),
            Cell::Number(5000.0),
            t("Arbetsförmedlingen"),
        ],
        vec![
            t("2013-03"),
            t(CASH_PUBLIC),
            Cell::Number(-5.0),
            t("Region"),
        ],
        vec![
            t("2013-03"),
            t(CASH_PUBLIC),
            Cell::Number(1.0),
            t("Arbetsförmedlingen"),
        ],
        vec![t("2013-03"), t(CASH_PUBLIC), Cell::Number(1.0), t("")],
        vec![
            t("2013-03"),
            t(CASH_PUBLIC),
            t("92233720368547758.08"),
            t("Stat"),
        ],
    ];
    let res = upload_to(&app, "cash-cofinancing", &e, org, cash_file(&rows), XLSX).await;
    assert_problem(&res, 422);
    let mut cells = cells_of(&res);
    cells.sort();
    assert_eq!(
        cells,
        vec![
            (3, "C".into()),
            (4, "D".into()),
            (5, "D".into()),
            (6, "C".into())
        ],
        "{}",
        res.text
    );
    let renamed = sheet_workbook(
        "Kontant medfinansiering",
        &["Månad", "Typ", "Summa", "Betalare"],
        &rows[..1],
    );
    let res = upload_to(&app, "cash-cofinancing", &e, org, renamed, XLSX).await;
    assert_problem(&res, 422);
    assert!(res.text.contains("Belopp"), "{}", res.text);
    assert_eq!((app.snapshot(), app.count("cash_cofinancing")), before);
}

both_backends!(
    premises_template_and_import,
    bad_premises_workbooks_change_nothing,
    cash_cofinancing_template_and_import,
    bad_cash_workbooks_change_nothing
);

/// The timesheet template pre-filled for Mölndal's March 2013: its active staff on every
/// working day, financing "projekt", hours left empty; a row left without hours is
/// counted and not imported. Half a choice, a month outside the project and another
/// municipality are refused.
async fn a_prefilled_timesheet_template_lists_the_staff_on_every_working_day(app: TestApp) {
    let economist = "molndal.economist@plugin.example";
    let e = app.token(economist);
    let org = app.org_id("1481");
    let salary = json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" });
    staff_with_salary(&app, economist, "1481", "M-10", salary.clone()).await;
    staff_with_salary(&app, economist, "1481", "M-2", salary.clone()).await;
    // Not listed for March: paid only from April; and one who has left, with no hours
    // that month.
    let later = json!({ "valid_from": "2013-04", "monthly_salary": "30000", "employment_rate_percent": "100" });
    staff_with_salary(&app, economist, "1481", "M-3", later).await;
    let gone = staff_with_salary(&app, economist, "1481", "M-4", salary).await;
    let res = app
        .patch(
            &format!("/api/v1/staff/{gone}"),
            &e,
            json!({"version": 1, "active": false}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);

    let field = |res: &crate::harness::Response| {
        res.body["errors"][0]["field"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let res = app
        .get("/api/v1/templates/timesheets?month=2013-03", &e)
        .await;
    assert_problem(&res, 422);
    assert_eq!(field(&res), "organisation_id", "{}", res.text);
    let res = app
        .get(
            &format!("/api/v1/templates/timesheets?organisation_id={org}"),
            &e,
        )
        .await;
    assert_problem(&res, 422);
    assert_eq!(field(&res), "month", "{}", res.text);
    let res = app
        .get(
            &format!("/api/v1/templates/timesheets?organisation_id={org}&month=2030-01"),
            &e,
        )
        .await;
    assert_problem(&res, 422);
    assert_eq!(field(&res), "month", "{}", res.text);
    let partille = app.org_id("1402");
    let res = app
        .get(
            &format!("/api/v1/templates/timesheets?organisation_id={partille}&month=2013-03"),
            &e,
        )
        .await;
    // Another municipality's organisation is answered as one that does not exist.
    assert_problem(&res, 422);
    assert_eq!(field(&res), "organisation_id", "{}", res.text);

    let res = app
        .get(
            &format!("/api/v1/templates/timesheets?organisation_id={org}&month=2013-03"),
            &e,
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert!(res
        .headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .contains("tidrapport-2013-03.xlsx"));
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(res.bytes.clone())).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["Tidrapport", "Instruktioner", "Personal"]
    );
    let staff = wb.worksheet_range("Personal").unwrap();
    let listed: Vec<(String, String)> = staff
        .rows()
        .skip(1)
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    // In natural order: Anställd M-2 before Anställd M-10.
    assert_eq!(
        listed,
        vec![
            ("M-2".to_string(), "Anställd M-2".to_string()),
            ("M-10".to_string(), "Anställd M-10".to_string()),
        ]
    );
    let sheet = wb.worksheet_range("Tidrapport").unwrap();
    // March 2013 has 21 weekdays; långfredagen (the 29th) is not a working day.
    assert_eq!(sheet.height(), 1 + 2 * 20);
    let rows: Vec<Vec<calamine::Data>> = sheet.rows().skip(1).map(|r| r.to_vec()).collect();
    let dates: Vec<String> = rows
        .iter()
        .map(|r| esf_ledger::excel::cells::date(&r[1]).unwrap().to_string())
        .collect();
    assert_eq!(dates[0], "2013-03-01");
    assert_eq!(dates[1], "2013-03-04");
    assert!(!dates.contains(&"2013-03-29".to_string()));
    assert!(rows
        .iter()
        .all(|r| r[2] == calamine::Data::Empty && r[3] == "projekt"));
    assert_eq!(rows[0][0].to_string(), "M-2");

    // Hours filled in on two days of M-2; every other row left as it came.
    let filled: Vec<Vec<Cell>> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                t(&r[0].to_string()),
                t(&esf_ledger::excel::cells::date(&r[1]).unwrap().to_string()),
                if i < 2 {
                    Cell::Number(7.5)
                } else {
                    Cell::Empty
                },
                t(&r[3].to_string()),
                if i < 2 {
                    t("Metodverkstad")
                } else {
                    Cell::Empty
                },
            ]
        })
        .collect();
    let res = upload(&app, &e, org, workbook(&HEADERS, &filled), XLSX).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"rows": 2, "timesheets_created": 1, "timesheets_updated": 0, "timesheets_unchanged": 0, "rows_without_hours": 38})
    );
    assert_eq!(app.count("timesheet_rows"), 2);
    // Only a day named in full may be left without hours: without its date the row is
    // refused, at its cells, and nothing changes.
    let before = (app.snapshot(), app.count("timesheet_rows"));
    // A row the user wrote an activity on, without hours, is not a day not worked.
    let half = vec![
        vec![
            t("M-2"),
            Cell::Empty,
            Cell::Empty,
            t("projekt"),
            Cell::Empty,
        ],
        vec![
            t("M-2"),
            t("2013-03-05"),
            Cell::Empty,
            t("projekt"),
            t("Handledning"),
        ],
    ];
    let res = upload(&app, &e, org, workbook(&HEADERS, &half), XLSX).await;
    assert_problem(&res, 422);
    let mut cells = cells_of(&res);
    cells.sort();
    assert_eq!(
        cells,
        vec![(2, "B".into()), (2, "C".into()), (3, "C".into())],
        "{}",
        res.text
    );
    assert_eq!((app.snapshot(), app.count("timesheet_rows")), before);

    // The same file again with the second day's hours cleared: that day goes, the first
    // stays; the month's total follows.
    let mut again = filled.clone();
    again[1][2] = Cell::Empty;
    again[1][4] = Cell::Empty;
    let res = upload(&app, &e, org, workbook(&HEADERS, &again), XLSX).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"rows": 1, "timesheets_created": 0, "timesheets_updated": 1, "timesheets_unchanged": 0, "rows_without_hours": 39})
    );
    let sheets = app
        .get(
            &format!("/api/v1/timesheets?organisation_id={org}&month=2013-03"),
            &e,
        )
        .await;
    assert_eq!(sheets.status, 200, "{}", sheets.text);
    assert_eq!(sheets.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(sheets.body["items"][0]["hours"], "7.50", "{}", sheets.text);
    assert_eq!(app.count("timesheet_rows"), 1);
    // Once more: nothing left to clear, nothing changes.
    let res = upload(&app, &e, org, workbook(&HEADERS, &again), XLSX).await;
    assert_eq!(res.body["timesheets_unchanged"], 1, "{}", res.text);
    // A file of days without hours only, for a staff member without a timesheet that
    // month, changes nothing either.
    let blank: Vec<Vec<Cell>> = again.iter().skip(20).cloned().collect();
    let res = upload(&app, &e, org, workbook(&HEADERS, &blank), XLSX).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        res.body,
        json!({"rows": 0, "timesheets_created": 0, "timesheets_updated": 0, "timesheets_unchanged": 0, "rows_without_hours": 20})
    );
    assert_eq!(app.count("timesheet_rows"), 1);
}

both_backends!(a_prefilled_timesheet_template_lists_the_staff_on_every_working_day);
