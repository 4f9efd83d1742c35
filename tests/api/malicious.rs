//! A corpus of malicious and malformed workbooks (zip bombs, huge and sparse sheets,
//! deeply nested XML, entity expansion, wrong content types) sent to the timesheet
//! import: each is refused with a clear problem (or, where harmless, read as what it
//! is), no request fails with a 5xx, and nothing is written. The server's memory and
//! time on the same corpus are measured by `scripts/faults/malicious_workbooks.sh`,
//! which writes the corpus with `ESF_CORPUS_DIR=dir cargo test malicious::corpus_files`.

use std::io::{Cursor, Read, Write};

use serde_json::json;
use zip::write::SimpleFileOptions;

use crate::both_backends;
use crate::excel::{cells_of, t, upload, workbook, Cell, HEADERS, XLSX};
use crate::harness::TestApp;
use crate::timesheets::staff_with_salary;

/// One workbook of the corpus, its content type and the statuses that are correct.
pub struct Sample {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub expected: &'static [u16],
}

fn valid_rows() -> Vec<Vec<Cell>> {
    vec![vec![
        t("M-1"),
        t("2013-03-04"),
        Cell::Number(7.0),
        t("projekt"),
        t(""),
    ]]
}

/// A real template-shaped workbook whose parts named in `replace` are swapped for the
/// given contents (or added), and `extra` tiny parts appended.
fn rewritten(replace: &[(&str, Vec<u8>)], extra: usize) -> Vec<u8> {
    let base = workbook(&HEADERS, &valid_rows());
    let mut source = zip::ZipArchive::new(Cursor::new(base)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().large_file(true);
    for i in 0..source.len() {
        let mut part = source.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        if replace.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    for (name, data) in replace {
        out.start_file(*name, options).unwrap();
        out.write_all(data).unwrap();
    }
    for i in 0..extra {
        out.start_file(format!("customXml/item{i}.xml"), options)
            .unwrap();
        out.write_all(b"<a/>").unwrap();
    }
    out.finish().unwrap().into_inner()
}

const SHEET: &str = "xl/worksheets/sheet1.xml";
const STRINGS: &str = "xl/sharedStrings.xml";

/// A worksheet part whose header row is the template's and whose data rows are given
/// as raw XML, after `dimension`.
fn sheet_xml(dimension: &str, rows: &str) -> Vec<u8> {
    let header: String = HEADERS
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let col = (b'A' + i as u8) as char;
            format!(r#"<c r="{col}1" t="inlineStr"><is><t>{h}</t></is></c>"#)
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData><row r="1">{header}</row>{rows}</sheetData></worksheet>"#
    )
    .into_bytes()
}

/// A data row for staff member `staff`.
fn data_row(r: u32, staff: &str) -> String {
    format!(
        r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{staff}</t></is></c><c r="B{r}" t="inlineStr"><is><t>2013-03-04</t></is></c><c r="C{r}"><v>7</v></c><c r="D{r}" t="inlineStr"><is><t>projekt</t></is></c></row>"#
    )
}

/// A part that unpacks to `mb` megabytes: valid XML padded with whitespace.
fn bomb(prefix: &str, suffix: &str, mb: usize) -> Vec<u8> {
    let mut xml = Vec::with_capacity(mb << 20);
    xml.extend_from_slice(prefix.as_bytes());
    xml.resize(mb << 20, b' ');
    xml.extend_from_slice(suffix.as_bytes());
    xml
}

pub fn corpus() -> Vec<Sample> {
    let sheet_bomb = bomb(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        "</sheetData></worksheet>",
        80,
    );
    let strings_bomb = bomb(
        r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>"#,
        "</t></si></sst>",
        80,
    );
    // Rows and cells without their optional positions: identical rows pack tightly.
    let too_many_rows = r#"<row><c t="inlineStr"><is><t>M-1</t></is></c><c t="inlineStr"><is><t>2013-03-04</t></is></c><c><v>7</v></c><c t="inlineStr"><is><t>projekt</t></is></c></row>"#
        .repeat(200_001);
    let corner = format!(
        r#"{}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        data_row(2, "X-9")
    );
    let far_row = format!(
        r#"{}<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>M-1</t></is></c></row>"#,
        data_row(2, "M-1")
    );
    let deep = format!(
        r#"<row r="2"><c r="A2" t="inlineStr"><is>{}<t>X-9</t>{}</is></c></row>"#,
        "<r>".repeat(100_000),
        "</r>".repeat(100_000)
    );
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>"#;
    let huge_cell = format!(
        r#"<row r="2"><c r="A2" t="inlineStr"><is><t>{}</t></is></c><c r="B2" t="inlineStr"><is><t>2013-03-04</t></is></c><c r="C2"><v>7</v></c><c r="D2" t="inlineStr"><is><t>projekt</t></is></c></row>"#,
        "x".repeat(20 << 20)
    );
    // One 30 000-character shared string referred to by every cell of 200 000 rows.
    let long_shared = format!(
        r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{}</t></si></sst>"#,
        "y".repeat(30_000)
    );
    let everywhere = r#"<row><c t="s"><v>0</v></c><c t="s"><v>0</v></c><c t="s"><v>0</v></c><c t="s"><v>0</v></c><c t="s"><v>0</v></c></row>"#
        .repeat(200_000);
    let shared_formula = r#"<row r="2"><c r="A2"><f t="shared" si="100000000" ref="A2:A3">1</f><v>1</v></c></row><row r="3"><c r="A3"><f t="shared" si="100000000"/><v>1</v></c></row>"#;
    let beyond_excel = format!(
        r#"{}<row r="4294967295"><c r="A4294967295"><v>1</v></c></row>"#,
        data_row(2, "M-1")
    );
    let error_cell = format!(
        r#"<row r="2"><c r="A2" t="e"><v>{}</v></c></row>"#,
        "#".repeat(1 << 20)
    );
    let styles_bomb = bomb(
        r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
        "</styleSheet>",
        5,
    );
    let valid = workbook(&HEADERS, &valid_rows());
    let mut not_workbook = zip::ZipWriter::new(Cursor::new(Vec::new()));
    not_workbook
        .start_file("readme.txt", SimpleFileOptions::default())
        .unwrap();
    not_workbook.write_all(b"hello").unwrap();
    let not_workbook = not_workbook.finish().unwrap().into_inner();
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.resize(4096, 0);

    const REFUSED: &[u16] = &[413];
    const INVALID: &[u16] = &[422];
    const MEDIA: &[u16] = &[415];
    vec![
        Sample {
            name: "sheet-zip-bomb",
            bytes: rewritten(&[(SHEET, sheet_bomb)], 0),
            content_type: XLSX,
            expected: REFUSED,
        },
        Sample {
            name: "shared-strings-zip-bomb",
            bytes: rewritten(&[(STRINGS, strings_bomb)], 0),
            content_type: XLSX,
            expected: REFUSED,
        },
        Sample {
            name: "too-many-parts",
            bytes: rewritten(&[], 1_000),
            content_type: XLSX,
            expected: REFUSED,
        },
        Sample {
            name: "too-many-rows",
            bytes: rewritten(&[(SHEET, sheet_xml("A1:E200002", &too_many_rows))], 0),
            content_type: XLSX,
            expected: REFUSED,
        },
        // A cell in the far corner: calamine's dense range would need 17 billion cells.
        Sample {
            name: "far-corner-cell",
            bytes: rewritten(&[(SHEET, sheet_xml("A1:XFD1048576", &corner))], 0),
            content_type: XLSX,
            expected: INVALID,
        },
        Sample {
            name: "far-last-row",
            bytes: rewritten(&[(SHEET, sheet_xml("A1:E1048576", &far_row))], 0),
            content_type: XLSX,
            expected: INVALID,
        },
        Sample {
            name: "deeply-nested-xml",
            bytes: rewritten(&[(SHEET, sheet_xml("A1:E2", &deep))], 0),
            content_type: XLSX,
            expected: INVALID,
        },
        Sample {
            name: "entity-expansion",
            bytes: rewritten(&[(STRINGS, laughs.as_bytes().to_vec())], 0),
            content_type: XLSX,
            expected: INVALID,
        },
        Sample {
            name: "huge-cell",
            bytes: rewritten(&[(SHEET, sheet_xml("A1:E2", &huge_cell))], 0),
            content_type: XLSX,
            expected: INVALID,
        },
        Sample {
            name: "shared-string-everywhere",
            bytes: rewritten(
                &[
                    (STRINGS, long_shared.into_bytes()),
                    (SHEET, sheet_xml("A1:E200001", &everywhere)),
                ],
                0,
            ),
            content_type: XLSX,
            expected: REFUSED,
        },
        Sample {
            name: "shared-formula-index",
            bytes: rewritten(&[(SHEET, sheet_xml("A1:E3", shared_formula))], 0),
            content_type: XLSX,
            expected: INVALID,
        },
        Sample {
            name: "row-beyond-excel",
            bytes: rewritten(&[(SHEET, sheet_xml("A1:E2", &beyond_excel))], 0),
            content_type: XLSX,
            expected: INVALID,
        },
        Sample {
            name: "huge-error-cell",
            bytes: rewritten(&[(SHEET, sheet_xml("A1:E2", &error_cell))], 0),
            content_type: XLSX,
            expected: INVALID,
        },
        Sample {
            name: "styles-bomb",
            bytes: rewritten(&[("xl/styles.xml", styles_bomb)], 0),
            content_type: XLSX,
            expected: REFUSED,
        },
        Sample {
            name: "truncated",
            bytes: valid[..valid.len() / 2].to_vec(),
            content_type: XLSX,
            expected: INVALID,
        },
        Sample {
            name: "zip-not-workbook",
            bytes: not_workbook,
            content_type: XLSX,
            expected: INVALID,
        },
        Sample {
            name: "xls-sent-as-xlsx",
            bytes: xls,
            content_type: XLSX,
            expected: MEDIA,
        },
        Sample {
            name: "pdf-sent-as-xlsx",
            bytes: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n".to_vec(),
            content_type: XLSX,
            expected: MEDIA,
        },
        Sample {
            name: "empty-body",
            bytes: Vec::new(),
            content_type: XLSX,
            expected: MEDIA,
        },
        Sample {
            name: "workbook-as-csv",
            bytes: valid.clone(),
            content_type: "text/csv",
            expected: MEDIA,
        },
        Sample {
            name: "workbook-as-json",
            bytes: valid,
            content_type: "application/json",
            expected: MEDIA,
        },
    ]
}

async fn every_malicious_workbook_is_refused_and_changes_nothing(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let org = app.org_id("1481");
    staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "M-1",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let before = (
        app.snapshot(),
        app.count("timesheets"),
        app.count("timesheet_rows"),
    );
    for sample in corpus() {
        let res = upload(&app, &e, org, sample.bytes, sample.content_type).await;
        assert!(
            sample.expected.contains(&res.status.as_u16()),
            "{}: {} {}",
            sample.name,
            res.status,
            &res.text[..res.text.len().min(500)]
        );
        assert_eq!(
            res.content_type(),
            "application/problem+json",
            "{}",
            sample.name
        );
        assert!(
            res.text.len() < 200_000,
            "{}: a {} byte error",
            sample.name,
            res.text.len()
        );
        match sample.name {
            // Read in full: the one row's unknown staff member is what is wrong.
            "far-corner-cell" => {
                assert_eq!(cells_of(&res), vec![(2, "A".to_string())], "{}", res.text)
            }
            "far-last-row" => assert!(res.body["total_errors"].as_u64().unwrap() > 1_000_000),
            "too-many-rows" => assert!(res.text.contains("200000 rows"), "{}", res.text),
            "shared-string-everywhere" => assert!(res.text.contains("MB of text"), "{}", res.text),
            "row-beyond-excel" => {
                assert!(res.text.contains("beyond Excel's last row"), "{}", res.text)
            }
            "huge-cell" => assert!(res.text.contains("32767 characters"), "{}", res.text),
            "styles-bomb" => assert!(res.text.contains("xl/styles.xml"), "{}", res.text),
            "shared-strings-zip-bomb" => {
                assert!(res.text.contains("xl/sharedStrings.xml"), "{}", res.text)
            }
            _ => {}
        }
    }
    assert_eq!(
        (
            app.snapshot(),
            app.count("timesheets"),
            app.count("timesheet_rows")
        ),
        before
    );
}

both_backends!(every_malicious_workbook_is_refused_and_changes_nothing);

/// Writes the corpus to `$ESF_CORPUS_DIR` for the measuring script; does nothing
/// without it.
#[test]
fn corpus_files() {
    let Ok(dir) = std::env::var("ESF_CORPUS_DIR") else {
        return;
    };
    std::fs::create_dir_all(&dir).unwrap();
    for sample in corpus() {
        let path = std::path::Path::new(&dir).join(sample.name);
        std::fs::write(&path, &sample.bytes).unwrap();
        std::fs::write(path.with_extension("type"), sample.content_type).unwrap();
    }
}
