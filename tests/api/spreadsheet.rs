//! Opening exported workbooks in a real spreadsheet program: LibreOffice Calc, headless,
//! loads the .xlsx (recalculating it) and saves every sheet as CSV, which the tests then
//! check against the API's figures. Without LibreOffice the check is skipped with a loud
//! warning, unless ESF_REQUIRE_LIBREOFFICE=1 (set by .ci/run) makes that a failure.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Where LibreOffice is installed, if it is.
pub fn soffice() -> Option<&'static str> {
    [
        "/usr/bin/soffice",
        "/usr/bin/libreoffice",
        "/usr/local/bin/soffice",
    ]
    .into_iter()
    .find(|p| Path::new(p).exists())
}

/// Each sheet's rows as LibreOffice shows them, or None when LibreOffice is absent.
pub fn open_in_libreoffice(bytes: &[u8], name: &str) -> Option<BTreeMap<String, Vec<Vec<String>>>> {
    let Some(soffice) = soffice() else {
        if std::env::var("ESF_REQUIRE_LIBREOFFICE").as_deref() == Ok("1") {
            panic!("ESF_REQUIRE_LIBREOFFICE=1 but LibreOffice (soffice) is not installed");
        }
        eprintln!("WARNING: LibreOffice not installed; the workbook is not opened in a spreadsheet program");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{name}.xlsx"));
    std::fs::write(&file, bytes).unwrap();
    let out = dir.path().join("out");
    // Field separator 44 (,), text delimiter 34 ("), charset 76 (UTF-8), start row 1,
    // formatted values as shown, sheet -1: every sheet to its own file.
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1";
    let status = Command::new(soffice)
        .arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--convert-to", filter, "--outdir"])
        .arg(&out)
        .arg(&file)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut sheets = BTreeMap::new();
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let sheet = stem
            .strip_prefix(&format!("{name}-"))
            .unwrap_or(&stem)
            .to_string();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&path)
            .unwrap();
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        sheets.insert(sheet, rows);
    }
    assert!(!sheets.is_empty(), "LibreOffice wrote no sheets");
    Some(sheets)
}

/// A money cell as LibreOffice shows it with the SEK format ("37 674,00 kr", "1,234.50")
/// turned back into an exact amount in öre.
pub fn shown_ore(cell: &str) -> i64 {
    let digits: String = cell
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-' || *c == '−')
        .map(|c| if c == '−' { '-' } else { c })
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("'{cell}' is not an amount"))
}
