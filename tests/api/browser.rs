//! Journeys in a real browser (issue 14): Debian's Chromium, headless, driven through
//! ChromeDriver over WebDriver (fantoccini) against the app served on 127.0.0.1, on both
//! databases. Without `chromium` and `chromedriver` the journeys are skipped with a loud
//! warning, unless `ESF_REQUIRE_BROWSER=1` (CI) makes that a failure. With
//! `ESF_SCREENSHOTS=<dir>` they save the PNGs the README shows (`scripts/screenshots.sh`).

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::both_backends;
use crate::harness::{TestApp, PASSWORD};

fn found(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

/// A browser session against the app; the driver and the server stop when it drops.
struct Browser {
    client: Client,
    base: String,
    driver: Child,
    server: actix_web::dev::ServerHandle,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

async fn browser(app: &TestApp) -> Option<Browser> {
    let chromium = found(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
    let driver = found(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]);
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        assert!(
            std::env::var("ESF_REQUIRE_BROWSER").map_or(true, |v| v != "1"),
            "ESF_REQUIRE_BROWSER=1 but chromium or chromedriver is missing"
        );
        eprintln!("\n*** SKIPPING browser journeys: install chromium and chromium-driver ***\n");
        return None;
    };
    let (base, server) = app.http_server().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let driver = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--lang=sv-SE"]
        }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session");
    Some(Browser {
        client,
        base,
        driver,
        server,
    })
}

impl Browser {
    async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("navigate");
    }

    async fn fill(&self, css: &str, text: &str) {
        let field = self.client.find(Locator::Css(css)).await.expect(css);
        field.clear().await.expect("clear");
        field.send_keys(text).await.expect("type");
    }

    async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .expect(css)
            .click()
            .await
            .expect("click");
    }

    /// Clicks what navigates (a link, a form's button) and waits until the next page has
    /// replaced this one: the old document's root goes stale, the new one has loaded.
    async fn follow(&self, css: &str) {
        let old = self
            .client
            .find(Locator::Css("html"))
            .await
            .expect("a page");
        self.click(css).await;
        self.next_page(old, css).await;
    }

    /// Waits until the document `old` belonged to is replaced and the next has loaded.
    async fn next_page(&self, old: fantoccini::elements::Element, what: &str) {
        let started = Instant::now();
        while old.tag_name().await.is_ok() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "{what} led nowhere"
            );
            actix_web::rt::time::sleep(Duration::from_millis(25)).await;
        }
        while self
            .client
            .execute("return document.readyState", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(|s| s == "complete"))
            != Some(true)
        {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "{what}: the page did not load"
            );
            actix_web::rt::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Presses Tab until the focused element matches `css` (as a keyboard user moves).
    async fn tab_to(&self, css: &str) {
        for _ in 0..80 {
            let focused = self
                .client
                .execute(
                    "return document.activeElement !== null && document.activeElement.matches(arguments[0]);",
                    vec![json!(css)],
                )
                .await
                .expect("read the focus");
            if focused == json!(true) {
                return;
            }
            self.client
                .active_element()
                .await
                .expect("the focused element")
                .send_keys("\u{E004}")
                .await
                .expect("Tab");
        }
        panic!("Tab never reached {css}");
    }

    /// Types into the focused element.
    async fn type_here(&self, text: &str) {
        self.client
            .active_element()
            .await
            .expect("the focused element")
            .send_keys(text)
            .await
            .expect("type");
    }

    /// Presses Enter on the focused element and waits for the next page.
    async fn enter_and_wait(&self) {
        let old = self
            .client
            .find(Locator::Css("html"))
            .await
            .expect("a page");
        self.type_here("\u{E007}").await;
        self.next_page(old, "Enter").await;
    }

    /// The text of each cell of each body row of the table `css`, as a screen reader reads it.
    async fn cells(&self, css: &str) -> Vec<Vec<String>> {
        let rows = self
            .client
            .execute(
                "return [...document.querySelectorAll(arguments[0] + ' tbody tr')]\
                 .map(r => [...r.children].map(c => c.textContent.trim()));",
                vec![json!(css)],
            )
            .await
            .expect("read the table");
        serde_json::from_value(rows).expect("rows of cells")
    }

    async fn text(&self) -> String {
        self.client
            .find(Locator::Css("main"))
            .await
            .expect("main")
            .text()
            .await
            .expect("text")
    }

    async fn log_in(&self, email: &str) {
        self.open("/logga-in").await;
        self.fill("#email", email).await;
        self.fill("#password", PASSWORD).await;
        self.follow("form[action='/logga-in'] button[type=submit]")
            .await;
    }

    /// Runs axe-core (vendored from npm, see tests/vendor) on the page; fails on any
    /// violation of impact serious or critical.
    async fn check_accessibility(&self, page: &str) {
        const AXE: &str = include_str!("../vendor/axe-core-4.14.1/axe.min.js");
        let version = self
            .client
            .execute(&format!("{AXE}\nreturn axe.version;"), vec![])
            .await
            .expect("inject axe-core");
        assert_eq!(version, "4.14.1", "axe-core runs in the page");
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] }).then(r => done(
                   r.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' +
                          v.nodes.map(n => n.target.join(' ')).join(', '))));",
                vec![],
            )
            .await
            .expect("run axe-core");
        let violations: Vec<String> = serde_json::from_value(found).expect("a list");
        assert!(violations.is_empty(), "{page}: {violations:#?}");
    }

    /// Saves a screenshot for the README when `ESF_SCREENSHOTS` names a folder.
    async fn screenshot(&self, name: &str) {
        if let Ok(dir) = std::env::var("ESF_SCREENSHOTS") {
            let png = self.client.screenshot().await.expect("screenshot");
            std::fs::create_dir_all(&dir).expect("screenshot folder");
            std::fs::write(format!("{dir}/{name}.png"), png).expect("write screenshot");
        }
    }

    /// Chooses a file for a file input (ChromeDriver reads it from this machine).
    async fn choose_file(&self, css: &str, path: &std::path::Path) {
        self.client
            .find(Locator::Css(css))
            .await
            .expect(css)
            .send_keys(path.to_str().expect("a UTF-8 path"))
            .await
            .expect("choose the file");
    }

    /// Waits until the page's main text contains `text` (after a partial update).
    async fn wait_for_text(&self, text: &str) {
        let started = Instant::now();
        while !self.text().await.contains(text) {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "{text} never appeared: {}",
                self.text().await
            );
            actix_web::rt::time::sleep(Duration::from_millis(25)).await;
        }
    }

    async fn log_out(&self) {
        self.follow("form[action='/logga-ut'] button").await;
    }

    async fn close(self) {
        let client = self.client.clone();
        client.close().await.expect("close the browser");
        self.server.stop(true).await;
    }
}

/// Mölndal's economist logs in, finds March on the board, submits it, and logs out;
/// GR's manager then sees it submitted and approves it. A wrong password is told in
/// Swedish. All in Chromium, with the page's own forms.
async fn a_month_is_submitted_and_approved_in_the_browser(app: TestApp) {
    let Some(b) = browser(&app).await else {
        return;
    };
    b.open("/").await;
    assert!(b
        .client
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with("/logga-in"));
    b.fill("#email", "molndal.economist@plugin.example").await;
    b.fill("#password", "inte rätt lösenord").await;
    b.follow("form[action='/logga-in'] button[type=submit]")
        .await;
    assert!(b.text().await.contains("Fel e-postadress eller lösenord"));
    b.check_accessibility("login failed").await;

    b.log_in("molndal.economist@plugin.example").await;
    b.open("/?ar=2013").await;
    let board = b.text().await;
    assert!(
        board.contains("Översikt 2013") && board.contains("Mölndal"),
        "{board}"
    );
    assert!(!board.contains("Partille"));
    b.screenshot("board").await;
    b.check_accessibility("board").await;
    let molndal = app.org_id("1481");
    b.follow(&format!("a[href='/manad/{molndal}/2013-03']"))
        .await;
    assert!(b.text().await.contains("Mölndal mars 2013"));
    b.screenshot("month").await;
    b.check_accessibility("month").await;
    b.follow("form[action$='/skicka-in'] button").await;
    assert!(b.text().await.contains("Rapporten är inskickad."));
    b.open("/personal").await;
    b.check_accessibility("staff").await;
    b.follow("form[action='/logga-ut'] button").await;
    assert!(b
        .client
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with("/logga-in"));

    b.log_in("gr.manager@plugin.example").await;
    b.open(&format!("/manad/{molndal}/2013-03")).await;
    b.follow("form[action$='/godkann'] button").await;
    assert!(b.text().await.contains("Rapporten är godkänd."));
    b.check_accessibility("month approved (manager)").await;
    b.open("/logg").await;
    assert!(b.text().await.contains("Månadsrapport"));
    b.check_accessibility("log").await;
    b.open("/losenord").await;
    b.check_accessibility("password").await;
    b.fill("#current_password", "fel fel fel").await;
    b.fill("#new_password", "aaaaaaaaaa").await;
    b.fill("#repeat_password", "aaaaaaaaaa").await;
    b.follow("form[action='/losenord'] button[type=submit]")
        .await;
    assert!(b.text().await.contains("Lösenordet är inte bytt"));
    b.check_accessibility("password errors").await;
    let report = app
        .get(
            &format!("/api/v1/monthly-reports/{molndal}/2013-03"),
            &app.token("gr.manager@plugin.example"),
        )
        .await;
    assert_eq!(report.body["state"], "approved");
    b.close().await;
}

/// The same month submitted with the keyboard only: Tab and Enter, no mouse.
async fn a_month_is_submitted_with_the_keyboard_only(app: TestApp) {
    let Some(b) = browser(&app).await else {
        return;
    };
    b.open("/logga-in").await;
    b.tab_to("#email").await;
    b.type_here("molndal.economist@plugin.example").await;
    b.tab_to("#password").await;
    b.type_here(PASSWORD).await;
    b.enter_and_wait().await;
    b.open("/?ar=2013").await;
    let molndal = app.org_id("1481");
    b.tab_to(&format!("a[href='/manad/{molndal}/2013-03']"))
        .await;
    b.enter_and_wait().await;
    assert!(b.text().await.contains("Mölndal mars 2013"));
    b.tab_to("form[action$='/skicka-in'] button").await;
    b.enter_and_wait().await;
    assert!(b.text().await.contains("Rapporten är inskickad."));
    b.close().await;
}

/// Mölndal's economist reads in a timesheet workbook with an error, reads the error
/// table, fixes the file, reads it in again and signs the timesheet on its grid;
/// Mölndal's manager attests it from the queue (a partial update); the economist then
/// submits the month.
async fn a_timesheet_goes_from_workbook_to_a_submitted_month(app: TestApp) {
    use crate::excel::{t, workbook, Cell, HEADERS};
    let Some(b) = browser(&app).await else {
        return;
    };
    let staff = crate::timesheets::staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "P-1",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let molndal = app.org_id("1481");
    let dir = tempfile::tempdir().expect("a folder");
    let row = |day: &str, hours: f64| {
        vec![
            t("P-1"),
            t(day),
            Cell::Number(hours),
            t("projekt"),
            t("Metodverkstad"),
        ]
    };
    let bad = dir.path().join("tidrapport-mars.xlsx");
    std::fs::write(
        &bad,
        workbook(&HEADERS, &[row("2013-03-04", 8.0), row("2013-03-05", 14.0)]),
    )
    .unwrap();
    let good = dir.path().join("tidrapport-mars-rattad.xlsx");
    std::fs::write(
        &good,
        workbook(&HEADERS, &[row("2013-03-04", 8.0), row("2013-03-05", 7.5)]),
    )
    .unwrap();

    b.log_in("molndal.economist@plugin.example").await;
    b.open("/excel").await;
    b.check_accessibility("excel in").await;
    b.choose_file("#fil", &bad).await;
    b.follow("form.upload button[type=submit]").await;
    let text = b.text().await;
    assert!(
        text.contains("Inte inläst: inget sparades") && text.contains("högst 13 timmar per dag"),
        "{text}"
    );
    b.screenshot("import-errors").await;
    b.check_accessibility("import errors").await;
    b.open("/excel").await;
    assert!(
        b.text().await.contains("tidrapport-mars.xlsx"),
        "the upload is kept"
    );
    b.choose_file("#fil", &good).await;
    b.follow("form.upload button[type=submit]").await;
    assert!(b
        .text()
        .await
        .contains("Alla 2 rader är kontrollerade och sparade"));
    b.check_accessibility("an import's result").await;
    b.open("/excel").await;
    b.check_accessibility("excel in with uploads").await;
    b.open(&format!("/personal/{staff}?ar=2013")).await;
    b.check_accessibility("a staff member's rates").await;
    b.open(&format!("/personal/{staff}/lon")).await;
    b.check_accessibility("a salary form").await;

    b.open(&format!("/manad/{molndal}/2013-03/ny/lokaler"))
        .await;
    b.check_accessibility("an entry form").await;
    b.fill("#description", "Kungsgatan 1").await;
    b.fill("#monthly_cost", "tiotusen").await;
    b.follow("form.narrow button[type=submit]").await;
    assert!(b.text().await.contains("skriv ett belopp"));
    b.check_accessibility("an entry form with errors").await;
    b.open("/personal/ny").await;
    b.check_accessibility("a staff form").await;
    b.open("/tidrapporter?manad=2013-03").await;
    b.check_accessibility("timesheets of the month").await;
    b.follow(&format!("a[href='/tidrapporter/{staff}/2013-03']"))
        .await;
    let grid = b.text().await;
    assert!(
        grid.contains("15,50 timmar") && grid.contains("Utkast"),
        "{grid}"
    );
    b.screenshot("timesheet").await;
    b.check_accessibility("timesheet grid").await;
    b.follow("form[action$='/signera'] button").await;
    assert!(b.text().await.contains("Tidrapporten är signerad"));
    b.log_out().await;

    b.log_in("molndal.manager@plugin.example").await;
    b.open("/attestera").await;
    b.check_accessibility("attest queue").await;
    let page = b.client.find(Locator::Css("html")).await.unwrap();
    b.click("form[action$='/attestera'] button").await;
    b.wait_for_text("Attesterad.").await;
    assert!(
        page.tag_name().await.is_ok(),
        "htmx replaced the row, not the page"
    );
    let token = app.token("molndal.manager@plugin.example");
    let sheets = app.get("/api/v1/timesheets?month=2013-03", &token).await;
    assert_eq!(sheets.body["items"][0]["state"], "attested");
    b.log_out().await;

    b.log_in("molndal.economist@plugin.example").await;
    b.open(&format!("/manad/{molndal}/2013-03")).await;
    b.follow("form[action$='/skicka-in'] button").await;
    assert!(b.text().await.contains("Rapporten är inskickad."));
    b.close().await;
}

/// GR's manager sees Mölndal late on the board, returns its report with a comment and
/// approves it once resubmitted; GR's economist submits GR's month and SKL's manager
/// approves it.
async fn a_region_returns_approves_and_skl_approves_the_region(app: TestApp) {
    let Some(b) = browser(&app).await else {
        return;
    };
    let (molndal, gr) = (app.org_id("1481"), app.org_id("GR"));
    let mölndal_month = format!("/manad/{molndal}/2013-03");
    b.log_in("gr.manager@plugin.example").await;
    b.open("/?ar=2013").await;
    let late = b
        .client
        .find(Locator::Css("section.late"))
        .await
        .expect("the late list")
        .text()
        .await
        .unwrap();
    assert!(late.contains("Mölndal"), "{late}");
    b.log_out().await;

    b.log_in("molndal.economist@plugin.example").await;
    b.open(&mölndal_month).await;
    b.follow("form[action$='/skicka-in'] button").await;
    b.log_out().await;

    b.log_in("gr.manager@plugin.example").await;
    b.open("/?ar=2013").await;
    b.follow(&format!("a[href='{mölndal_month}']")).await;
    b.fill("#comment", "Hyresavtalet saknas").await;
    b.follow("form[action$='/skicka-tillbaka'] button").await;
    assert!(b
        .text()
        .await
        .contains("Rapporten är återsänd med din kommentar."));
    b.log_out().await;

    b.log_in("molndal.economist@plugin.example").await;
    b.open("/?ar=2013").await;
    assert!(
        b.text().await.contains("Hyresavtalet saknas"),
        "the comment is on the board"
    );
    b.open(&mölndal_month).await;
    b.follow("form[action$='/skicka-in'] button").await;
    b.log_out().await;

    b.log_in("gr.manager@plugin.example").await;
    b.open(&mölndal_month).await;
    b.follow("form[action$='/godkann'] button").await;
    assert!(b.text().await.contains("Rapporten är godkänd."));
    b.log_out().await;

    b.log_in("gr.economist@plugin.example").await;
    b.open(&format!("/manad/{gr}/2013-03")).await;
    b.follow("form[action$='/skicka-in'] button").await;
    assert!(
        b.text().await.contains("Rapporten är inskickad."),
        "{}",
        b.text().await
    );
    b.log_out().await;

    b.log_in("skl.manager@plugin.example").await;
    b.open(&format!("/manad/{gr}/2013-03")).await;
    b.follow("form[action$='/godkann'] button").await;
    assert!(
        b.text().await.contains("Rapporten är godkänd."),
        "{}",
        b.text().await
    );
    b.check_accessibility("region month approved by the owner")
        .await;
    let token = app.token("skl.manager@plugin.example");
    let report = app
        .get(&format!("/api/v1/monthly-reports/{gr}/2013-03"), &token)
        .await;
    // The owner's approval consolidates the region's month with Mölndal's.
    assert_eq!(report.body["state"], "consolidated");
    let row = report.body["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == "1481")
        .expect("Mölndal in GR's report");
    assert_eq!(row["state"], "consolidated");
    b.close().await;
}

/// GR's economist finds nothing of another region on any page, and a form whose target
/// is changed to another region's organisation is refused without a change.
async fn a_region_sees_only_its_own_part(app: TestApp) {
    let Some(b) = browser(&app).await else {
        return;
    };
    crate::timesheets::staff_with_salary(&app, "stromsund.economist@plugin.example", "2313", "S-1",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let (gr, stromsund) = (app.org_id("GR"), app.org_id("2313"));
    b.log_in("gr.economist@plugin.example").await;
    for page in [
        "/?ar=2013",
        "/tidrapporter?manad=2013-03",
        "/attestera",
        "/personal",
        "/excel",
        "/logg",
    ] {
        b.open(page).await;
        let text = b.text().await;
        for other in [
            "Strömsund",
            "Jämtland",
            "Emmaboda",
            "Östsam",
            "Anställd S-1",
        ] {
            assert!(!text.contains(other), "{page} shows {other}: {text}");
        }
    }
    b.open("/?ar=2013").await;
    assert!(b.text().await.contains("Mölndal"));
    b.open(&format!("/manad/{gr}/2013-03")).await;
    b.client
        .execute(
            "document.querySelector(\"form[action$='/skicka-in']\").action = arguments[0];",
            vec![json!(format!("/manad/{stromsund}/2013-03/skicka-in"))],
        )
        .await
        .expect("change the form's target");
    b.follow("form[action$='/skicka-in'] button").await;
    assert!(
        b.text().await.contains("Sidan finns inte"),
        "{}",
        b.text().await
    );
    b.check_accessibility("refused").await;
    let token = app.token("skl.manager@plugin.example");
    let report = app
        .get(
            &format!("/api/v1/monthly-reports/{stromsund}/2013-03"),
            &token,
        )
        .await;
    assert_eq!(report.body["state"], "open");
    b.close().await;
}

/// SKL's admin creates a user, who logs in; the admin disables the user, who is refused
/// on the next page.
async fn an_admin_creates_and_disables_a_user(app: TestApp) {
    let Some(b) = browser(&app).await else {
        return;
    };
    b.log_in("skl.admin@plugin.example").await;
    b.open("/admin/anvandare").await;
    b.check_accessibility("users").await;
    b.open("/admin/kontroll").await;
    b.follow("form[action='/admin/kontroll'] button").await;
    assert!(b.text().await.contains("Allt stämmer"));
    b.check_accessibility("the ledger check").await;
    b.open("/admin/organisationer").await;
    b.check_accessibility("organisations").await;
    b.open(&format!("/admin/organisationer/{}", app.org_id("1402")))
        .await;
    b.check_accessibility("an organisation").await;
    for (path, what) in [
        ("/admin/organisationer/ny", "a new organisation"),
        ("/admin/projekt", "the project's settings"),
        ("/admin/arbetsgivaravgifter", "the social-fee table"),
        (
            "/admin/arbetsgivaravgifter/ny?ar=2013&slag=municipality",
            "a social-fee rate",
        ),
    ] {
        b.open(path).await;
        b.check_accessibility(what).await;
    }
    b.open("/admin/anvandare").await;
    b.follow("a[href='/admin/anvandare/ny']").await;
    b.check_accessibility("a new user").await;
    let molndal = app.org_id("1481");
    b.client
        .find(Locator::Css(&format!(
            "#organisation_id option[value='{molndal}']"
        )))
        .await
        .expect("Mölndal is offered")
        .click()
        .await
        .unwrap();
    b.fill("#name", "Eva Ny").await;
    b.fill("#email", "eva.ny@molndal.example").await;
    b.click("input[name=roles][value=economist]").await;
    b.fill("#password", "Kvarnbyn-Forsen-2013").await;
    b.follow("form.narrow button[type=submit]").await;
    assert!(
        b.text().await.contains("Användaren är skapad."),
        "{}",
        b.text().await
    );
    b.check_accessibility("a user").await;
    b.log_out().await;

    b.open("/logga-in").await;
    b.fill("#email", "eva.ny@molndal.example").await;
    b.fill("#password", "Kvarnbyn-Forsen-2013").await;
    b.follow("form[action='/logga-in'] button[type=submit]")
        .await;
    assert!(b.text().await.contains("Översikt"));
    // The admin disables her from another session (the API, as a second browser would).
    let eva = app.user_id("eva.ny@molndal.example");
    let token = app.token("skl.admin@plugin.example");
    let user = app.get(&format!("/api/v1/users/{eva}"), &token).await;
    let res = app
        .patch(
            &format!("/api/v1/users/{eva}"),
            &token,
            json!({ "version": user.body["version"], "active": false }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    b.open("/personal").await;
    assert!(
        b.client
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/logga-in"),
        "refused on the next page"
    );
    b.close().await;
}

/// Mölndal's economist registers a participant (a mistyped check digit first), enters
/// attendance and a compensation without certificate and confirms it; GR's economist
/// sees the participant masked.
async fn a_participant_is_registered_in_the_browser(app: TestApp) {
    let Some(b) = browser(&app).await else {
        return;
    };
    let number = crate::participants::pnr("950412", "238");
    let last = number.chars().last().unwrap().to_digit(10).unwrap();
    let mistyped = format!("{}{}", &number[..number.len() - 1], (last + 1) % 10);
    b.log_in("molndal.economist@plugin.example").await;
    b.open("/deltagare").await;
    b.check_accessibility("participants").await;
    b.follow("a[href='/deltagare/ny']").await;
    b.check_accessibility("a new participant").await;
    b.fill("#identity_number", &mistyped).await;
    b.fill("#start_date", "2013-02-04").await;
    b.follow("form.narrow button[type=submit]").await;
    assert!(
        b.text()
            .await
            .contains("personnumret har fel kontrollsiffra"),
        "{}",
        b.text().await
    );
    b.check_accessibility("a new participant with errors").await;
    b.fill("#identity_number", &number).await;
    b.follow("form.narrow button[type=submit]").await;
    assert!(
        b.text().await.contains("Deltagaren är inskriven."),
        "{}",
        b.text().await
    );
    b.check_accessibility("a participant").await;

    b.open("/narvaro?manad=2013-03").await;
    b.check_accessibility("attendance").await;
    b.fill("#narvaro input[inputmode=decimal]", "12,5").await;
    b.follow("#narvaro button[type=submit]").await;
    assert!(b.text().await.contains("Närvaron är sparad."));

    b.open("/ersattning/ny?manad=2013-03").await;
    b.check_accessibility("a new compensation").await;
    b.fill("#amount", "1 200,00").await;
    b.fill("#payer", "Mölndals stad").await;
    b.follow("form.narrow button[type=submit]").await;
    assert!(b.text().await.contains("Väntar"), "{}", b.text().await);
    b.check_accessibility("compensation").await;
    b.follow("form[action$='/bekrafta'] button").await;
    assert!(b.text().await.contains("Bekräftat: räknas"));
    b.log_out().await;

    b.log_in("gr.economist@plugin.example").await;
    b.open("/deltagare").await;
    let list = b.text().await;
    assert!(
        list.contains("19950412-****") && !list.contains(&format!("19{number}")),
        "{list}"
    );
    b.log_out().await;

    // SKL's admin sees the SCB month and downloads its file (which records it as sent).
    b.log_in("skl.admin@plugin.example").await;
    b.open("/scb?manad=2013-03").await;
    let scb = b.text().await;
    assert!(
        scb.contains("Inte skickad än.") && scb.contains(&format!("19{}", number.replace('-', ""))),
        "{scb}"
    );
    b.check_accessibility("the SCB month").await;
    b.screenshot("scb").await;
    b.click("a[href='/scb/2013-03/fil']").await;
    let started = Instant::now();
    loop {
        b.open("/scb?manad=2013-03").await;
        if b.text().await.contains("Skickad (filen hämtad)") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the download was not recorded"
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    b.close().await;
}

/// SKL's manager sees the next claim blocked by a month, follows the link to it; once the
/// month is consolidated, drafts the claim, opens the lines behind "Lön personal", issues
/// it, downloads the workbook, records a payment and reads Mölndal's statement; Mölndal's
/// economist then sees only Mölndal's statement.
async fn a_claim_is_made_and_paid_in_the_browser(app: TestApp) {
    let Some(b) = browser(&app).await else {
        return;
    };
    crate::claims::project_from_2013(&app, json!({})).await;
    crate::claims::january(&app).await;
    let molndal = app.org_id("1481");
    b.log_in("skl.manager@plugin.example").await;
    b.open("/ansokningar?till=2013-01").await;
    assert!(b.text().await.contains("inte sammanställda"));
    b.check_accessibility("claims blocked").await;
    b.follow(&format!("a[href='/manad/{molndal}/2013-01']"))
        .await;
    assert!(b.text().await.contains("Mölndal januari 2013"));

    crate::claims::consolidate(
        &app,
        "2013-01",
        &[("1481", "molndal"), ("1402", "partille")],
    )
    .await;
    b.open("/ansokningar?till=2013-01").await;
    b.follow("form[method=post][action='/ansokningar'] button")
        .await;
    let draft = b.text().await;
    assert!(
        draft.contains("Utkast till ansökan") && draft.contains("avgör"),
        "{draft}"
    );
    b.screenshot("claim").await;
    b.check_accessibility("a claim draft").await;
    b.follow("a[href$='/rader?kategori=staff']").await;
    assert!(b.text().await.contains("34 776,00"), "{}", b.text().await);
    b.check_accessibility("a claim's lines").await;
    b.client.back().await.unwrap();
    b.follow("a[href$='/utfarda']").await;
    b.check_accessibility("issue: check your answers").await;
    b.fill("#sent_on", "2013-02-10").await;
    b.follow("form[action$='/utfarda'] button").await;
    assert!(
        b.text().await.contains("Ansökan nr 1"),
        "{}",
        b.text().await
    );
    let claim_path = b.client.current_url().await.unwrap().path().to_string();
    // The workbook downloads (a plain link to the same export as the API's).
    let link = b
        .client
        .find(Locator::Css("a[href$='/arbetsbok']"))
        .await
        .expect("the workbook link");
    assert_eq!(
        link.attr("href").await.unwrap().as_deref(),
        Some(format!("{claim_path}/arbetsbok").as_str())
    );
    link.click().await.unwrap();
    b.open(&format!("{claim_path}/utbetalning")).await;
    b.check_accessibility("a payment").await;
    b.fill("#amount", "20 000,00").await;
    b.fill("#paid_on", "2013-03-01").await;
    b.follow("form.narrow button[type=submit]").await;
    assert!(
        b.text().await.contains("Fördelning av utbetalningen"),
        "{}",
        b.text().await
    );
    b.screenshot("distribution").await;
    b.check_accessibility("the distribution").await;
    b.follow(&format!("a[href$='/besked?organisation={molndal}']"))
        .await;
    assert!(b.text().await.contains("Besked för Mölndal"));
    b.check_accessibility("a statement").await;
    b.log_out().await;

    b.log_in("molndal.economist@plugin.example").await;
    b.open("/utbetalningar").await;
    b.follow("a[href^='/utbetalningar/']").await;
    let d = b.text().await;
    assert!(d.contains("Mölndal") && !d.contains("Partille"), "{d}");
    b.close().await;
}

both_backends!(
    the_api_docs_render_offline_in_the_browser,
    participants_come_in_from_workbooks_in_the_browser,
    the_statistics_page_reads_the_same_by_its_tables,
    a_claim_is_made_and_paid_in_the_browser,
    an_admin_creates_and_disables_a_user,
    a_participant_is_registered_in_the_browser,
    a_timesheet_goes_from_workbook_to_a_submitted_month,
    a_region_returns_approves_and_skl_approves_the_region,
    a_region_sees_only_its_own_part,
    a_month_is_submitted_and_approved_in_the_browser,
    a_month_is_submitted_with_the_keyboard_only
);

/// Participants in three municipalities of two regions, two of them gone; SKL's manager
/// reads Statistik: the page passes axe, and its tables alone (what a screen reader
/// reads) give the figures the API counts, month by month and outcome by outcome.
async fn the_statistics_page_reads_the_same_by_its_tables(app: TestApp) {
    use crate::participants::{enrolment, pnr};
    let mut gone = Vec::new();
    for (email, code, number, start) in [
        (
            "molndal.economist@plugin.example",
            "1481",
            pnr("950412", "238"),
            "2013-01-14",
        ),
        (
            "molndal.economist@plugin.example",
            "1481",
            pnr("960203", "151"),
            "2013-02-04",
        ),
        (
            "molndal.economist@plugin.example",
            "1481",
            pnr("900705", "242"),
            "2013-03-11",
        ),
        (
            "partille.economist@plugin.example",
            "1402",
            pnr("940615", "079"),
            "2013-01-07",
        ),
        (
            "stromsund.economist@plugin.example",
            "2313",
            pnr("961120", "333"),
            "2013-02-18",
        ),
        (
            "stromsund.economist@plugin.example",
            "2313",
            pnr("880301", "464"),
            "2013-04-02",
        ),
    ] {
        let token = app.token(email);
        let res = app
            .post(
                "/api/v1/participants",
                &token,
                enrolment(app.org_id(code), &number, start),
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.text);
        if gone.len() < 2 && code != "1481" {
            gone.push((token, res.body["id"].as_i64().unwrap()));
        }
    }
    for ((token, id), (end, outcome)) in gone
        .iter()
        .zip([("2013-03-15", "back_in_studies"), ("2013-05-31", "in_work")])
    {
        let res = app
            .patch(
                &format!("/api/v1/participants/{id}"),
                token,
                json!({ "version": 1, "end_date": end, "outcome": outcome }),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.text);
    }
    let Some(b) = browser(&app).await else {
        return;
    };
    b.log_in("skl.manager@plugin.example").await;
    b.open("/statistik").await;
    b.fill("#fran", "2013-01").await;
    b.fill("#till", "2013-06").await;
    b.follow("form.filters button[type=submit]").await;
    b.check_accessibility("statistics").await;
    b.client
        .execute(
            "document.querySelector('#month-heading').scrollIntoView();",
            vec![],
        )
        .await
        .expect("scroll to the chart");
    b.screenshot("statistics").await;
    let api = app
        .get(
            "/api/v1/statistics/participants?from=2013-01&to=2013-06",
            &app.token("skl.manager@plugin.example"),
        )
        .await;
    assert_eq!(api.status, 200, "{}", api.text);
    let months = b.cells("#per-manad").await;
    assert_eq!(months.len(), 6);
    for (row, m) in months.iter().zip(api.body["months"].as_array().unwrap()) {
        let want: Vec<String> = [
            &m["month"],
            &m["active"]["female"],
            &m["active"]["male"],
            &m["active"]["total"],
            &m["age_at_start"]["16-19"],
            &m["age_at_start"]["20-24"],
            &m["age_at_start"]["25+"],
            &m["new_starts"]["total"],
            &m["exits"]["total"],
        ]
        .iter()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
        .collect();
        assert_eq!(row, &want);
    }
    // Spot values, independent of the API: March has five active, one leaving.
    assert_eq!(months[2][3], "5");
    assert_eq!(months[2][8], "1");
    let exits = b.cells("#avslut").await;
    let e = &api.body["exits_by_outcome"];
    assert_eq!(
        exits.iter().map(|r| r[1].clone()).collect::<Vec<_>>(),
        [
            &e["back_in_studies"],
            &e["in_work"],
            &e["other_activity"],
            &e["unknown"]
        ]
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
    );
    assert_eq!(exits[0][1], "1");
    assert_eq!(exits[1][1], "1");
    // The regions' sums, each counting its municipalities once.
    let parts = b.cells("#per-del").await;
    let gr = parts
        .iter()
        .find(|r| r[0].contains("(GR)"))
        .expect("GR's row");
    assert_eq!(gr[4], "4");
    let jamtland = parts
        .iter()
        .find(|r| r[0] == "Region Jämtland")
        .expect("Jämtland's row");
    assert_eq!(jamtland[4], "2");
    assert!(b.text().await.contains("50,0 %"), "{}", b.text().await);
    // The workbook is offered for the same choice.
    b.client
        .find(Locator::Css(
            "a[href='/statistik/arbetsbok?fran=2013-01&till=2013-06']",
        ))
        .await
        .expect("the workbook's link");
    // Budget's pages pass axe as well (their figures are tested over HTTP).
    b.open("/budget?ar=2013").await;
    b.check_accessibility("the budget follow-up").await;
    b.open("/budget/rader").await;
    b.check_accessibility("the budget lines").await;
    b.log_out().await;
    b.log_in("skl.admin@plugin.example").await;
    b.open("/budget/rader/ny").await;
    b.check_accessibility("a budget line").await;
    b.close().await;
}

/// Mölndal's economist registers a workshop, then brings participants, their attendance
/// and their compensation in from workbooks through Excel in, the same page as costs,
/// and finds each on its page.
async fn participants_come_in_from_workbooks_in_the_browser(app: TestApp) {
    use crate::excel::{sheet_workbook, t, Cell};
    use crate::participant_imports::{person, A_HEADERS, C_HEADERS, P_HEADERS};
    let Some(b) = browser(&app).await else {
        return;
    };
    let (a, c) = (
        crate::participants::pnr("950412", "248"),
        crate::participants::pnr("960101", "257"),
    );
    let dir = tempfile::tempdir().expect("a folder");
    let write = |name: &str, bytes: Vec<u8>| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let people = write(
        "deltagare.xlsx",
        sheet_workbook(
            "Deltagare",
            &P_HEADERS,
            &[
                person(&a, "2013-02-04", "Kvarnbyverkstan"),
                person(&c, "2013-03-01", ""),
            ],
        ),
    );
    let hours = write(
        "narvaro.xlsx",
        sheet_workbook(
            "Närvaro",
            &A_HEADERS,
            &[
                vec![t(&a), t("2013-03"), Cell::Number(40.0)],
                vec![t(&c), t("2013-03"), Cell::Number(12.5)],
            ],
        ),
    );
    let pay = write(
        "ersattning.xlsx",
        sheet_workbook(
            "Ersättning",
            &C_HEADERS,
            &[vec![
                t(&a),
                t("2013-03"),
                t("ungdomsersättning"),
                Cell::Number(1500.0),
                t("Mölndals stad"),
                t("nej"),
            ]],
        ),
    );
    b.log_in("molndal.economist@plugin.example").await;
    b.open("/deltagare/verkstader").await;
    b.check_accessibility("workshops").await;
    b.fill("#name", "Kvarnbyverkstan").await;
    b.follow("form.narrow button[type=submit]").await;
    assert!(
        b.text().await.contains("Verkstaden är registrerad."),
        "{}",
        b.text().await
    );
    for (kind, file, rows) in [
        ("participants", &people, 2),
        ("attendance", &hours, 2),
        ("compensation", &pay, 1),
    ] {
        b.open("/excel").await;
        b.click(&format!("#typ option[value='{kind}']")).await;
        b.choose_file("#fil", file).await;
        b.follow("form.upload button[type=submit]").await;
        let text = b.text().await;
        assert!(
            text.contains(&format!("Alla {rows} rader är kontrollerade och sparade"))
                || (rows == 1 && text.contains("raden är kontrollerad och sparad")),
            "{kind}: {text}"
        );
    }
    b.open("/deltagare").await;
    let list = b.text().await;
    assert!(list.contains("2 inskrivningar"), "{list}");
    b.open("/narvaro?manad=2013-03").await;
    let grid = b
        .client
        .execute(
            "return [...document.querySelectorAll('#narvaro input[inputmode=decimal]')].map(i => i.value);",
            vec![],
        )
        .await
        .expect("read the grid");
    let mut values: Vec<String> = serde_json::from_value(grid).unwrap();
    values.sort();
    assert_eq!(values, ["12,5", "40"]);
    b.open("/ersattning?manad=2013-03").await;
    let pay = b.text().await;
    assert!(pay.contains("1 500,00") && pay.contains("Väntar"), "{pay}");
    b.close().await;
}

/// The API docs render in a real browser under their strict CSP: Swagger UI groups the
/// operations by tag, and an operation opens with its summary and parameters.
async fn the_api_docs_render_offline_in_the_browser(app: TestApp) {
    let Some(b) = browser(&app).await else {
        return;
    };
    b.client
        .goto(&format!("{}/api/v1/docs", b.base))
        .await
        .expect("open the docs");
    let started = Instant::now();
    let tags = loop {
        let n = b
            .client
            .execute(
                "return document.querySelectorAll('.opblock-tag').length;",
                vec![],
            )
            .await
            .expect("count the tags")
            .as_u64()
            .unwrap_or(0);
        if n > 0 {
            break n;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "Swagger UI did not render"
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(tags >= 10, "{tags} tags");
    b.click("#operations-tag-claims").await;
    let started = Instant::now();
    loop {
        let text = b
            .client
            .find(Locator::Css("#swagger-ui"))
            .await
            .expect("the viewer")
            .text()
            .await
            .unwrap_or_default();
        if text.contains("/api/v1/claims/{id}/issue") {
            assert!(text.contains("Every claim, drafts and issued"), "{text}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the claims did not open: {text}"
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    b.close().await;
}
