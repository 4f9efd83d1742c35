//! Every export and template printed as an economist prints it: LibreOffice Calc
//! (Swedish locale) turns each workbook into a PDF, `pdftotext` reads it back, and the
//! test checks what a reader of the paper sees: the page counts (the statement on one
//! page, a month report's and a claim's summary on one page), the caption and "Sida x av
//! y" on every page, no internal code or English state name anywhere, and each Summa
//! equal to the API's figure.
//!
//! With `ESF_PRINT_DIR` set, the PDFs are also written there (scripts/screenshots.sh
//! turns them into the PNGs of docs/screenshots).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use crate::both_backends;
use crate::claims::{consolidate, january, project_from_2013};
use crate::harness::TestApp;
use crate::participants::{enrolment, pnr};

const MANAGER: &str = "skl.manager@plugin.example";
const ADMIN: &str = "skl.admin@plugin.example";
const ECONOMIST: &str = "molndal.economist@plugin.example";

/// Words that must never reach paper besides the internal codes (every stored name of
/// every enum, gathered by `internal_codes`): English words a renderer might leak.
/// Any word with an underscore (`youth_compensation`, `in_kind`) is caught as well.
const ENGLISH: &[&str] = &[
    "cofinancing",
    "warning",
    "Total",
    "Sum",
    "Page",
    "of",
    "true",
    "false",
    "None",
    "Some",
    "Status: claimed",
];

/// Internal codes that are also Swedish words a page rightly prints ("Per region").
const ALSO_SWEDISH: &[&str] = &["region", "budget", "personnummer", "samordningsnummer"];

/// Every stored name of every enum the service has: states, categories, kinds, roles,
/// participant fields.
fn internal_codes() -> Vec<&'static str> {
    use esf_ledger::domain::names::Named;
    use esf_ledger::domain::{
        claim::{Category, ClaimState, EsfCap, LineSource},
        entry::{CashKind, CompensationKind, Funding, OtherCategory, PremisesFinancing},
        identity::{IdKind, Sex},
        organisation::{EmployerKind, OrgKind},
        participant::{EducationLevel, LabourStatus, Outcome, StatusAtStart},
        project::{DistributionKey, IndirectBase},
        roles::Role,
        upload::{UploadKind, UploadOutcome},
        workflow::{ReportState, TimesheetState},
    };
    fn names<T: Named>() -> Vec<&'static str> {
        T::VARIANTS.iter().map(|v| v.as_str()).collect()
    }
    let mut all = Vec::new();
    all.extend(names::<Category>());
    all.extend(names::<ClaimState>());
    all.extend(names::<EsfCap>());
    all.extend(names::<LineSource>());
    all.extend(names::<CashKind>());
    all.extend(names::<CompensationKind>());
    all.extend(names::<Funding>());
    all.extend(names::<OtherCategory>());
    all.extend(names::<PremisesFinancing>());
    all.extend(names::<IdKind>());
    all.extend(names::<Sex>());
    all.extend(names::<EmployerKind>());
    all.extend(names::<OrgKind>());
    all.extend(names::<EducationLevel>());
    all.extend(names::<LabourStatus>());
    all.extend(names::<Outcome>());
    all.extend(names::<StatusAtStart>());
    all.extend(names::<DistributionKey>());
    all.extend(names::<IndirectBase>());
    all.extend(names::<Role>());
    all.extend(names::<UploadKind>());
    all.extend(names::<UploadOutcome>());
    all.extend(names::<ReportState>());
    all.extend(names::<TimesheetState>());
    all.retain(|c| !ALSO_SWEDISH.contains(c));
    all.sort_unstable();
    all.dedup();
    all
}

/// Each workbook's printed pages (text as laid out), or None without LibreOffice.
fn print_all(files: &[(&str, Vec<u8>)]) -> Option<BTreeMap<String, Vec<String>>> {
    let soffice = crate::spreadsheet::soffice();
    let pdftotext = Path::new("/usr/bin/pdftotext").exists();
    let (Some(soffice), true) = (soffice, pdftotext) else {
        if std::env::var("ESF_REQUIRE_LIBREOFFICE").as_deref() == Ok("1") {
            panic!("ESF_REQUIRE_LIBREOFFICE=1 but LibreOffice or pdftotext is not installed");
        }
        eprintln!("WARNING: LibreOffice or pdftotext not installed; the workbooks are not printed");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = Vec::new();
    for (name, bytes) in files {
        let file = dir.path().join(format!("{name}.xlsx"));
        std::fs::write(&file, bytes).unwrap();
        inputs.push(file);
    }
    let out = dir.path().join("pdf");
    // One LibreOffice for every file; Swedish locale, as the economists' desktops.
    let status = Command::new(soffice)
        .env("LANG", "sv_SE.UTF-8")
        .env("LC_ALL", "sv_SE.UTF-8")
        .arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .args(&inputs)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let keep = std::env::var_os("ESF_PRINT_DIR");
    let mut printed = BTreeMap::new();
    for (name, _) in files {
        let pdf = out.join(format!("{name}.pdf"));
        assert!(pdf.exists(), "no PDF for {name}");
        if let Some(keep) = &keep {
            std::fs::create_dir_all(keep).unwrap();
            std::fs::copy(&pdf, Path::new(keep).join(format!("{name}.pdf"))).unwrap();
        }
        let text = Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        assert!(text.status.success());
        // Spaces of every width as one kind, so figures read as "1 234,50 kr".
        let text = String::from_utf8(text.stdout)
            .unwrap()
            .replace(['\u{a0}', '\u{202f}', '\u{2009}'], " ");
        let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
        if pages.last().is_some_and(|p| p.trim().is_empty()) {
            pages.pop();
        }
        printed.insert(name.to_string(), pages);
    }
    Some(printed)
}

/// An API amount ("25000.00") as a printed Swedish one ("25 000,00 kr").
fn kr(api: &Value) -> String {
    let ore = esf_ledger::domain::money::to_ore(api.as_str().unwrap().parse().unwrap()).unwrap();
    esf_ledger::domain::swedish::kronor(esf_ledger::domain::money::Ore::new(ore))
        .replace('\u{a0}', " ")
}

/// The pages whose header names the sheet (the header's right part is the sheet name).
fn pages_of<'a>(pages: &'a [String], sheet: &str) -> Vec<&'a String> {
    pages
        .iter()
        .filter(|p| {
            p.lines()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.trim_end().ends_with(sheet))
        })
        .collect()
}

/// The printed line that starts with `label` (after spaces) and carries `amount`.
fn has_line(pages: &[String], label: &str, amount: &str) -> bool {
    pages.iter().flat_map(|p| p.lines()).any(|l| {
        let l = l.trim_start();
        l.starts_with(label) && l.contains(amount)
    })
}

async fn get(app: &TestApp, who: &str, path: &str) -> Vec<u8> {
    let res = app.get(path, &app.token(who)).await;
    assert_eq!(res.status, 200, "{path}: {}", res.text);
    res.bytes.to_vec()
}

async fn every_export_and_template_prints_as_a_finance_office_would_sign_it(app: TestApp) {
    project_from_2013(&app, json!({})).await;
    let admin = app.token(ADMIN);
    let res = app
        .put(
            "/api/v1/budgets",
            &admin,
            json!({"organisation_id": app.org_id("1481"), "year": 2013,
                   "category": "staff", "amount": "100000"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    january(&app).await;
    // Premises lent free of charge: in kind, so they move from Lokal to co-financing.
    let res = app
        .post(
            "/api/v1/premises",
            &app.token(ECONOMIST),
            json!({ "organisation_id": app.org_id("1481"), "month": "2013-01",
                    "description": "Metodverkstan, Kvarnbygatan", "monthly_cost": "8000",
                    "share_percent": "50", "financing": "in_kind" }),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let res = app
        .post(
            "/api/v1/participants",
            &app.token(ECONOMIST),
            enrolment(app.org_id("1481"), &pnr("950412", "238"), "2013-01-14"),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    consolidate(
        &app,
        "2013-01",
        &[("1481", "molndal"), ("1402", "partille")],
    )
    .await;
    let manager = app.token(MANAGER);
    let res = app
        .post(
            "/api/v1/claims",
            &manager,
            json!({"from": "2013-01", "to": "2013-01"}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let id = res.body["id"].as_i64().unwrap();
    let res = app
        .post(
            &format!("/api/v1/claims/{id}/issue"),
            &manager,
            json!({"version": 1}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let claim = res.body.clone();
    let today = chrono::Utc::now().date_naive().to_string();
    let res = app
        .post(
            &format!("/api/v1/claims/{id}/payment"),
            &manager,
            json!({"amount": "25000", "paid_on": today}),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let distribution = res.body.clone();
    let molndal = app.org_id("1481");
    let report = app
        .get(
            &format!("/api/v1/monthly-reports/{molndal}/2013-01"),
            &app.token(ECONOMIST),
        )
        .await
        .body;

    let mut files = vec![
        (
            "manadsrapport",
            get(
                &app,
                ECONOMIST,
                &format!("/api/v1/monthly-reports/{molndal}/2013-01/export"),
            )
            .await,
        ),
        (
            "ansokan",
            get(&app, MANAGER, &format!("/api/v1/claims/{id}/export")).await,
        ),
        (
            "fordelning",
            get(
                &app,
                MANAGER,
                &format!("/api/v1/claims/{id}/distribution/export"),
            )
            .await,
        ),
        (
            "besked",
            get(
                &app,
                ECONOMIST,
                &format!("/api/v1/claims/{id}/statement/export"),
            )
            .await,
        ),
        (
            "budgetuppfoljning",
            get(&app, ADMIN, "/api/v1/budget-follow-up/export?year=2013").await,
        ),
        (
            "statistik",
            get(
                &app,
                MANAGER,
                "/api/v1/statistics/participants/export?from=2013-01&to=2013-03",
            )
            .await,
        ),
        (
            "scb",
            get(&app, ADMIN, "/api/v1/scb-reports/2013-01/export").await,
        ),
    ];
    for t in [
        "timesheets",
        "premises",
        "other-costs",
        "cash-cofinancing",
        "participants",
        "attendance",
        "compensation",
    ] {
        let name: &'static str = Box::leak(format!("mall-{t}").into_boxed_str());
        files.push((
            name,
            get(&app, ECONOMIST, &format!("/api/v1/templates/{t}")).await,
        ));
    }
    files.push((
        "mall-budget",
        get(&app, ADMIN, "/api/v1/templates/budget").await,
    ));
    files.push((
        "mall-timesheets-forifylld",
        get(
            &app,
            ECONOMIST,
            &format!("/api/v1/templates/timesheets?organisation_id={molndal}&month=2013-01"),
        )
        .await,
    ));
    // Every validation of every template explains itself: a prompt while the cell is
    // filled in and an error message in Swedish; date columns are checked as dates.
    for (name, bytes) in files.iter().filter(|(n, _)| n.starts_with("mall-")) {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        let validations: Vec<&str> = xml.split("<dataValidation ").skip(1).collect();
        assert!(!validations.is_empty(), "{name}: no validations");
        for v in &validations {
            let head = &v[..v.find('>').unwrap()];
            for attribute in [
                "promptTitle=",
                "prompt=",
                "errorTitle=\"Ogiltigt värde\"",
                "error=",
            ] {
                assert!(
                    head.contains(attribute),
                    "{name}: {attribute} missing in {head}"
                );
            }
        }
        let dates = validations
            .iter()
            .filter(|v| v.starts_with("type=\"date\""))
            .count();
        let expected = match *name {
            "mall-participants" => 3,
            "mall-timesheets" | "mall-timesheets-forifylld" | "mall-other-costs" => 1,
            _ => 0,
        };
        assert_eq!(dates, expected, "{name}: date validations");
    }
    // The follow-up's requirement line is drawn from the column that holds it (J).
    let follow_up = &files
        .iter()
        .find(|(n, _)| *n == "budgetuppfoljning")
        .unwrap()
        .1;
    {
        use calamine::Reader;
        let mut wb: calamine::Xlsx<_> =
            calamine::Xlsx::new(std::io::Cursor::new(follow_up.clone())).unwrap();
        let regions = wb.worksheet_range("Per region").unwrap();
        let start = regions.start().unwrap();
        let krav = regions
            .cells()
            .find(|(_, _, v)| *v == "Krav")
            .map(|(r, c, _)| (r as u32 + start.0, c as u32 + start.1))
            .unwrap();
        assert_eq!(krav.1, 9, "Krav in column J");
        let below = regions.get_value((krav.0 + 1, krav.1)).unwrap().to_string();
        assert_eq!(below, "0.5");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(follow_up.clone())).unwrap();
        let charts: Vec<String> = (0..zip.len())
            .filter_map(|i| {
                let mut f = zip.by_index(i).unwrap();
                if !f.name().unwrap().starts_with("xl/charts/chart") {
                    return None;
                }
                let mut xml = String::new();
                std::io::Read::read_to_string(&mut f, &mut xml).unwrap();
                Some(xml)
            })
            .collect();
        let line = charts.iter().find(|x| x.contains("<c:lineChart>")).unwrap();
        assert!(line.contains("'Per region'!$J$"), "{line}");
    }
    let Some(printed) = print_all(&files) else {
        return;
    };

    // Every page: the caption and sheet at the top, "Sida x av y" at the bottom, and not
    // one internal code or English word.
    let code = regex::Regex::new(r"\b[a-z]+_[a-z_]+\b").unwrap();
    let words: Vec<&str> = ENGLISH.iter().copied().chain(internal_codes()).collect();
    assert!(words.len() > 60, "{words:?}");
    let english: Vec<regex::Regex> = words
        .iter()
        .map(|w| regex::Regex::new(&format!(r"\b{}\b", regex::escape(w))).unwrap())
        .collect();
    for (name, pages) in &printed {
        assert!(!pages.is_empty(), "{name} printed nothing");
        for (i, page) in pages.iter().enumerate() {
            let n = i + 1;
            assert!(
                page.contains(&format!("Sida {n} av {}", pages.len())),
                "{name} page {n} has no 'Sida {n} av {}':\n{page}",
                pages.len()
            );
            assert!(
                page.contains("Utskriven"),
                "{name} page {n}: no print date\n{page}"
            );
            if let Some(m) = code.find(page) {
                panic!("{name} page {n} shows the code '{}':\n{page}", m.as_str());
            }
            for (w, re) in words.iter().zip(&english) {
                assert!(!re.is_match(page), "{name} page {n} shows '{w}':\n{page}");
            }
        }
    }

    // The statement is one page; the month report's and the claim's summaries one each.
    assert_eq!(printed["besked"].len(), 1, "{:?}", printed["besked"]);
    let report_pages = &printed["manadsrapport"];
    assert_eq!(
        pages_of(report_pages, "Sammanställning").len(),
        1,
        "{report_pages:#?}"
    );
    assert_eq!(pages_of(&printed["ansokan"], "Sammanställning").len(), 1);
    // A small month prints on a handful of pages, not eighteen.
    assert!(report_pages.len() <= 10, "{} pages", report_pages.len());

    // The month report: its figures, each detail sheet's Summa and what it reconciles to.
    let totals = &report["totals"];
    let summary = pages_of(report_pages, "Sammanställning")[0].clone();
    let summary = [summary];
    assert!(
        has_line(&summary, "Lön personal", &kr(&totals["costs"]["staff"])),
        "{summary:?}"
    );
    assert!(
        has_line(
            &summary,
            "Summa medfinansiering",
            &kr(&totals["cofinancing"]["total"])
        ),
        "{summary:?}"
    );
    assert_eq!(totals["cofinancing"]["in_kind"], "4000.00");
    assert!(
        has_line(
            &summary,
            "Offentligt bidrag i annat än pengar",
            "4 000,00 kr"
        ),
        "{summary:?}"
    );
    // The notes say where the in-kind premises and the cash co-financing went.
    let words = summary[0].split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("utan kostnad (4 000,00 kr)"), "{words}");
    assert!(
        words.contains("Kontant medfinansiering (20 000,00 kr)"),
        "{words}"
    );
    let staff: Vec<String> = pages_of(report_pages, "Lön personal")
        .into_iter()
        .cloned()
        .collect();
    assert!(
        has_line(&staff, "Summa", &kr(&totals["costs"]["staff"])),
        "{staff:?}"
    );
    let premises: Vec<String> = pages_of(report_pages, "Lokal")
        .into_iter()
        .cloned()
        .collect();
    assert!(has_line(&premises, "Summa", "4 000,00 kr"), "{premises:?}");

    // The claim: Summa kostnader and Summa finansiering as the API has them.
    let claim_pages = &printed["ansokan"];
    assert!(has_line(
        claim_pages,
        "Summa kostnader",
        &kr(&claim["total_costs"]["period"])
    ));
    assert!(has_line(
        claim_pages,
        "Summa finansiering",
        &kr(&claim["total_eligible"]["period"])
    ));
    assert!(has_line(
        claim_pages,
        "ESF-stöd",
        &kr(&claim["esf"]["requested"])
    ));
    let indirect: Vec<String> = pages_of(claim_pages, "Indirekta utgifter")
        .into_iter()
        .cloned()
        .collect();
    let indirect_figure = claim["costs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["category"] == "indirect")
        .unwrap()["period"]
        .clone();
    assert!(
        has_line(&indirect, "Summa", &kr(&indirect_figure)),
        "{indirect:?}"
    );

    // The distribution: the parts add up to the payment; the statement says what Mölndal gets.
    let parts = &printed["fordelning"];
    assert!(has_line(parts, "Summa", "25 000,00 kr"), "{parts:?}");
    let part = distribution["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "1481")
        .unwrap();
    assert!(has_line(&printed["besked"], "Ni får", &kr(&part["part"])));
    assert!(
        has_line(&printed["besked"], "Summa", &kr(&part["basis"])),
        "{:?}",
        printed["besked"]
    );
}

both_backends!(every_export_and_template_prints_as_a_finance_office_would_sign_it);
