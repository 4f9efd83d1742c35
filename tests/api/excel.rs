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

fn cells_of(res: &crate::harness::Response) -> Vec<(u64, String)> {
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

both_backends! {
    async fn template_download_fill_import_report(app: TestApp) {
        let e = app.token("molndal.economist@plugin.example");
        let org = app.org_id("1481");
        let template = app.get("/api/v1/templates/timesheets", &e).await;
        assert_eq!(template.status, 200);
        assert_eq!(template.content_type(), XLSX);
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(template.bytes.clone())).unwrap();
        assert_eq!(wb.sheet_names(), vec!["Tidrapport", "Instruktioner"]);
        let range = wb.worksheet_range("Tidrapport").unwrap();
        let headers: Vec<String> = (0..5).map(|c| range.get_value((0, c)).unwrap().to_string()).collect();
        assert_eq!(headers, HEADERS);
        assert_eq!(range.height(), 1, "the data sheet starts empty");

        staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "M-1",
            json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
        let filled = workbook(&HEADERS, &day_rows("M-1", "2013-03", 16, 7.5));
        let res = upload(&app, &e, org, filled.clone(), XLSX).await;
        assert_eq!(res.status, 200, "{}", res.text);
        assert_eq!(res.body, json!({"rows": 16, "timesheets_created": 1, "timesheets_updated": 0, "timesheets_unchanged": 0}));
        // The same file again: nothing new.
        let res = upload(&app, &e, org, filled.clone(), XLSX).await;
        assert_eq!(res.body, json!({"rows": 16, "timesheets_created": 0, "timesheets_updated": 0, "timesheets_unchanged": 1}));
        assert_eq!(app.count("timesheet_rows"), 16);
        // More days update the draft.
        let res = upload(&app, &e, org, workbook(&HEADERS, &day_rows("M-1", "2013-03", 17, 7.5)), XLSX).await;
        assert_eq!(res.body["timesheets_updated"], 1, "{}", res.text);
        let list = app.get(&format!("/api/v1/timesheets?organisation_id={org}&month=2013-03"), &e).await;
        assert_eq!(list.body["items"][0]["hours"], "127.50");
        // Back to 16 days by editing the draft, then sign, attest: the report shows the cost.
        let id = list.body["items"][0]["id"].as_i64().unwrap();
        let sheet = app.get(&format!("/api/v1/timesheets/{id}"), &e).await;
        let mut rows = sheet.body["rows"].as_array().unwrap().clone();
        rows.pop();
        app.put(&format!("/api/v1/timesheets/{id}"), &e, json!({"version": sheet.body["version"], "funding": "project", "rows": rows})).await;
        let v = app.get(&format!("/api/v1/timesheets/{id}"), &e).await.body["version"].as_i64().unwrap();
        app.post(&format!("/api/v1/timesheets/{id}/sign"), &e, json!({"version": v})).await;
        let res = app.post(&format!("/api/v1/timesheets/{id}/attest"), &app.token("molndal.manager@plugin.example"), json!({"version": v + 1})).await;
        assert_eq!(res.body["cost"], "34776.00", "{}", res.text);
        let report = app.get(&format!("/api/v1/monthly-reports/{org}/2013-03"), &e).await;
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
        let before = (app.snapshot(), app.count("timesheets"), app.count("timesheet_rows"));

        // Not a workbook, and the wrong content type.
        assert_problem(&upload(&app, &e, org, "Anställningsnummer;Datum\n".as_bytes().to_vec(), XLSX).await, 415);
        assert_problem(&upload(&app, &e, org, workbook(&HEADERS, &day_rows("M-1", "2013-03", 1, 7.0)), "text/csv").await, 415);
        // A zip that is no workbook.
        assert_problem(&upload(&app, &e, org, b"PK\x03\x04garbage".to_vec(), XLSX).await, 422);
        // Too large.
        assert_problem(&upload(&app, &e, org, vec![b'P'; 3 * 1024 * 1024], XLSX).await, 413);

        // A renamed column.
        let res = upload(&app, &e, org, workbook(&["Anställningsnummer", "Datum", "Tid", "Finansiering", "Aktivitet"], &day_rows("M-1", "2013-03", 1, 7.0)), XLSX).await;
        assert_problem(&res, 422);
        assert_eq!(cells_of(&res), vec![(1, "C".to_string())]);
        assert_eq!(res.body["errors"][0]["value"], "Tid");
        // A missing column.
        let res = upload(&app, &e, org, workbook(&HEADERS[..4], &day_rows("M-1", "2013-03", 1, 7.0)), XLSX).await;
        assert_problem(&res, 422);
        assert_eq!(cells_of(&res), vec![(1, "E".to_string())]);

        // Text in a number cell, a formula, an empty row in between, a day over 13 h,
        // an unknown staff member, three decimals, a date outside the month's project.
        let mut rows = day_rows("M-1", "2013-03", 3, 7.0);
        rows[0][2] = t("sju");
        rows[1][2] = Cell::Formula("=3+4");
        rows.push(vec![Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]);
        rows.push(vec![t("M-1"), t("2013-03-10"), Cell::Number(13.5), t("projekt"), t("")]);
        rows.push(vec![t("X-9"), t("2013-03-11"), Cell::Number(7.0), t("projekt"), t("")]);
        rows.push(vec![t("M-1"), t("2013-03-12"), Cell::Number(7.125), t("projekt"), t("")]);
        rows.push(vec![t("M-1"), t("2011-03-12"), Cell::Number(7.0), t("lön"), t("")]);
        let res = upload(&app, &e, org, workbook(&HEADERS, &rows), XLSX).await;
        assert_problem(&res, 422);
        let mut cells = cells_of(&res);
        cells.sort();
        assert_eq!(cells, vec![
            (2, "C".into()), (3, "C".into()), (5, "A".into()), (6, "C".into()), (8, "C".into()), (9, "D".into()),
        ], "{}", res.text);
        let first = &res.body["errors"].as_array().unwrap().iter().find(|e| e["row"] == 2).unwrap();
        assert_eq!(first["sheet"], "Tidrapport");
        assert_eq!(first["value"], "sju");
        assert_eq!(first["field"], "Timmar");

        // Row-level rules that need the database: unknown staff, outside the project.
        let rows = vec![
            vec![t("X-9"), t("2013-03-11"), Cell::Number(7.0), t("projekt"), t("")],
            vec![t("M-1"), t("2011-03-12"), Cell::Number(7.0), t("projekt"), t("")],
        ];
        let res = upload(&app, &e, org, workbook(&HEADERS, &rows), XLSX).await;
        assert_problem(&res, 422);
        assert_eq!(cells_of(&res), vec![(2, "A".to_string()), (3, "B".to_string())], "{}", res.text);

        // 1 500 bad rows: the first 1 000 listed, the total counted.
        let rows: Vec<Vec<Cell>> = (0..1500).map(|_| vec![t("M-1"), t("2013-03-04"), t("mycket"), t("projekt"), t("")]).collect();
        let res = upload(&app, &e, org, workbook(&HEADERS, &rows), XLSX).await;
        assert_problem(&res, 422);
        assert_eq!(res.body["total_errors"], 1500);
        assert_eq!(res.body["errors"].as_array().unwrap().len(), 1000);
        assert!(res.body["detail"].as_str().unwrap().contains("the first 1000"));

        // Another organisation's import: refused before the file is even read.
        assert_problem(&upload(&app, &e, app.org_id("1402"), workbook(&HEADERS, &day_rows("M-1", "2013-03", 1, 7.0)), XLSX).await, 403);
        assert_problem(&upload(&app, &e, app.org_id("1402"), b"not a workbook".to_vec(), XLSX).await, 403);
        assert_problem(&upload(&app, &app.token("molndal.manager@plugin.example"), org, b"not a workbook".to_vec(), XLSX).await, 403);
        assert_eq!((app.snapshot(), app.count("timesheets"), app.count("timesheet_rows")), before);
    }
}

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

both_backends! {
    async fn other_costs_template_and_import(app: TestApp) {
        let e = app.token("molndal.economist@plugin.example");
        let org = app.org_id("1481");
        let template = app.get("/api/v1/templates/other-costs", &e).await;
        assert_eq!(template.status, 200);
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(template.bytes.clone())).unwrap();
        assert_eq!(wb.sheet_names(), vec!["Övriga kostnader", "Instruktioner"]);
        let range = wb.worksheet_range("Övriga kostnader").unwrap();
        let headers: Vec<String> = (0..6).map(|c| range.get_value((0, c)).unwrap().to_string()).collect();
        assert_eq!(headers, OTHER_HEADERS);

        let rows = vec![
            voucher("2013-03-12", "resa", Cell::Number(1234.5), "V-1"),
            voucher("2013-03-13", "materiel", t("99.99"), "V-2"),
            voucher("2013-03-14", "köp av tjänst", Cell::Number(15000.0), "V-3"),
        ];
        let file = sheet_workbook("Övriga kostnader", &OTHER_HEADERS, &rows);
        let res = upload_to(&app, "other-costs", &e, org, file.clone(), XLSX).await;
        assert_eq!(res.status, 200, "{}", res.text);
        assert_eq!(res.body, json!({"rows": 3, "created": 3, "updated": 0, "unchanged": 0}));
        let res = upload_to(&app, "other-costs", &e, org, file, XLSX).await;
        assert_eq!(res.body, json!({"rows": 3, "created": 0, "updated": 0, "unchanged": 3}));
        let mut changed = rows.clone();
        changed[0][2] = Cell::Number(1300.0);
        let res = upload_to(&app, "other-costs", &e, org, sheet_workbook("Övriga kostnader", &OTHER_HEADERS, &changed), XLSX).await;
        assert_eq!(res.body, json!({"rows": 3, "created": 0, "updated": 1, "unchanged": 2}));
        let report = app.get(&format!("/api/v1/monthly-reports/{org}/2013-03"), &e).await;
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
        let res = upload_to(&app, "other-costs", &e, org, sheet_workbook("Övriga kostnader", &OTHER_HEADERS, &rows), XLSX).await;
        assert_problem(&res, 422);
        let mut cells = cells_of(&res);
        cells.sort();
        assert_eq!(cells, vec![(3, "B".into()), (4, "C".into()), (5, "C".into()), (6, "C".into())], "{}", res.text);
        // Then the rules that need the database: a voucher twice, a date outside the project.
        let rows = vec![
            voucher("2013-03-12", "resa", Cell::Number(1234.5), "V-1"),
            voucher("2013-03-16", "resa", Cell::Number(10.0), "V-1"),
            voucher("2016-01-16", "resa", Cell::Number(10.0), "V-6"),
        ];
        let res = upload_to(&app, "other-costs", &e, org, sheet_workbook("Övriga kostnader", &OTHER_HEADERS, &rows), XLSX).await;
        assert_problem(&res, 422);
        let mut cells = cells_of(&res);
        cells.sort();
        assert_eq!(cells, vec![(3, "E".into()), (4, "A".into())], "{}", res.text);
        // Wrong sheet name, and another organisation.
        let res = upload_to(&app, "other-costs", &e, org, workbook(&OTHER_HEADERS, &rows[..1]), XLSX).await;
        assert_problem(&res, 422);
        assert!(res.text.contains("no sheet named Övriga kostnader"), "{}", res.text);
        assert_problem(&upload_to(&app, "other-costs", &e, app.org_id("1402"), sheet_workbook("Övriga kostnader", &OTHER_HEADERS, &rows[..1]), XLSX).await, 403);
        assert_eq!((app.snapshot(), app.count("other_costs")), before);
    }
}
