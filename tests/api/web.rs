//! The web application's foundation over HTTP (issue 14): the login form, sessions kept
//! on the server, CSRF on every state-changing form, the security headers, and the board
//! of the user's scope. The browser journeys come with the pages.

use actix_web::test::TestRequest;
use serde_json::json;

use crate::both_backends;
use crate::harness::{Response, TestApp, PASSWORD};

/// The value of `name="<field>" value="…"` in a page.
fn hidden(page: &str, field: &str) -> String {
    let marker = format!("name=\"{field}\" value=\"");
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no {field} in {page}"))
        + marker.len();
    page[start..][..page[start..].find('"').unwrap()].to_string()
}

/// The `name=value` of a Set-Cookie header for `name`, and the whole header.
fn set_cookie(res: &Response, name: &str) -> Option<(String, String)> {
    res.headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| (v.split(';').next().unwrap().to_string(), v.to_string()))
}

fn header<'a>(res: &'a Response, name: &str) -> &'a str {
    res.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> Response {
    let mut req = TestRequest::get().uri(path);
    if let Some(c) = cookie {
        req = req.insert_header(("Cookie", c.to_string()));
    }
    app.send(req.to_request()).await
}

async fn post(app: &TestApp, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Response {
    let mut req = TestRequest::post().uri(path).set_form(form);
    if let Some(c) = cookie {
        req = req.insert_header(("Cookie", c.to_string()));
    }
    app.send(req.to_request()).await
}

/// Logs in through the form; returns the session cookie (`esf_session=…`).
async fn log_in(app: &TestApp, email: &str, password: &str) -> Result<String, Response> {
    let form = get(app, "/logga-in", None).await;
    let (login_cookie, _) = set_cookie(&form, "esf_login").expect("a form token cookie");
    let token = hidden(&form.text, "form_token");
    let res = post(
        app,
        "/logga-in",
        Some(&login_cookie),
        &[
            ("email", email),
            ("password", password),
            ("form_token", &token),
        ],
    )
    .await;
    match set_cookie(&res, "esf_session") {
        Some((session, _)) if res.status == 303 => Ok(session),
        _ => Err(res),
    }
}

async fn pages_need_a_session_and_send_strict_headers(app: TestApp) {
    let res = get(&app, "/", None).await;
    assert_eq!(res.status, 303);
    assert_eq!(header(&res, "location"), "/logga-in");
    let form = get(&app, "/logga-in", None).await;
    assert_eq!(form.status, 200);
    let csp = header(&form, "content-security-policy");
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    assert_eq!(header(&form, "referrer-policy"), "no-referrer");
    assert_eq!(header(&form, "cache-control"), "no-store");
    assert!(form.text.contains("<html lang=\"sv\">") && form.text.contains("Logga in"));
    assert!(
        !form.text.contains("<script>") && !form.text.contains("style="),
        "no inline script or style"
    );
    let (_, flags) = set_cookie(&form, "esf_login").unwrap();
    assert!(
        flags.contains("HttpOnly") && flags.contains("SameSite=Strict"),
        "{flags}"
    );
    // The stylesheet and htmx come from this site, hashed and cached for a year.
    let css = form
        .text
        .split("href=\"/static/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let asset = get(&app, &format!("/static/{css}"), None).await;
    assert_eq!(asset.status, 200);
    assert!(header(&asset, "cache-control").contains("immutable"));
    assert!(asset.content_type().starts_with("text/css"));
    assert_eq!(get(&app, "/static/app.css", None).await.status, 404);
    // The API keeps its own answers.
    assert_eq!(
        header(&app.get("/api/v1/users/me", "x").await, "cache-control"),
        ""
    );
}

async fn login_sessions_and_logout(app: TestApp) {
    // Wrong password, unknown address and a missing form token: no session.
    for (email, password) in [
        ("molndal.economist@plugin.example", "fel lösenord här"),
        ("ingen@plugin.example", PASSWORD),
    ] {
        let res = log_in(&app, email, password).await.unwrap_err();
        assert_eq!(res.status, 401);
        assert!(
            res.text.contains("Fel e-postadress eller lösenord"),
            "{}",
            res.text
        );
        assert!(
            res.text.contains(&format!("value=\"{email}\"")),
            "the address is kept"
        );
    }
    let res = post(
        &app,
        "/logga-in",
        None,
        &[
            ("email", "molndal.economist@plugin.example"),
            ("password", PASSWORD),
            ("form_token", "gissat"),
        ],
    )
    .await;
    assert_eq!(res.status, 403);
    assert!(set_cookie(&res, "esf_session").is_none());
    assert_eq!(app.count("web_sessions"), 0);

    let session = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let again = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    assert_ne!(session, again, "a new session at every login");
    let form = get(&app, "/logga-in", None).await;
    let (_, flags) = set_cookie(&form, "esf_login").unwrap();
    assert!(flags.contains("Path=/logga-in"));
    let board = get(&app, "/", Some(&session)).await;
    assert_eq!(board.status, 200, "{}", board.text);
    assert!(board.text.contains("Översikt") && board.text.contains("Mölndal"));
    assert!(
        !board.text.contains("Partille"),
        "another municipality is out of sight"
    );
    // Logout needs the session's form token: without it nothing happens.
    let res = post(&app, "/logga-ut", Some(&session), &[("csrf", "fel")]).await;
    assert_eq!(res.status, 403);
    assert!(res.text.contains("Inget har ändrats"));
    assert_eq!(get(&app, "/", Some(&session)).await.status, 200);
    let csrf = hidden(&board.text, "csrf");
    let res = post(&app, "/logga-ut", Some(&session), &[("csrf", &csrf)]).await;
    assert_eq!(res.status, 303);
    let (_, removal) = set_cookie(&res, "esf_session").unwrap();
    assert!(
        removal.contains("Max-Age=0") || removal.contains("expires"),
        "{removal}"
    );
    // Ended on the server: the old cookie opens nothing.
    let res = get(&app, "/", Some(&session)).await;
    assert_eq!(
        (res.status.as_u16(), header(&res, "location")),
        (303, "/logga-in")
    );
    assert_eq!(
        app.count("web_sessions"),
        1,
        "only the other login's session is left"
    );
    // Another session of the user ends when an admin disables the account.
    assert_eq!(get(&app, "/", Some(&again)).await.status, 200);
    let id = app.user_id("molndal.economist@plugin.example");
    let admin = app.token("skl.admin@plugin.example");
    let user = app.get(&format!("/api/v1/users/{id}"), &admin).await;
    let res = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &admin,
            json!({"version": user.body["version"], "active": false}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(get(&app, "/", Some(&again)).await.status, 303);
    // The disabled account's right password reads as any failure.
    let res = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(res.status, 401);
}

async fn the_board_shows_the_scope_with_states(app: TestApp) {
    // Mölndal submits March 2013; GR returns it with a comment.
    let e = app.token("molndal.economist@plugin.example");
    let molndal = app.org_id("1481");
    let path = format!("/api/v1/monthly-reports/{molndal}/2013-03");
    assert_eq!(
        app.post(&format!("{path}/submit"), &e, json!({"version": 0}))
            .await
            .status,
        200
    );
    let res = app
        .post(
            &format!("{path}/return"),
            &app.token("gr.manager@plugin.example"),
            json!({"version": 1, "comment": "Saknar underlag för resor"}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let session = log_in(&app, "gr.manager@plugin.example", PASSWORD)
        .await
        .unwrap();
    let board = get(&app, "/?ar=2013", Some(&session)).await;
    assert_eq!(board.status, 200);
    let t = &board.text;
    assert!(t.contains("Översikt 2013"));
    assert!(t.contains("Göteborgsregionens") && t.contains("Mölndal") && t.contains("Partille"));
    assert!(
        !t.contains("Region Jämtland") && !t.contains("Strömsund"),
        "another region is out of sight"
    );
    assert!(
        t.contains("Återsänd</a><span class=\"comment\">: Saknar underlag för resor</span>"),
        "{t}"
    );
    assert_eq!(
        t.matches("<tr>").count(),
        1 + t.matches("scope=\"row\"").count()
    );
    // An unknown year shows the current one rather than failing.
    assert_eq!(get(&app, "/?ar=1999", Some(&session)).await.status, 200);
}

/// The month's chain through the pages: Mölndal submits, GR returns it with a comment,
/// Mölndal submits again, GR approves. Forms without the session's token, and a form
/// posted for another municipality, change nothing.
async fn a_month_goes_through_the_chain_in_pages(app: TestApp) {
    let molndal = app.org_id("1481");
    let month = format!("/manad/{molndal}/2013-03");
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let page = get(&app, &month, Some(&e)).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("Mölndal mars 2013") && page.text.contains("Öppen"));
    assert!(page.text.contains("Skicka in rapporten") && !page.text.contains("Godkänn"));
    let csrf = hidden(&page.text, "csrf");
    let before = app.snapshot();
    // Without the token, or for Partille: nothing.
    let res = post(
        &app,
        &format!("{month}/skicka-in"),
        Some(&e),
        &[("csrf", "x"), ("version", "0")],
    )
    .await;
    assert_eq!(res.status, 403);
    let partille = format!("/manad/{}/2013-03/skicka-in", app.org_id("1402"));
    let res = post(
        &app,
        &partille,
        Some(&e),
        &[("csrf", &csrf), ("version", "0")],
    )
    .await;
    assert_eq!(res.status, 404, "{}", res.text);
    assert!(res.text.contains("Sidan finns inte"));
    assert_eq!(app.snapshot(), before);
    assert_eq!(app.count("monthly_reports"), 0);

    let res = post(
        &app,
        &format!("{month}/skicka-in"),
        Some(&e),
        &[("csrf", &csrf), ("version", "0")],
    )
    .await;
    assert_eq!(res.status, 303, "{}", res.text);
    let page = get(&app, &format!("{month}?klart=inskickad"), Some(&e)).await;
    assert!(page.text.contains("Rapporten är inskickad.") && page.text.contains("Inskickad"));
    // A stale form (the old version) is told so, and nothing changes.
    let res = post(
        &app,
        &format!("{month}/skicka-in"),
        Some(&e),
        &[("csrf", &csrf), ("version", "0")],
    )
    .await;
    assert_eq!(res.status, 409);
    assert!(
        res.text.contains("Rapporten kunde inte skickas in"),
        "{}",
        res.text
    );

    let m = log_in(&app, "gr.manager@plugin.example", PASSWORD)
        .await
        .unwrap();
    let page = get(&app, &month, Some(&m)).await;
    assert!(page.text.contains("Godkänn") && page.text.contains("Skicka tillbaka"));
    let csrf_m = hidden(&page.text, "csrf");
    let version = hidden(&page.text, "version");
    let res = post(
        &app,
        &format!("{month}/skicka-tillbaka"),
        Some(&m),
        &[("csrf", &csrf_m), ("version", &version), ("comment", "")],
    )
    .await;
    assert_eq!(res.status, 422);
    assert!(res.text.contains("Skriv en kommentar"), "{}", res.text);
    let res = post(
        &app,
        &format!("{month}/skicka-tillbaka"),
        Some(&m),
        &[
            ("csrf", &csrf_m),
            ("version", &version),
            ("comment", "Kvitto saknas för resan"),
        ],
    )
    .await;
    assert_eq!(res.status, 303, "{}", res.text);
    let board = get(&app, "/?ar=2013", Some(&m)).await;
    assert!(
        board.text.contains("Kvitto saknas för resan"),
        "the board shows the comment"
    );

    let page = get(&app, &month, Some(&e)).await;
    assert!(page.text.contains("Återsänd") && page.text.contains("Kvitto saknas för resan"));
    let version = hidden(&page.text, "version");
    let res = post(
        &app,
        &format!("{month}/skicka-in"),
        Some(&e),
        &[("csrf", &csrf), ("version", &version)],
    )
    .await;
    assert_eq!(res.status, 303);
    let page = get(&app, &month, Some(&m)).await;
    let version = hidden(&page.text, "version");
    let res = post(
        &app,
        &format!("{month}/godkann"),
        Some(&m),
        &[("csrf", &csrf_m), ("version", &version)],
    )
    .await;
    assert_eq!(res.status, 303);
    let report = app
        .get(
            &format!("/api/v1/monthly-reports/{molndal}/2013-03"),
            &app.token("gr.manager@plugin.example"),
        )
        .await;
    assert_eq!(report.body["state"], "approved");
    // The workbook comes with the session.
    let book = get(&app, &format!("{month}/arbetsbok?vy=egen"), Some(&e)).await;
    assert_eq!(book.status, 200);
    assert!(header(&book, "content-disposition").contains(".xlsx"));
}

/// Byt lösenord: each broken rule is named at its field in Swedish and nothing changes; a
/// new password ends the sessions (this one too) and the next login takes it.
async fn own_password_change_in_pages(app: TestApp) {
    let session = log_in(&app, "stromsund.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let page = get(&app, "/losenord", Some(&session)).await;
    assert_eq!(page.status, 200);
    let csrf = hidden(&page.text, "csrf");
    // A wrong current password counts as a failed login (issue 13.8); nothing else is
    // written, and the audit log stays as it was.
    let before = app.count("audit_log");
    for (current, new, repeat, words, field) in [
        (
            PASSWORD,
            "kaffe vid Kvarnbygatan",
            "kaffe vid Kvarnbygatan!",
            "inte samma",
            "repeat_password",
        ),
        (
            "fel fel fel",
            "kaffe vid Kvarnbygatan",
            "kaffe vid Kvarnbygatan",
            "stämmer inte",
            "current_password",
        ),
        (
            PASSWORD,
            "aaaaaaaaaa",
            "aaaaaaaaaa",
            "för lätt att gissa",
            "new_password",
        ),
        (PASSWORD, "kort", "kort", "minst 10 tecken", "new_password"),
    ] {
        let res = post(
            &app,
            "/losenord",
            Some(&session),
            &[
                ("csrf", &csrf),
                ("current_password", current),
                ("new_password", new),
                ("repeat_password", repeat),
            ],
        )
        .await;
        assert_eq!(res.status, 422, "{}", res.text);
        assert!(res.text.contains(words), "{words}: {}", res.text);
        assert!(
            res.text.contains(&format!("href=\"#{field}\"")),
            "the summary links to {field}"
        );
        assert!(res.text.contains("aria-invalid=\"true\""));
    }
    let res = post(
        &app,
        "/losenord",
        Some(&session),
        &[
            ("csrf", "fel"),
            ("current_password", PASSWORD),
            ("new_password", "kaffe vid Kvarnbygatan"),
            ("repeat_password", "kaffe vid Kvarnbygatan"),
        ],
    )
    .await;
    assert_eq!(res.status, 403);
    assert_eq!(app.count("audit_log"), before);
    let res = post(
        &app,
        "/losenord",
        Some(&session),
        &[
            ("csrf", &csrf),
            ("current_password", PASSWORD),
            ("new_password", "kaffe vid Kvarnbygatan"),
            ("repeat_password", "kaffe vid Kvarnbygatan"),
        ],
    )
    .await;
    assert_eq!(res.status, 303, "{}", res.text);
    assert_eq!(header(&res, "location"), "/logga-in?bytt=1");
    assert!(get(&app, "/logga-in?bytt=1", None)
        .await
        .text
        .contains("Lösenordet är bytt"));
    assert_eq!(
        get(&app, "/", Some(&session)).await.status,
        303,
        "the session ended"
    );
    assert!(log_in(&app, "stromsund.economist@plugin.example", PASSWORD)
        .await
        .is_err());
    assert!(log_in(
        &app,
        "stromsund.economist@plugin.example",
        "kaffe vid Kvarnbygatan"
    )
    .await
    .is_ok());
}

/// "Att göra" lists what waits, by the actions' own rules: Mölndal's economist signs a
/// draft and submits a month with entries; Mölndal's manager attests a timesheet someone
/// else signed; GR's manager decides Mölndal's submitted month.
async fn the_todo_list_follows_the_rules(app: TestApp) {
    let staff = crate::timesheets::staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "T-1",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let builder = |month: &'static str| {
        crate::builders::TimesheetBuilder::new(
            &app,
            "molndal.economist@plugin.example",
            "molndal.manager@plugin.example",
            staff,
        )
        .month(month)
    };
    builder("2013-02").draft().await;
    builder("2013-03").signed().await;
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let t = get(&app, "/?ar=2013", Some(&e)).await.text;
    assert!(
        t.contains("Signera 1 tidrapport(er) för februari 2013"),
        "{t}"
    );
    assert!(t.contains("Skicka in rapporten för mars 2013"), "{t}");
    assert!(!t.contains("Attestera"), "an economist attests nothing");
    let m = log_in(&app, "molndal.manager@plugin.example", PASSWORD)
        .await
        .unwrap();
    let t = get(&app, "/?ar=2013", Some(&m)).await.text;
    assert!(
        t.contains("Attestera 1 tidrapport(er): Mölndal, mars 2013"),
        "{t}"
    );
    assert!(!t.contains("Signera"));
    // Managers above attest too; a user with nothing waiting is told so.
    let gr = log_in(&app, "gr.manager@plugin.example", PASSWORD)
        .await
        .unwrap();
    let t = get(&app, "/", Some(&gr)).await.text;
    assert!(
        t.contains("Attestera 1 tidrapport(er): Mölndal, mars 2013"),
        "{t}"
    );
    let rj = log_in(&app, "rj.manager@plugin.example", PASSWORD)
        .await
        .unwrap();
    assert!(get(&app, "/", Some(&rj))
        .await
        .text
        .contains("Inget väntar på dig"));
    // Once attested and submitted, GR's manager decides it.
    builder("2013-04").attested().await;
    let molndal = app.org_id("1481");
    let res = app
        .post(
            &format!("/api/v1/monthly-reports/{molndal}/2013-04/submit"),
            &app.token("molndal.economist@plugin.example"),
            json!({"version": 0}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let t = get(&app, "/", Some(&gr)).await.text;
    assert!(
        t.contains(&format!(
            "href=\"/manad/{molndal}/2013-04\">Godkänn eller skicka tillbaka Mölndal, april 2013"
        )),
        "{t}"
    );
}

/// Logg: the audit log of the scope, filtered by what, who and when; economists do not
/// read it (no link, and the page is refused by the gate).
async fn the_log_is_filtered_by_what_who_and_when(app: TestApp) {
    let molndal = app.org_id("1481");
    let res = app
        .post(
            &format!("/api/v1/monthly-reports/{molndal}/2013-03/submit"),
            &app.token("molndal.economist@plugin.example"),
            json!({"version": 0}),
        )
        .await;
    assert_eq!(res.status, 200);
    let res = app
        .post("/api/v1/staff", &app.token("molndal.economist@plugin.example"),
            json!({ "organisation_id": molndal, "name": "Logg Testsson", "employee_number": "L-1" }))
        .await;
    assert_eq!(res.status, 201);
    let m = log_in(&app, "gr.manager@plugin.example", PASSWORD)
        .await
        .unwrap();
    let board = get(&app, "/", Some(&m)).await;
    assert!(board.text.contains("href=\"/logg\""));
    let all = get(&app, "/logg", Some(&m)).await;
    assert_eq!(all.status, 200, "{}", all.text);
    assert!(
        all.text.contains("Månadsrapport") && all.text.contains("Personal"),
        "{}",
        all.text
    );
    let reports = get(&app, "/logg?entitet=monthly_report", Some(&m))
        .await
        .text;
    assert!(
        reports.contains("Månadsrapport") && !reports.contains("Logg Testsson"),
        "{reports}"
    );
    let economist = app.user_id("molndal.economist@plugin.example");
    let by = get(&app, &format!("/logg?anvandare={economist}"), Some(&m))
        .await
        .text;
    assert!(by.contains("2 ändringar"), "{by}");
    let today = chrono::Utc::now().date_naive();
    let none = get(
        &app,
        &format!("/logg?fran={}", today.succ_opt().unwrap()),
        Some(&m),
    )
    .await
    .text;
    assert!(none.contains("0 ändringar"), "{none}");
    let bad = get(&app, "/logg?fran=2013-5-1", Some(&m)).await;
    assert!(bad.text.contains("är inte ett datum"));
    let reversed = get(
        &app,
        &format!("/logg?fran={today}&till=2013-01-01"),
        Some(&m),
    )
    .await;
    assert!(
        reversed.text.contains("före från-datumet"),
        "{}",
        reversed.text
    );
    // The same filters in the API.
    let api = app
        .get(
            &format!("/api/v1/audit-log?user_id={economist}&to=2013-01-01"),
            &app.token("gr.manager@plugin.example"),
        )
        .await;
    assert_eq!(api.body["total"], 0, "{}", api.text);
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    assert!(!get(&app, "/", Some(&e))
        .await
        .text
        .contains("href=\"/logg\""));
    assert_eq!(get(&app, "/logg", Some(&e)).await.status, 403);
}

/// Personal: the staff of the scope, and each month's hourly rate with its inputs before
/// anything is attested (the worked example: 30 000 kr, 100 %, 38,46 % gives 289,80 kr);
/// a month without a salary record says so; another municipality's staff is missing.
async fn staff_and_their_hourly_rates(app: TestApp) {
    let staff = crate::timesheets::staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "P-1",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let other = crate::timesheets::staff_with_salary(&app, "partille.economist@plugin.example", "1402", "P-2",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let list = get(&app, "/personal", Some(&e)).await;
    assert_eq!(list.status, 200);
    assert!(
        list.text.contains(&format!("href=\"/personal/{staff}\""))
            && list.text.contains("Anställd P-1")
    );
    assert!(!list.text.contains("Anställd P-2"));
    let page = get(&app, &format!("/personal/{staff}?ar=2013"), Some(&e)).await;
    assert_eq!(page.status, 200, "{}", page.text);
    let t = &page.text;
    assert!(
        t.contains("30\u{a0}000,00\u{a0}kr")
            && t.contains("100\u{a0}%")
            && t.contains("38,46\u{a0}%"),
        "{t}"
    );
    assert_eq!(
        t.matches("<strong>289,80\u{a0}kr</strong>").count(),
        12,
        "every month of 2013"
    );
    let earlier = get(&app, &format!("/personal/{staff}?ar=2012"), Some(&e))
        .await
        .text;
    assert!(
        earlier.contains("Anställd P-1 har ingen lönerad som gäller 2012-01"),
        "{earlier}"
    );
    assert_eq!(
        get(&app, &format!("/personal/{other}"), Some(&e))
            .await
            .status,
        404
    );
}

async fn timesheets_in_pages(app: TestApp) {
    let staff = crate::timesheets::staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "P-1",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let list = get(&app, "/tidrapporter?manad=2013-03", Some(&e)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let grid_path = format!("/tidrapporter/{staff}/2013-03");
    assert!(
        list.text.contains(&format!("href=\"{grid_path}\"")) && list.text.contains("Ingen ännu")
    );

    let grid = get(&app, &grid_path, Some(&e)).await;
    assert_eq!(grid.status, 200, "{}", grid.text);
    assert!(grid.text.contains("name=\"t31\"") && !grid.text.contains("name=\"t32\""));
    assert!(grid.text.contains("lör 2013-03-02"), "weekdays are named");
    let csrf = hidden(&grid.text, "csrf");

    // 14 hours on one day and a number that can't be read: both named, nothing stored.
    let bad = post(
        &app,
        &grid_path,
        Some(&e),
        &[
            ("csrf", csrf.as_str()),
            ("finansiering", "project"),
            ("t4", "14"),
            ("a4", "metodverkstad"),
            ("t5", "7,5"),
        ],
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert!(
        bad.text
            .contains("14,00 timmar på en dag: högst 13 timmar per dag"),
        "{}",
        bad.text
    );
    assert!(bad.text.contains("href=\"#t4\"") && bad.text.contains("aria-invalid=\"true\""));
    assert!(bad.text.contains("value=\"7,5\""), "what was typed is kept");
    let unreadable = post(
        &app,
        &grid_path,
        Some(&e),
        &[
            ("csrf", csrf.as_str()),
            ("finansiering", "project"),
            ("t6", "sju"),
            ("a7", "utan timmar"),
        ],
    )
    .await;
    assert_eq!(unreadable.status, 422);
    assert!(
        unreadable.text.contains("”sju” är inte ett antal timmar")
            && unreadable.text.contains("skriv timmarna"),
        "{}",
        unreadable.text
    );
    let token = app.token("molndal.economist@plugin.example");
    let none = app.get("/api/v1/timesheets?month=2013-03", &token).await;
    assert_eq!(none.body["total"], 0, "nothing was written");

    // A wrong form token writes nothing either.
    let forged = post(
        &app,
        &grid_path,
        Some(&e),
        &[("csrf", "x"), ("finansiering", "project"), ("t4", "8")],
    )
    .await;
    assert_eq!(forged.status, 403);
    assert_eq!(
        app.get("/api/v1/timesheets?month=2013-03", &token)
            .await
            .body["total"],
        0
    );

    let saved = post(
        &app,
        &grid_path,
        Some(&e),
        &[
            ("csrf", csrf.as_str()),
            ("finansiering", "project"),
            ("t4", "8"),
            ("a4", "metodverkstad"),
            ("t5", "7,5"),
        ],
    )
    .await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    assert_eq!(
        header(&saved, "location"),
        format!("{grid_path}?klart=sparad")
    );
    let grid = get(&app, &format!("{grid_path}?klart=sparad"), Some(&e)).await;
    assert!(
        grid.text.contains("Tidrapporten är sparad") && grid.text.contains("15,50 timmar"),
        "{}",
        grid.text
    );
    assert!(grid.text.contains("value=\"7,5\"") && grid.text.contains("value=\"metodverkstad\""));
    let version = hidden(&grid.text, "version");

    let signed = post(
        &app,
        &format!("{grid_path}/signera"),
        Some(&e),
        &[("csrf", csrf.as_str()), ("version", version.as_str())],
    )
    .await;
    assert_eq!(signed.status, 303, "{}", signed.text);
    let grid = get(&app, &grid_path, Some(&e)).await;
    assert!(grid.text.contains("<strong>Signerad</strong>") && !grid.text.contains("Spara utkast"));
    assert!(
        grid.text.contains("Bara en chef för organisationen"),
        "the economist is told why not: {}",
        grid.text
    );

    // Mölndal's manager attests from the queue.
    let m = log_in(&app, "molndal.manager@plugin.example", PASSWORD)
        .await
        .unwrap();
    let queue = get(&app, "/attestera", Some(&m)).await;
    assert_eq!(queue.status, 200);
    assert!(
        queue.text.contains("Anställd P-1") && queue.text.contains("15,50"),
        "{}",
        queue.text
    );
    let m_csrf = hidden(&queue.text, "csrf");
    let version = hidden(&queue.text, "version");
    let attested = post(
        &app,
        &format!("{grid_path}/attestera"),
        Some(&m),
        &[
            ("csrf", m_csrf.as_str()),
            ("version", version.as_str()),
            ("fran", "ko"),
        ],
    )
    .await;
    assert_eq!(attested.status, 303, "{}", attested.text);
    assert_eq!(header(&attested, "location"), "/attestera?klart=attesterad");
    let grid = get(&app, &grid_path, Some(&m)).await;
    // 15.5 h × 289,80 kr.
    assert!(
        grid.text.contains("<strong>Attesterad</strong>")
            && grid.text.contains("4\u{a0}491,90\u{a0}kr"),
        "{}",
        grid.text
    );
    assert!(get(&app, "/attestera", Some(&m))
        .await
        .text
        .contains("Inga signerade tidrapporter"));

    // Another municipality's economist neither sees the grid nor can post to it.
    let p = log_in(&app, "partille.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    assert_eq!(get(&app, &grid_path, Some(&p)).await.status, 404);
    let p_csrf = hidden(&get(&app, "/tidrapporter", Some(&p)).await.text, "csrf");
    let other = format!("/tidrapporter/{staff}/2013-04");
    let forged = post(
        &app,
        &other,
        Some(&p),
        &[
            ("csrf", p_csrf.as_str()),
            ("finansiering", "project"),
            ("t2", "8"),
        ],
    )
    .await;
    assert_eq!(forged.status, 404, "{}", forged.text);
    assert_eq!(
        app.get("/api/v1/timesheets?month=2013-04", &token)
            .await
            .body["total"],
        0
    );
}

/// A multipart/form-data body (boundary `esf-test-boundary`) of text fields and files.
fn multipart(fields: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, value) in fields {
        body.extend_from_slice(b"--esf-test-boundary\r\n");
        match file {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--esf-test-boundary--\r\n");
    body
}

async fn upload_form(
    app: &TestApp,
    cookie: &str,
    csrf: &str,
    kind: &str,
    name: &str,
    file: &[u8],
) -> Response {
    let body = multipart(&[
        ("csrf", None, csrf.as_bytes()),
        ("typ", None, kind.as_bytes()),
        ("fil", Some(name), file),
    ]);
    let req = TestRequest::post()
        .uri("/excel")
        .insert_header((
            "Content-Type",
            "multipart/form-data; boundary=esf-test-boundary",
        ))
        .insert_header(("Cookie", cookie.to_string()))
        .set_payload(body);
    app.send(req.to_request()).await
}

async fn uploads_in_pages(app: TestApp) {
    use crate::excel::{t, workbook, Cell, HEADERS};
    crate::timesheets::staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "P-1",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let page = get(&app, "/excel", Some(&e)).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text.contains("href=\"/excel/mall/timesheets\"")
            && page.text.contains("Inga arbetsböcker är inlästa ännu")
    );
    let csrf = hidden(&page.text, "csrf");
    let template = get(&app, "/excel/mall/timesheets", Some(&e)).await;
    assert_eq!(template.status, 200);
    assert!(header(&template, "content-disposition").contains("tidrapporter-mall-v2.xlsx"));

    let row = |day: &str, hours: f64| {
        vec![
            t("P-1"),
            t(day),
            Cell::Number(hours),
            t("projekt"),
            t("Metodverkstad"),
        ]
    };
    let bad = workbook(&HEADERS, &[row("2013-03-04", 8.0), row("2013-03-05", 14.0)]);
    let res = upload_form(&app, &e, &csrf, "timesheets", "mars.xlsx", &bad).await;
    assert_eq!(res.status, 303, "{}", res.text);
    let result_path = header(&res, "location").to_string();
    let result = get(&app, &result_path, Some(&e)).await;
    assert_eq!(result.status, 200);
    let r = &result.text;
    assert!(
        r.contains("Inte inläst: inget sparades") && r.contains("Arbetsboken har 1 fel."),
        "{r}"
    );
    assert!(
        r.contains("<td>Tidrapport</td>")
            && r.contains("<td class=\"num\">3</td>")
            && r.contains("C (Timmar)")
            && r.contains("<td>14</td>"),
        "{r}"
    );
    assert!(
        r.contains("högst 13 timmar per dag"),
        "the rule in Swedish: {r}"
    );
    let token = app.token("molndal.economist@plugin.example");
    assert_eq!(
        app.get("/api/v1/timesheets?month=2013-03", &token)
            .await
            .body["total"],
        0,
        "nothing stored"
    );

    // A colleague sees the same result; another municipality does not.
    let m = log_in(&app, "molndal.manager@plugin.example", PASSWORD)
        .await
        .unwrap();
    assert!(get(&app, &result_path, Some(&m))
        .await
        .text
        .contains("Inte inläst"));
    let p = log_in(&app, "partille.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    assert_eq!(get(&app, &result_path, Some(&p)).await.status, 404);
    assert!(!get(&app, "/excel", Some(&p))
        .await
        .text
        .contains("mars.xlsx"));

    // A missing token, a missing file: refused, nothing kept.
    assert_eq!(
        upload_form(&app, &e, "wrong", "timesheets", "mars.xlsx", &bad)
            .await
            .status,
        403
    );
    let none = upload_form(&app, &e, &csrf, "timesheets", "", b"").await;
    assert_eq!(none.status, 422);
    assert!(none.text.contains("href=\"#fil\"") && none.text.contains("Välj en ifylld arbetsbok"));

    let good = workbook(&HEADERS, &[row("2013-03-04", 8.0), row("2013-03-05", 7.5)]);
    let res = upload_form(&app, &e, &csrf, "timesheets", "mars-rättad.xlsx", &good).await;
    assert_eq!(res.status, 303);
    let result = get(&app, header(&res, "location"), Some(&e)).await;
    assert!(
        result
            .text
            .contains("Alla 2 rader är kontrollerade och sparade")
            && result.text.contains("<th scope=\"row\">Nya</th><td>1</td>"),
        "{}",
        result.text
    );
    assert_eq!(
        app.get("/api/v1/timesheets?month=2013-03", &token)
            .await
            .body["total"],
        1
    );
    let list = get(&app, "/excel", Some(&e)).await.text;
    assert!(
        list.contains("2 inläsningar")
            && list.contains("Inte inläst</strong>: 1 fel")
            && list.contains("Inläst: 2 rader"),
        "{list}"
    );

    // A workbook filled in an older template is named as such.
    let mut old = rust_xlsxwriter::Workbook::new();
    old.add_worksheet()
        .set_name("Tidrapport")
        .unwrap()
        .write_string(0, 0, "Anst.nr")
        .unwrap();
    old.define_name("ESF_mallversion", "=\"Tidrapport;1\"")
        .unwrap();
    let res = upload_form(
        &app,
        &e,
        &csrf,
        "timesheets",
        "gammal.xlsx",
        &old.save_to_buffer().unwrap(),
    )
    .await;
    let result = get(&app, header(&res, "location"), Some(&e)).await.text;
    assert!(
        result.contains(
            "Arbetsboken är gjord i version 1 av mallen Tidrapport; inläsningen läser version 2"
        ) && result.contains("Arbetsboken har 1 fel."),
        "{result}"
    );
}

async fn entries_in_pages(app: TestApp) {
    let molndal = app.org_id("1481");
    let month = format!("/manad/{molndal}/2013-03");
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let page = get(&app, &format!("{month}?vy=egen"), Some(&e)).await;
    assert!(
        page.text.contains(&format!("href=\"{month}/ny/lokaler\""))
            && page.text.contains("Inga lokalkostnader."),
        "{}",
        page.text
    );
    // The month's timesheet template, pre-filled with the staff and the working days.
    let prefilled = format!("/excel/mall/timesheets?organisation_id={molndal}&amp;manad=2013-03");
    assert!(page.text.contains(&prefilled), "{}", page.text);
    let template = get(
        &app,
        &format!("/excel/mall/timesheets?organisation_id={molndal}&manad=2013-03"),
        Some(&e),
    )
    .await;
    assert_eq!(template.status, 200);
    assert!(header(&template, "content-disposition").contains("tidrapporter-2013-03.xlsx"));
    let partille = get(
        &app,
        &format!(
            "/excel/mall/timesheets?organisation_id={}&manad=2013-03",
            app.org_id("1402")
        ),
        Some(&e),
    )
    .await;
    assert!(partille.status.is_client_error(), "{}", partille.text);
    let form = get(&app, &format!("{month}/ny/lokaler"), Some(&e)).await;
    assert_eq!(form.status, 200);
    assert!(
        form.text.contains("value=\"2013-03\""),
        "the month is filled in"
    );
    let csrf = hidden(&form.text, "csrf");

    // Unreadable and missing values are named at their fields; nothing is stored.
    let bad = post(
        &app,
        &format!("{month}/ny/lokaler"),
        Some(&e),
        &[
            ("csrf", &csrf),
            ("month", "2013-03"),
            ("description", "Kungsgatan 1"),
            ("monthly_cost", "tiotusen"),
            ("share_percent", ""),
            ("financing", "cash"),
        ],
    )
    .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.text.contains("href=\"#monthly_cost\"")
            && bad.text.contains("skriv ett belopp")
            && bad.text.contains("href=\"#share_percent\""),
        "{}",
        bad.text
    );
    assert!(
        bad.text.contains("value=\"tiotusen\""),
        "what was typed is kept"
    );
    // The use case's own rule, in Swedish.
    let zero = post(
        &app,
        &format!("{month}/ny/lokaler"),
        Some(&e),
        &[
            ("csrf", &csrf),
            ("month", "2013-03"),
            ("description", "Kungsgatan 1"),
            ("monthly_cost", "0"),
            ("share_percent", "50"),
            ("financing", "cash"),
        ],
    )
    .await;
    assert_eq!(zero.status, 422);
    assert_eq!(app.count("premises"), 0);

    let added = post(
        &app,
        &format!("{month}/ny/lokaler"),
        Some(&e),
        &[
            ("csrf", &csrf),
            ("month", "2013-03"),
            ("description", "Kungsgatan 1"),
            ("monthly_cost", "10 000,00"),
            ("share_percent", "50"),
            ("financing", "cash"),
        ],
    )
    .await;
    assert_eq!(added.status, 303, "{}", added.text);
    assert_eq!(
        header(&added, "location"),
        format!("{month}?vy=egen&klart=tillagd")
    );
    let page = get(&app, header(&added, "location"), Some(&e)).await.text;
    assert!(
        page.contains("Posten är tillagd.")
            && page.contains("Kungsgatan 1")
            && page.contains("5\u{a0}000,00\u{a0}kr"),
        "{page}"
    );
    let premises = app
        .get(
            &format!("/api/v1/premises?organisation_id={molndal}"),
            &app.token("molndal.economist@plugin.example"),
        )
        .await;
    let id = premises.body["items"][0]["id"].as_i64().unwrap();

    let edit = get(&app, &format!("{month}/post/lokaler/{id}"), Some(&e)).await;
    assert!(
        edit.text.contains("value=\"10000,00\"") && edit.text.contains("value=\"50\""),
        "{}",
        edit.text
    );
    let version = hidden(&edit.text, "version");
    let changed = post(
        &app,
        &format!("{month}/post/lokaler/{id}"),
        Some(&e),
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("month", "2013-03"),
            ("description", "Kungsgatan 1"),
            ("monthly_cost", "10000,00"),
            ("share_percent", "25"),
            ("financing", "cash"),
        ],
    )
    .await;
    assert_eq!(changed.status, 303, "{}", changed.text);
    assert!(get(&app, &format!("{month}?vy=egen"), Some(&e))
        .await
        .text
        .contains("2\u{a0}500,00\u{a0}kr"));

    let other = post(
        &app,
        &format!("{month}/ny/ovriga-kostnader"),
        Some(&e),
        &[
            ("csrf", &csrf),
            ("date", "2013-03-12"),
            ("category", "travel"),
            ("amount", "1 234,50"),
            ("supplier", "SJ"),
            ("voucher_number", "V-1"),
            ("description", "Resa till Göteborg"),
        ],
    )
    .await;
    assert_eq!(other.status, 303, "{}", other.text);
    let page = get(&app, &format!("{month}?vy=egen"), Some(&e)).await.text;
    assert!(
        page.contains("V-1") && page.contains("1\u{a0}234,50\u{a0}kr"),
        "{page}"
    );
    let others = app
        .get(
            &format!("/api/v1/other-costs?organisation_id={molndal}"),
            &app.token("molndal.economist@plugin.example"),
        )
        .await;
    let other_id = others.body["items"][0]["id"].as_i64().unwrap();
    let other_version = others.body["items"][0]["version"].to_string();
    // Deleted with htmx: only the row's new content comes back.
    let req = TestRequest::post()
        .uri(&format!("{month}/post/ovriga-kostnader/{other_id}/ta-bort"))
        .insert_header(("Cookie", e.clone()))
        .insert_header(("HX-Request", "true"))
        .set_form([("csrf", csrf.as_str()), ("version", other_version.as_str())]);
    let gone = app.send(req.to_request()).await;
    assert_eq!(gone.status, 200, "{}", gone.text);
    assert!(gone.text.contains("Borttagen.") && !gone.text.contains("<html"));
    assert_eq!(app.count("other_costs"), 0);

    let cash = post(
        &app,
        &format!("{month}/ny/kontant-medfinansiering"),
        Some(&e),
        &[
            ("csrf", &csrf),
            ("month", "2013-03"),
            ("kind", "public_cash"),
            ("amount", "20000"),
            ("paid_by", "Mölndals stad"),
        ],
    )
    .await;
    assert_eq!(cash.status, 303, "{}", cash.text);

    // Another municipality's economist neither sees the forms nor can post them.
    let p = log_in(&app, "partille.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        get(&app, &format!("{month}/ny/lokaler"), Some(&p))
            .await
            .status,
        404
    );
    assert_eq!(
        get(&app, &format!("{month}/post/lokaler/{id}"), Some(&p))
            .await
            .status,
        404
    );
    let p_csrf = hidden(&get(&app, "/", Some(&p)).await.text, "csrf");
    let forged = post(
        &app,
        &format!("{month}/ny/lokaler"),
        Some(&p),
        &[
            ("csrf", &p_csrf),
            ("month", "2013-03"),
            ("description", "Falsk"),
            ("monthly_cost", "1"),
            ("share_percent", "50"),
            ("financing", "cash"),
        ],
    )
    .await;
    assert_eq!(forged.status, 404, "{}", forged.text);
    assert_eq!(app.count("premises"), 1);

    // Once the month is approved, entries are corrected in an open month with a reason.
    let token = app.token("molndal.economist@plugin.example");
    let res = app
        .post(
            &format!("/api/v1/monthly-reports/{molndal}/2013-03/submit"),
            &token,
            json!({"version": 0}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let res = app
        .post(
            &format!("/api/v1/monthly-reports/{molndal}/2013-03/approve"),
            &app.token("gr.manager@plugin.example"),
            json!({"version": 1}),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let page = get(&app, &format!("{month}?vy=egen"), Some(&e)).await.text;
    assert!(
        page.contains(&format!("{month}/ratta/lokaler/{id}")) && !page.contains("/ny/lokaler"),
        "{page}"
    );
    let correct = get(&app, &format!("{month}/ratta/lokaler/{id}"), Some(&e)).await;
    assert_eq!(correct.status, 200);
    assert!(
        correct.text.contains("Rätta lokalkostnad från mars 2013")
            && correct.text.contains("Varför rättas posten?")
    );
    let fields = [
        ("csrf", csrf.as_str()),
        ("month", "2013-04"),
        ("description", "Kungsgatan 1"),
        ("monthly_cost", "-2000"),
        ("share_percent", "25"),
        ("financing", "cash"),
    ];
    let no_reason = post(
        &app,
        &format!("{month}/ratta/lokaler/{id}"),
        Some(&e),
        &[&fields[..], &[("reason", " ")]].concat(),
    )
    .await;
    assert_eq!(no_reason.status, 422);
    assert!(no_reason.text.contains("Skriv varför posten rättas."));
    let booked = post(
        &app,
        &format!("{month}/ratta/lokaler/{id}"),
        Some(&e),
        &[&fields[..], &[("reason", "Fel hyra i mars")]].concat(),
    )
    .await;
    assert_eq!(booked.status, 303, "{}", booked.text);
    let april = format!("/manad/{molndal}/2013-04");
    assert_eq!(
        header(&booked, "location"),
        format!("{april}?vy=egen&klart=rattad")
    );
    let page = get(&app, &format!("{april}?vy=egen"), Some(&e)).await.text;
    assert!(
        page.contains(&format!("Rättar post {id}: Fel hyra i mars"))
            && page.contains("\u{2212}500,00\u{a0}kr"),
        "{page}"
    );
}

async fn staff_and_salaries_are_added_in_pages(app: TestApp) {
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let list = get(&app, "/personal", Some(&e)).await;
    assert!(list.text.contains("href=\"/personal/ny\""));
    let form = get(&app, "/personal/ny", Some(&e)).await;
    assert_eq!(form.status, 200);
    let csrf = hidden(&form.text, "csrf");
    let missing = post(
        &app,
        "/personal/ny",
        Some(&e),
        &[
            ("csrf", &csrf),
            ("name", "Anna Berg"),
            ("employee_number", " "),
        ],
    )
    .await;
    assert_eq!(missing.status, 422);
    assert!(
        missing.text.contains("href=\"#employee_number\"")
            && missing.text.contains("value=\"Anna Berg\"")
    );
    assert_eq!(app.count("staff"), 0);
    let added = post(
        &app,
        "/personal/ny",
        Some(&e),
        &[
            ("csrf", &csrf),
            ("name", "Anna Berg"),
            ("employee_number", "P-7"),
        ],
    )
    .await;
    assert_eq!(added.status, 303, "{}", added.text);
    let member = header(&added, "location").to_string();
    assert!(member.ends_with("?klart=ny"));
    let id: i64 = member
        .trim_start_matches("/personal/")
        .trim_end_matches("?klart=ny")
        .parse()
        .unwrap();
    // The same number again is the use case's rule, at its field.
    let again = post(
        &app,
        "/personal/ny",
        Some(&e),
        &[
            ("csrf", &csrf),
            ("name", "Bo Ek"),
            ("employee_number", "P-7"),
        ],
    )
    .await;
    assert_eq!(again.status, 422, "{}", again.text);
    assert!(
        again.text.contains("href=\"#employee_number\""),
        "{}",
        again.text
    );

    let salary = format!("/personal/{id}/lon");
    assert_eq!(get(&app, &salary, Some(&e)).await.status, 200);
    let bad = post(
        &app,
        &salary,
        Some(&e),
        &[
            ("csrf", &csrf),
            ("valid_from", "2013-01"),
            ("monthly_salary", "trettiotusen"),
            ("employment_rate_percent", "100"),
        ],
    )
    .await;
    assert_eq!(bad.status, 422);
    assert!(bad.text.contains("href=\"#monthly_salary\""));
    let over = post(
        &app,
        &salary,
        Some(&e),
        &[
            ("csrf", &csrf),
            ("valid_from", "2013-01"),
            ("monthly_salary", "30 000"),
            ("employment_rate_percent", "150"),
        ],
    )
    .await;
    assert_eq!(over.status, 422, "{}", over.text);
    assert!(
        over.text.contains("href=\"#employment_rate_percent\""),
        "{}",
        over.text
    );
    let ok = post(
        &app,
        &salary,
        Some(&e),
        &[
            ("csrf", &csrf),
            ("valid_from", "2013-01"),
            ("monthly_salary", "30 000,00"),
            ("employment_rate_percent", "100"),
        ],
    )
    .await;
    assert_eq!(ok.status, 303, "{}", ok.text);
    let page = get(&app, &format!("/personal/{id}?ar=2013&klart=lon"), Some(&e))
        .await
        .text;
    assert!(
        page.contains("Löneraden är tillagd.") && page.contains("<strong>289,80\u{a0}kr</strong>"),
        "{page}"
    );

    // Partille can't add a salary record to Mölndal's staff.
    let p = log_in(&app, "partille.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let p_csrf = hidden(&get(&app, "/", Some(&p)).await.text, "csrf");
    let forged = post(
        &app,
        &salary,
        Some(&p),
        &[
            ("csrf", &p_csrf),
            ("valid_from", "2014-01"),
            ("monthly_salary", "1"),
            ("employment_rate_percent", "100"),
        ],
    )
    .await;
    assert_eq!(forged.status, 404, "{}", forged.text);
}

async fn the_yearly_cap_is_told_on_the_grid(app: TestApp) {
    // Half time from December only: the cap for 2013 is 1 720 × 50 % × 1/12 = 71,66 h.
    let staff = crate::timesheets::staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "P-1",
        json!({ "valid_from": "2013-12", "monthly_salary": "30000", "employment_rate_percent": "50" })).await;
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let grid_path = format!("/tidrapporter/{staff}/2013-12");
    let grid = get(&app, &grid_path, Some(&e)).await;
    let csrf = hidden(&grid.text, "csrf");
    let mut form: Vec<(String, String)> = vec![
        ("csrf".into(), csrf),
        ("finansiering".into(), "project".into()),
    ];
    for day in 2..=11 {
        form.push((format!("t{day}"), "8".into()));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = post(&app, &grid_path, Some(&e), &form).await;
    assert_eq!(res.status, 422, "{}", res.text);
    assert!(
        res.text
            .contains("Anställd P-1 skulle redovisa 80,00 timmar under 2013, över årstaket på"),
        "{}",
        res.text
    );
    assert!(!res.text.contains("would declare"), "in Swedish");
    assert_eq!(app.count("timesheets"), 0);
}

async fn the_staff_list_is_paged(app: TestApp) {
    let token = app.token("molndal.economist@plugin.example");
    for n in 0..101 {
        let res = app
            .post("/api/v1/staff", &token, json!({ "organisation_id": app.org_id("1481"), "name": format!("Anställd {n:03}"), "employee_number": format!("N-{n}") }))
            .await;
        assert_eq!(res.status, 201);
    }
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let first = get(&app, "/personal", Some(&e)).await.text;
    assert!(
        first.contains("101 personer")
            && first.contains("sida 1 av 2")
            && first.contains("Anställd 099")
            && !first.contains("Anställd 100"),
        "{first}"
    );
    assert!(first.contains("href=\"/personal?sida=2\"") && !first.contains("Föregående sida"));
    let second = get(&app, "/personal?sida=2", Some(&e)).await.text;
    assert!(
        second.contains("Anställd 100")
            && !second.contains("Anställd 099")
            && second.contains("Föregående sida")
    );
}

async fn unreadable_forms_and_addresses_get_a_page(app: TestApp) {
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let molndal = app.org_id("1481");
    // A chain step without its version, a timesheet step with a version that is no
    // number, an upload that is no multipart form, an address with a word for an id.
    for (path, body) in [
        (format!("/manad/{molndal}/2013-03/skicka-in"), "csrf=x"),
        (
            "/tidrapporter/1/2013-03/signera".to_string(),
            "csrf=x&version=sju",
        ),
        ("/excel".to_string(), "csrf=x&typ=timesheets"),
        (
            "/tidrapporter/1/2013-03".to_string(),
            "csrf=x&finansiering=gratis&t4=8",
        ),
        (
            "/tidrapporter/1/2013-03".to_string(),
            "csrf=x&version=ny&t4=8",
        ),
    ] {
        let req = TestRequest::post()
            .uri(&path)
            .insert_header(("Cookie", e.clone()))
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .set_payload(body);
        let res = app.send(req.to_request()).await;
        assert_eq!(res.status, 400, "{path}: {}", res.text);
        assert!(
            res.text.contains("Formuläret gick inte att läsa")
                && res.text.contains("<html lang=\"sv\">"),
            "{path}: {}",
            res.text
        );
    }
    let res = get(&app, "/personal/abc", Some(&e)).await;
    assert_eq!(res.status, 404);
    assert!(res.text.contains("Sidan finns inte"));
    let res = get(&app, "/logg?sida=en", Some(&e)).await;
    assert_eq!(res.status, 400);
    assert!(res.text.contains("Formuläret gick inte att läsa"));
    assert_eq!(app.count("monthly_reports"), 0);
}

fn as_refs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

async fn participants_attendance_and_compensation_in_pages(app: TestApp) {
    let number = crate::participants::pnr("950412", "238");
    let last = number.chars().last().unwrap().to_digit(10).unwrap();
    let mistyped = format!("{}{}", &number[..number.len() - 1], (last + 1) % 10);
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let form = get(&app, "/deltagare/ny", Some(&e)).await;
    assert_eq!(form.status, 200);
    let csrf = hidden(&form.text, "csrf");
    let fields = |n: &str| -> Vec<(String, String)> {
        [
            ("csrf", csrf.as_str()),
            ("id_kind", "personnummer"),
            ("identity_number", n),
            ("start_date", "2013-02-04"),
            ("status_at_start", "dropped_out"),
            ("education_level", "isced_0_2"),
            ("labour_status", "inactive"),
            ("in_education_at_start", "nej"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    };
    let bad = fields(&mistyped);
    let res = post(&app, "/deltagare/ny", Some(&e), &as_refs(&bad)).await;
    assert_eq!(res.status, 422, "{}", res.text);
    assert!(
        res.text.contains("href=\"#identity_number\"")
            && res.text.contains("har fel kontrollsiffra"),
        "{}",
        res.text
    );
    assert_eq!(app.count("enrolments"), 0);
    let good = fields(&number);
    let res = post(&app, "/deltagare/ny", Some(&e), &as_refs(&good)).await;
    assert_eq!(res.status, 303, "{}", res.text);
    let page = get(&app, header(&res, "location"), Some(&e)).await.text;
    let full = format!("19{number}");
    assert!(
        page.contains("Deltagaren är inskriven.")
            && page.contains(&full)
            && page.contains("Kvinna"),
        "{page}"
    );

    // Attendance for March: an unreadable value, then hours.
    let grid = get(&app, "/narvaro?manad=2013-03", Some(&e)).await;
    assert!(grid.text.contains(&full), "{}", grid.text);
    let enrolment = app
        .get(
            "/api/v1/participants",
            &app.token("molndal.economist@plugin.example"),
        )
        .await
        .body["items"][0]["id"]
        .as_i64()
        .unwrap();
    let key = format!("h{enrolment}");
    let res = post(
        &app,
        "/narvaro?manad=2013-03",
        Some(&e),
        &[("csrf", &csrf), (&key, "tolv")],
    )
    .await;
    assert_eq!(res.status, 422);
    assert!(res.text.contains(&format!("href=\"#{key}\"")));
    let res = post(
        &app,
        "/narvaro?manad=2013-03",
        Some(&e),
        &[("csrf", &csrf), (&key, "12,5")],
    )
    .await;
    assert_eq!(res.status, 303, "{}", res.text);
    assert!(get(&app, "/narvaro?manad=2013-03", Some(&e))
        .await
        .text
        .contains("value=\"12,5\""));

    // Compensation without a certificate waits; confirmed, it counts.
    let form = get(&app, "/ersattning/ny?manad=2013-03", Some(&e)).await;
    assert_eq!(form.status, 200);
    let id = enrolment.to_string();
    let res = post(
        &app,
        "/ersattning/ny",
        Some(&e),
        &[
            ("csrf", &csrf),
            ("enrolment_id", &id),
            ("month", "2013-03"),
            ("kind", "youth_compensation"),
            ("amount", "1 200,00"),
            ("payer", "Mölndals stad"),
            ("certificate_confirmed", "nej"),
        ],
    )
    .await;
    assert_eq!(res.status, 303, "{}", res.text);
    let list = get(&app, "/ersattning?manad=2013-03", Some(&e)).await.text;
    assert!(
        list.contains("1\u{a0}200,00\u{a0}kr")
            && list.contains("Väntar")
            && list.contains("Bekräfta intyget"),
        "{list}"
    );
    let comp = app
        .get(
            "/api/v1/compensation?month=2013-03",
            &app.token("molndal.economist@plugin.example"),
        )
        .await;
    let (cid, version) = (
        comp.body["items"][0]["id"].as_i64().unwrap(),
        comp.body["items"][0]["version"].to_string(),
    );
    let res = post(
        &app,
        &format!("/ersattning/{cid}/bekrafta"),
        Some(&e),
        &[("csrf", &csrf), ("version", &version)],
    )
    .await;
    assert_eq!(res.status, 303, "{}", res.text);
    assert!(get(&app, header(&res, "location"), Some(&e))
        .await
        .text
        .contains("Bekräftat: räknas"));

    // The region sees the participant masked, another municipality not at all.
    let g = log_in(&app, "gr.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let list = get(&app, "/deltagare", Some(&g)).await.text;
    assert!(
        list.contains("19950412-****") && !list.contains(&full),
        "{list}"
    );
    let p = log_in(&app, "partille.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    assert!(!get(&app, "/deltagare", Some(&p))
        .await
        .text
        .contains("19950412"));
}

async fn an_admin_manages_users_in_pages(app: TestApp) {
    let a = log_in(&app, "skl.admin@plugin.example", PASSWORD)
        .await
        .unwrap();
    let list = get(&app, "/admin/anvandare", Some(&a)).await;
    assert_eq!(list.status, 200);
    assert!(
        list.text.contains("Ekonom Mölndal") && list.text.contains("href=\"/admin/anvandare/ny\"")
    );
    let form = get(&app, "/admin/anvandare/ny", Some(&a)).await;
    let csrf = hidden(&form.text, "csrf");
    let molndal = app.org_id("1481").to_string();
    // An admin role outside the owner, and a weak password: both named, nothing made.
    let before = app.count("users");
    let res = post(
        &app,
        "/admin/anvandare/ny",
        Some(&a),
        &[
            ("csrf", &csrf),
            ("organisation_id", &molndal),
            ("name", "Eva Ny"),
            ("email", "eva.ny@molndal.example"),
            ("roles", "economist"),
            ("roles", "admin"),
            ("password", "lösenord1"),
        ],
    )
    .await;
    assert_eq!(res.status, 422, "{}", res.text);
    assert!(
        res.text.contains("href=\"#roles\"") || res.text.contains("href=\"#password\""),
        "{}",
        res.text
    );
    assert!(
        !res.text.contains("lösenord1"),
        "the password is not sent back"
    );
    assert_eq!(app.count("users"), before);
    let res = post(
        &app,
        "/admin/anvandare/ny",
        Some(&a),
        &[
            ("csrf", &csrf),
            ("organisation_id", &molndal),
            ("name", "Eva Ny"),
            ("email", "eva.ny@molndal.example"),
            ("roles", "economist"),
            ("roles", "manager"),
            ("password", "Kvarnbyn-Forsen-2013"),
        ],
    )
    .await;
    assert_eq!(res.status, 303, "{}", res.text);
    let page_path = header(&res, "location")
        .trim_end_matches("?klart=ny")
        .to_string();
    let page = get(&app, header(&res, "location"), Some(&a)).await.text;
    assert!(
        page.contains("Användaren är skapad.") && page.contains("Ekonom, Chef"),
        "{page}"
    );

    let eva = log_in(&app, "eva.ny@molndal.example", "Kvarnbyn-Forsen-2013")
        .await
        .expect("Eva logs in");
    assert_eq!(get(&app, "/", Some(&eva)).await.status, 200);
    let version = hidden(&page, "version");
    let res = post(
        &app,
        &format!("{page_path}/stang-av"),
        Some(&a),
        &[("csrf", &csrf), ("version", &version)],
    )
    .await;
    assert_eq!(res.status, 303, "{}", res.text);
    let next = get(&app, "/", Some(&eva)).await;
    assert_eq!(next.status, 303, "a disabled user's session is refused");
    assert_eq!(header(&next, "location"), "/logga-in");

    let page = get(&app, "/admin/kontroll", Some(&a)).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("Kontrollera nu") && !page.text.contains("Allt stämmer"));
    let check = get(&app, "/admin/kontroll?kor=ja", Some(&a)).await;
    assert_eq!(check.status, 200, "{}", check.text);
    assert!(
        check.text.contains("Allt stämmer: inga avvikelser."),
        "{}",
        check.text
    );

    // Not for others: an economist gets no link and no page.
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    assert!(!get(&app, "/", Some(&e))
        .await
        .text
        .contains("/admin/anvandare"));
    let refused = get(&app, "/admin/anvandare", Some(&e))
        .await
        .status
        .as_u16();
    assert!(refused == 403 || refused == 404, "{refused}");
}

async fn the_scb_month_in_pages(app: TestApp) {
    let e = app.token("molndal.economist@plugin.example");
    let number = crate::participants::pnr("950412", "238");
    let res = app
        .post(
            "/api/v1/participants",
            &e,
            crate::participants::enrolment(app.org_id("1481"), &number, "2013-02-04"),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let enrolment = res.body["id"].as_i64().unwrap();
    let res = app
        .put(
            "/api/v1/attendance",
            &e,
            json!({ "enrolment_id": enrolment, "month": "2013-03", "hours": "12.5" }),
        )
        .await;
    assert!(res.status.is_success(), "{}", res.text);

    let a = log_in(&app, "skl.admin@plugin.example", PASSWORD)
        .await
        .unwrap();
    assert!(get(&app, "/", Some(&a))
        .await
        .text
        .contains("href=\"/scb\""));
    let page = get(&app, "/scb?manad=2013-03", Some(&a)).await;
    assert_eq!(page.status, 200, "{}", page.text);
    let t = &page.text;
    assert!(
        t.contains("Inte skickad än.")
            && t.contains(&format!("19{}", number.replace('-', "")))
            && t.contains("12,50"),
        "{t}"
    );
    assert!(
        t.contains("<th scope=\"row\">Deltagare under månaden</th><td>1</td><td>0</td><td>1</td>"),
        "{t}"
    );
    let file = get(&app, "/scb/2013-03/fil", Some(&a)).await;
    assert_eq!(file.status, 200);
    assert!(header(&file, "content-disposition").contains(".xlsx"));
    assert!(get(&app, "/scb?manad=2013-03", Some(&a))
        .await
        .text
        .contains("Skickad (filen hämtad)"));
    // A later correction puts the month on the list to send again.
    let current = app.get("/api/v1/attendance?month=2013-03", &e).await;
    let version = current.body["items"][0]["version"].clone();
    let res = app.put("/api/v1/attendance", &e, json!({ "enrolment_id": enrolment, "month": "2013-03", "hours": "10", "version": version })).await;
    assert!(res.status.is_success(), "{}", res.text);
    let again = get(&app, "/scb?manad=2013-04", Some(&a)).await.text;
    assert!(
        again.contains("Att skicka igen") && again.contains("href=\"/scb?manad=2013-03\""),
        "{again}"
    );
    // A month not yet open says when it opens.
    assert!(get(&app, "/scb?manad=2099-01", Some(&a))
        .await
        .text
        .contains("öppnar 2099-02-01"));
    // Not for a municipality's economist.
    let m = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    assert!(!get(&app, "/", Some(&m))
        .await
        .text
        .contains("href=\"/scb\""));
    assert_eq!(get(&app, "/scb?manad=2013-03", Some(&m)).await.status, 403);
}

async fn a_claim_in_pages(app: TestApp) {
    crate::claims::project_from_2013(&app, json!({})).await;
    crate::claims::january(&app).await;
    let m = log_in(&app, "skl.manager@plugin.example", PASSWORD)
        .await
        .unwrap();
    let molndal = app.org_id("1481");
    let page = get(&app, "/ansokningar?till=2013-01", Some(&m)).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        page.text.contains("Nästa ansökan börjar med januari 2013")
            && page.text.contains("inte sammanställda"),
        "{}",
        page.text
    );
    assert!(
        page.text
            .contains(&format!("href=\"/manad/{molndal}/2013-01\"")),
        "the blocking month is linked: {}",
        page.text
    );
    assert!(!page.text.contains("Gör ett utkast"));

    crate::claims::consolidate(
        &app,
        "2013-01",
        &[("1481", "molndal"), ("1402", "partille")],
    )
    .await;
    let page = get(&app, "/ansokningar?till=2013-01", Some(&m)).await;
    assert!(page.text.contains("ansökan kan göras"), "{}", page.text);
    let csrf = hidden(&page.text, "csrf");
    let made = post(
        &app,
        "/ansokningar",
        Some(&m),
        &[("csrf", &csrf), ("from", "2013-01"), ("to", "2013-01")],
    )
    .await;
    assert_eq!(made.status, 303, "{}", made.text);
    let claim_path = header(&made, "location").to_string();
    let draft = get(&app, &claim_path, Some(&m)).await.text;
    assert!(
        draft.contains("Utkast till ansökan, januari 2013")
            && draft.contains("34\u{a0}776,00\u{a0}kr"),
        "{draft}"
    );
    assert!(
        draft.contains("avgör"),
        "the deciding limit is named: {draft}"
    );
    let lines = get(
        &app,
        &format!("{claim_path}/rader?kategori=staff"),
        Some(&m),
    )
    .await;
    assert_eq!(lines.status, 200);
    assert!(
        lines.text.contains("34\u{a0}776,00\u{a0}kr") && !lines.text.contains("10\u{a0}000,00"),
        "{}",
        lines.text
    );
    let book = get(&app, &format!("{claim_path}/arbetsbok"), Some(&m)).await;
    assert_eq!(book.status, 200);
    assert!(header(&book, "content-disposition").contains(".xlsx"));

    let check = get(&app, &format!("{claim_path}/utfarda"), Some(&m)).await;
    assert!(
        check.text.contains("Kontrollera innan du utfärdar")
            && check.text.contains("2013-01 – 2013-01")
    );
    let version = hidden(&check.text, "version");
    let bad = post(
        &app,
        &format!("{claim_path}/utfarda"),
        Some(&m),
        &[("csrf", &csrf), ("version", &version), ("sent_on", "igår")],
    )
    .await;
    assert_eq!(bad.status, 422);
    assert!(bad.text.contains("ÅÅÅÅ-MM-DD"));
    let issued = post(
        &app,
        &format!("{claim_path}/utfarda"),
        Some(&m),
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("sent_on", "2013-02-10"),
        ],
    )
    .await;
    assert_eq!(issued.status, 303, "{}", issued.text);
    let page = get(&app, header(&issued, "location"), Some(&m)).await.text;
    assert!(
        page.contains("Ansökan nr 1")
            && page.contains("skickad 2013-02-10")
            && !page.contains("Räkna om"),
        "{page}"
    );

    // The payment: an amount above the request is the use case's rule; then recorded.
    let id = claim_path.trim_start_matches("/ansokningar/");
    let form = get(&app, &format!("{claim_path}/utbetalning"), Some(&m)).await;
    assert_eq!(form.status, 200);
    let bad = post(
        &app,
        &format!("{claim_path}/utbetalning"),
        Some(&m),
        &[
            ("csrf", &csrf),
            ("amount", "99 999 999"),
            ("paid_on", "2013-03-01"),
        ],
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert!(bad.text.contains("href=\"#amount\""));
    let paid = post(
        &app,
        &format!("{claim_path}/utbetalning"),
        Some(&m),
        &[
            ("csrf", &csrf),
            ("amount", "20 000,00"),
            ("paid_on", "2013-03-01"),
        ],
    )
    .await;
    assert_eq!(paid.status, 303, "{}", paid.text);
    let d = get(&app, &format!("/utbetalningar/{id}"), Some(&m))
        .await
        .text;
    assert!(
        d.contains("20\u{a0}000,00\u{a0}kr")
            && d.contains("Mölndal")
            && d.contains("Partille")
            && d.contains("Summa av de visade"),
        "{d}"
    );
    let sm = get(
        &app,
        &format!("/utbetalningar/{id}/besked?organisation={molndal}"),
        Some(&m),
    )
    .await
    .text;
    assert!(
        sm.contains("Besked för Mölndal") && sm.contains("ESF betalade"),
        "{sm}"
    );

    // A municipality's economist reads no claims, but sees Mölndal's part only.
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    assert!(!get(&app, "/", Some(&e)).await.text.contains("/ansokningar"));
    assert_eq!(get(&app, "/ansokningar", Some(&e)).await.status, 403);
    assert!(get(&app, "/utbetalningar", Some(&e))
        .await
        .text
        .contains(&format!("href=\"/utbetalningar/{id}\"")));
    let d = get(&app, &format!("/utbetalningar/{id}"), Some(&e))
        .await
        .text;
    assert!(d.contains("Mölndal") && !d.contains("Partille"), "{d}");
    assert!(get(&app, &format!("/utbetalningar/{id}/besked"), Some(&e))
        .await
        .text
        .contains("Besked för Mölndal"));
    let book = get(
        &app,
        &format!("/utbetalningar/{id}/besked/arbetsbok"),
        Some(&e),
    )
    .await;
    assert_eq!(book.status, 200);
    let partille = app.org_id("1402");
    assert_eq!(
        get(
            &app,
            &format!("/utbetalningar/{id}/besked?organisation={partille}"),
            Some(&e)
        )
        .await
        .status,
        404
    );
}

async fn an_admin_edits_organisations_in_pages(app: TestApp) {
    let a = log_in(&app, "skl.admin@plugin.example", PASSWORD)
        .await
        .unwrap();
    let list = get(&app, "/admin/organisationer", Some(&a)).await;
    assert_eq!(list.status, 200);
    let partille = app.org_id("1402");
    assert!(
        list.text
            .contains(&format!("href=\"/admin/organisationer/{partille}\""))
            && list.text.contains("Region Jämtland")
    );
    let form = get(&app, &format!("/admin/organisationer/{partille}"), Some(&a)).await;
    assert!(
        form.text.contains("value=\"Partille\"") && form.text.contains("value=\"1402\""),
        "{}",
        form.text
    );
    let csrf = hidden(&form.text, "csrf");
    let version = hidden(&form.text, "version");
    let gr = app.org_id("GR").to_string();
    let bad = post(
        &app,
        &format!("/admin/organisationer/{partille}"),
        Some(&a),
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("name", "Partille kommun"),
            ("code", "1402"),
            ("municipality_code", "12"),
            ("parent_id", &gr),
        ],
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert!(
        bad.text.contains("href=\"#municipality_code\""),
        "{}",
        bad.text
    );
    let ok = post(
        &app,
        &format!("/admin/organisationer/{partille}"),
        Some(&a),
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("name", "Partille kommun"),
            ("code", "1402"),
            ("municipality_code", "1402"),
            ("parent_id", &gr),
        ],
    )
    .await;
    assert_eq!(ok.status, 303, "{}", ok.text);
    assert!(get(&app, "/admin/organisationer?klart=1", Some(&a))
        .await
        .text
        .contains("Partille kommun"));
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let e_csrf = hidden(&get(&app, "/", Some(&e)).await.text, "csrf");
    let refused = post(
        &app,
        &format!("/admin/organisationer/{partille}"),
        Some(&e),
        &[
            ("csrf", &e_csrf),
            ("version", &version),
            ("name", "Kapad"),
            ("code", "1402"),
            ("parent_id", &gr),
        ],
    )
    .await;
    assert!(
        refused.status == 403 || refused.status == 404,
        "{}",
        refused.status
    );
}

/// Statistik for a region: its municipalities' counts, the chart beside the table, the
/// workbook for the same choice; a bad month names the field; another region's
/// organisation is out of sight.
async fn statistics_in_pages(app: TestApp) {
    use crate::participants::{enrolment, pnr};
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
            pnr("900705", "251"),
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
    ] {
        let res = app
            .post(
                "/api/v1/participants",
                &app.token(email),
                enrolment(app.org_id(code), &number, start),
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.text);
    }
    let gr = log_in(&app, "gr.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    assert!(get(&app, "/", Some(&gr))
        .await
        .text
        .contains("href=\"/statistik\""));
    let page = get(&app, "/statistik?fran=2013-01&till=2013-03", Some(&gr)).await;
    assert_eq!(page.status, 200, "{}", page.text);
    let t = &page.text;
    // GR: Mölndal two, Partille one; Strömsund (Jämtland) is not GR's.
    assert!(
        t.contains("<th scope=\"row\">Deltagare under perioden</th><td class=\"num\">3</td>"),
        "{t}"
    );
    assert!(t.contains("<tr><th scope=\"row\">2013-03</th><td class=\"num\">1</td><td class=\"num\">2</td><td class=\"num\">3</td>"), "{t}");
    assert!(!t.contains("Strömsund"), "{t}");
    assert!(t.contains("Mölndal") && t.contains("Partille"));
    // Charts are inline SVG, one labelled image each, with no inline style.
    assert_eq!(t.matches("<svg role=\"img\"").count(), 4, "{t}");
    assert!(t.contains("aria-label=\"Deltagare per månad, kvinnor och män\""));
    assert!(!t.contains("style="));
    assert!(t.contains("– (inga avslut)"));
    let book = get(
        &app,
        "/statistik/arbetsbok?fran=2013-01&till=2013-03",
        Some(&gr),
    )
    .await;
    assert_eq!(book.status, 200);
    assert!(header(&book, "content-disposition").contains("deltagarstatistik-2013-01-2013-03.xlsx"));
    // A municipality drills down from the region's table.
    let molndal = app.org_id("1481");
    let down = get(
        &app,
        &format!("/statistik?organisation={molndal}&fran=2013-01&till=2013-03"),
        Some(&gr),
    )
    .await;
    assert_eq!(down.status, 200);
    assert!(
        down.text.contains("<h1>Deltagarstatistik: Mölndal</h1>"),
        "{}",
        down.text
    );
    assert!(!down.text.contains("id=\"per-del\""));
    // Bad periods name the field, in Swedish.
    let bad = get(&app, "/statistik?fran=2013-13", Some(&gr)).await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.text
            .contains("Från månad: 2013-13 är inte en månad; skriv ÅÅÅÅ-MM."),
        "{}",
        bad.text
    );
    let reversed = get(&app, "/statistik?fran=2013-05&till=2013-02", Some(&gr)).await;
    assert_eq!(reversed.status, 422);
    assert!(
        reversed
            .text
            .contains("Till och med månad: 2013-02 är före från-månaden 2013-05."),
        "{}",
        reversed.text
    );
    // Another region's municipality answers as missing.
    let stromsund = app.org_id("2313");
    assert_eq!(
        get(
            &app,
            &format!("/statistik?organisation={stromsund}"),
            Some(&gr)
        )
        .await
        .status,
        404
    );
    assert_eq!(
        get(
            &app,
            &format!("/statistik/arbetsbok?organisation={stromsund}"),
            Some(&gr)
        )
        .await
        .status,
        404
    );
    // Without a session: to the login page.
    assert_eq!(get(&app, "/statistik", None).await.status, 303);
}

/// Budget: SKL's admin sets a line through the form (a bad amount first), reads it in the
/// list and changes it; the whole budget is read from a workbook on Excel in; the
/// follow-up shows budget, actual, burn and, in Swedish, the co-financing warning;
/// GR's manager sees its part without the admin's links and may not set a line.
async fn budget_in_pages(app: TestApp) {
    use crate::excel::{sheet_workbook, t, Cell};
    let (molndal, partille) = (app.org_id("1481"), app.org_id("1402"));
    for (who, org, amount, cash) in [
        ("molndal", molndal, "20000", "5000"),
        ("partille", partille, "10000", "10000"),
    ] {
        let e = app.token(&format!("{who}.economist@plugin.example"));
        let res = app.post("/api/v1/other-costs", &e, json!({ "organisation_id": org, "date": "2013-02-05", "category": "services",
            "amount": amount, "supplier": "Konsult AB", "voucher_number": "B-1", "description": "Handledning" })).await;
        assert_eq!(res.status, 201, "{}", res.text);
        let res = app
            .post(
                "/api/v1/cash-cofinancing",
                &e,
                json!({ "organisation_id": org, "month": "2013-02", "kind": "public_cash",
            "amount": cash, "paid_by": "Arbetsförmedlingen" }),
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.text);
    }
    let a = log_in(&app, "skl.admin@plugin.example", PASSWORD)
        .await
        .unwrap();
    let csrf = hidden(&get(&app, "/budget/rader/ny", Some(&a)).await.text, "csrf");
    let m = molndal.to_string();
    let bad = post(
        &app,
        "/budget/rader/ny",
        Some(&a),
        &[
            ("csrf", &csrf),
            ("organisation_id", &m),
            ("year", "2013"),
            ("category", "services"),
            ("amount", "-5"),
        ],
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert!(bad.text.contains("href=\"#amount\""), "{}", bad.text);
    let ok = post(
        &app,
        "/budget/rader/ny",
        Some(&a),
        &[
            ("csrf", &csrf),
            ("organisation_id", &m),
            ("year", "2013"),
            ("category", "services"),
            ("amount", "30 000,00"),
        ],
    )
    .await;
    assert_eq!(ok.status, 303, "{}", ok.text);
    assert_eq!(header(&ok, "location"), "/budget/rader?ar=2013&klart=1");
    let list = get(&app, "/budget/rader?ar=2013&klart=1", Some(&a))
        .await
        .text;
    assert!(list.contains("Budgetraden är sparad."), "{list}");
    assert!(list.contains("<th scope=\"row\">Mölndal</th><td>Köp av tjänst</td><td class=\"num\">30\u{a0}000,00\u{a0}kr</td>"), "{list}");
    // Changing it: the form carries the line's amount and version.
    let edit = get(
        &app,
        &format!("/budget/rader/ny?organisation={m}&ar=2013&kategori=services"),
        Some(&a),
    )
    .await
    .text;
    assert!(
        edit.contains("value=\"30000,00\"") && edit.contains("name=\"version\" value=\"1\""),
        "{edit}"
    );
    let changed = post(
        &app,
        "/budget/rader/ny",
        Some(&a),
        &[
            ("csrf", &csrf),
            ("organisation_id", &m),
            ("year", "2013"),
            ("category", "services"),
            ("amount", "40000"),
            ("version", "1"),
        ],
    )
    .await;
    assert_eq!(changed.status, 303, "{}", changed.text);
    // A stale version is refused, nothing written.
    let stale = post(
        &app,
        "/budget/rader/ny",
        Some(&a),
        &[
            ("csrf", &csrf),
            ("organisation_id", &m),
            ("year", "2013"),
            ("category", "services"),
            ("amount", "1"),
            ("version", "1"),
        ],
    )
    .await;
    assert_eq!(stale.status, 422, "{}", stale.text);
    assert!(
        stale
            .text
            .contains("Någon annan ändrade uppgifterna samtidigt."),
        "{}",
        stale.text
    );
    // The whole budget from a workbook, through Excel in.
    let page = get(&app, "/excel", Some(&a)).await.text;
    assert!(page.contains("href=\"/excel/mall/budget\""), "{page}");
    let book = sheet_workbook(
        "Budget",
        &esf_ledger::excel::budget::HEADERS,
        &[vec![
            t("1402"),
            Cell::Number(2013.0),
            t("Köp av tjänst"),
            Cell::Number(8000.0),
        ]],
    );
    let template = get(&app, "/excel/mall/budget", Some(&a)).await;
    assert_eq!(template.status, 200);
    let up = upload_form(&app, &a, &csrf, "budget", "budget.xlsx", &book).await;
    assert!(
        up.status == 303 || up.status == 200,
        "{} {}",
        up.status,
        up.text
    );
    let year = get(&app, "/budget/rader?ar=2013", Some(&a)).await.text;
    assert!(year.contains("<th scope=\"row\">Partille</th><td>Köp av tjänst</td><td class=\"num\">8\u{a0}000,00\u{a0}kr</td>"), "{year}");
    assert!(year.contains("<th scope=\"row\">Summa 2013</th><td></td><td class=\"num\">48\u{a0}000,00\u{a0}kr</td>"), "{year}");

    // GR's manager follows up GR's part: Partille overspent, both short of co-financing.
    let g = log_in(&app, "gr.manager@plugin.example", PASSWORD)
        .await
        .unwrap();
    let f = get(&app, "/budget?ar=2013", Some(&g)).await;
    assert_eq!(f.status, 200, "{}", f.text);
    let t = &f.text;
    assert!(
        t.contains("<h1>Budgetuppföljning: Göteborgsregionens kommunalförbund (GR)</h1>"),
        "{t}"
    );
    assert!(
        t.contains("<th scope=\"row\">Kostnadsbudget</th><td>48\u{a0}000,00\u{a0}kr</td>"),
        "{t}"
    );
    assert!(
        t.contains("<th scope=\"row\">Utfall</th><td>30\u{a0}000,00\u{a0}kr</td>"),
        "{t}"
    );
    assert!(t.contains("Medfinansieringen är 25,0\u{a0}% av de stödberättigande kostnaderna; beviljandet kräver 50\u{a0}%."), "{t}");
    assert!(
        t.contains("<td class=\"num over\">\u{2212}2\u{a0}000,00\u{a0}kr</td>"),
        "{t}"
    );
    assert!(!t.contains("co-financing is"), "English leaked: {t}");
    assert_eq!(t.matches("<svg role=\"img\"").count(), 3, "{t}");
    assert!(!t.contains("href=\"/budget/rader/ny\""));
    let book = get(&app, "/budget/arbetsbok?ar=2013", Some(&g)).await;
    assert_eq!(book.status, 200);
    assert!(
        header(&book, "content-disposition").contains("budgetuppfoljning-GR-2013.xlsx"),
        "{}",
        header(&book, "content-disposition")
    );
    assert_eq!(get(&app, "/budget/rader/ny", Some(&g)).await.status, 403);
    let gcsrf = hidden(&get(&app, "/budget", Some(&g)).await.text, "csrf");
    let refused = post(
        &app,
        "/budget/rader/ny",
        Some(&g),
        &[
            ("csrf", &gcsrf),
            ("organisation_id", &m),
            ("year", "2013"),
            ("category", "services"),
            ("amount", "1"),
        ],
    )
    .await;
    assert!(
        refused.status == 403 || refused.status == 422,
        "{} {}",
        refused.status,
        refused.text
    );
    assert!(!get(&app, "/excel", Some(&g))
        .await
        .text
        .contains("/excel/mall/budget"));
    let lines = app
        .get(
            "/api/v1/budgets?year=2013",
            &app.token("skl.admin@plugin.example"),
        )
        .await;
    assert_eq!(
        lines.body.as_array().map(Vec::len),
        Some(2),
        "{}",
        lines.text
    );
    // Outside the project's years: the field is named.
    let bad = get(&app, "/budget?ar=2099", Some(&g)).await;
    assert_eq!(bad.status, 422);
}

/// SKL's admin sets the project's terms and the social-fee table, and creates an
/// organisation, each through its form with the use case's rules at their fields;
/// GR's manager may do none of it.
async fn an_admin_sets_the_project_fees_and_organisations_in_pages(app: TestApp) {
    let a = log_in(&app, "skl.admin@plugin.example", PASSWORD)
        .await
        .unwrap();
    let admin = app.token("skl.admin@plugin.example");
    let before = app.get("/api/v1/project", &admin).await.body;
    let form = get(&app, "/admin/projekt", Some(&a)).await;
    assert_eq!(form.status, 200, "{}", form.text);
    let name = before["name"].as_str().unwrap();
    assert!(
        form.text.contains(&format!("value=\"{name}\"")),
        "{}",
        form.text
    );
    let csrf = hidden(&form.text, "csrf");
    let version = hidden(&form.text, "version");
    let mut fields: Vec<(String, String)> = [
        "name",
        "esf_case_number",
        "start_date",
        "end_date",
        "support_rate_percent",
        "approved_esf_budget",
        "total_budget",
        "indirect_rate_percent",
        "indirect_base",
        "distribution_key",
        "required_cofinancing_percent",
    ]
    .iter()
    .map(|k| (k.to_string(), hidden_or_chosen(&form.text, k)))
    .collect();
    fields.push(("csrf".into(), csrf.clone()));
    fields.push(("version".into(), version.clone()));
    let with = |changes: &[(&str, &str)]| {
        let mut f = fields.clone();
        for (k, v) in changes {
            f.retain(|(n, _)| n != k);
            f.push((k.to_string(), v.to_string()));
        }
        f
    };
    // Bad input, one rule each, nothing written.
    for (field, value) in [
        ("support_rate_percent", "femtio"),
        ("end_date", "2010-01-01"),
        ("name", ""),
    ] {
        let f = with(&[(field, value)]);
        let bad = post(&app, "/admin/projekt", Some(&a), &as_refs(&f)).await;
        assert_eq!(bad.status, 422, "{field}: {}", bad.text);
        assert!(
            bad.text.contains(&format!("href=\"#{field}\"")),
            "{field}: {}",
            bad.text
        );
    }
    assert_eq!(
        app.get("/api/v1/project", &admin).await.body["version"],
        before["version"]
    );
    let f = with(&[
        ("name", "Plug In 2.0"),
        ("required_cofinancing_percent", "45,5"),
    ]);
    let ok = post(&app, "/admin/projekt", Some(&a), &as_refs(&f)).await;
    assert_eq!(ok.status, 303, "{}", ok.text);
    let after = app.get("/api/v1/project", &admin).await.body;
    assert_eq!(after["name"], "Plug In 2.0");
    assert_eq!(after["required_cofinancing_percent"], "45.5");
    assert_eq!(
        after["support_rate_percent"],
        before["support_rate_percent"]
    );
    let again = get(&app, "/admin/projekt?klart=1", Some(&a)).await.text;
    assert!(
        again.contains("Inställningarna är sparade.") && again.contains("value=\"45,5\""),
        "{again}"
    );

    // The social-fee table.
    let table = get(&app, "/admin/arbetsgivaravgifter", Some(&a)).await;
    assert_eq!(table.status, 200);
    let bad = post(
        &app,
        "/admin/arbetsgivaravgifter/ny",
        Some(&a),
        &[
            ("csrf", &csrf),
            ("year", "2015"),
            ("employer_kind", "other"),
            ("rate_percent", "31,42"),
            ("source", "Egen"),
        ],
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert!(bad.text.contains("href=\"#employer_kind\""), "{}", bad.text);
    let bad = post(
        &app,
        "/admin/arbetsgivaravgifter/ny",
        Some(&a),
        &[
            ("csrf", &csrf),
            ("year", "tjugo"),
            ("employer_kind", "county_council"),
            ("rate_percent", "31,42"),
            ("source", "Egen"),
        ],
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert!(bad.text.contains("href=\"#year\""), "{}", bad.text);
    let ok = post(
        &app,
        "/admin/arbetsgivaravgifter/ny",
        Some(&a),
        &[
            ("csrf", &csrf),
            ("year", "2015"),
            ("employer_kind", "county_council"),
            ("rate_percent", "40,11"),
            ("source", "SKL:s cirkulär 14:61"),
        ],
    )
    .await;
    assert_eq!(ok.status, 303, "{}", ok.text);
    let table = get(&app, "/admin/arbetsgivaravgifter?klart=1", Some(&a))
        .await
        .text;
    assert!(
        table.contains("Satsen är sparad.")
            && table.contains("40,11\u{a0}%")
            && table.contains("SKL:s cirkulär 14:61"),
        "{table}"
    );
    let edit = get(
        &app,
        "/admin/arbetsgivaravgifter/ny?ar=2015&slag=county_council",
        Some(&a),
    )
    .await
    .text;
    assert!(
        edit.contains("value=\"40,11\"") && edit.contains("name=\"version\" value=\"1\""),
        "{edit}"
    );
    let changed = post(
        &app,
        "/admin/arbetsgivaravgifter/ny",
        Some(&a),
        &[
            ("csrf", &csrf),
            ("year", "2015"),
            ("employer_kind", "county_council"),
            ("rate_percent", "40,2"),
            ("source", "Rättad"),
            ("version", "1"),
        ],
    )
    .await;
    assert_eq!(changed.status, 303, "{}", changed.text);
    let rates = app.get("/api/v1/social-fee-rates", &admin).await;
    assert!(
        rates.text.contains("\"rate_percent\":\"40.2\""),
        "{}",
        rates.text
    );

    // A new municipality under GR; a municipality directly under the owner is refused.
    let gr = app.org_id("GR").to_string();
    let skl = app.org_id("SKL").to_string();
    let form = get(&app, "/admin/organisationer/ny", Some(&a)).await;
    assert_eq!(form.status, 200);
    let bad = post(
        &app,
        "/admin/organisationer/ny",
        Some(&a),
        &[
            ("csrf", &csrf),
            ("kind", "municipality"),
            ("parent_id", &skl),
            ("name", "Öckerö"),
            ("municipality_code", "1407"),
        ],
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert!(bad.text.contains("href=\"#parent_id\""), "{}", bad.text);
    // Öckerö is in the tree already: its code is taken, said in Swedish.
    let taken = post(
        &app,
        "/admin/organisationer/ny",
        Some(&a),
        &[
            ("csrf", &csrf),
            ("kind", "municipality"),
            ("parent_id", &gr),
            ("name", "Öckerö igen"),
            ("municipality_code", "1407"),
        ],
    )
    .await;
    assert_eq!(taken.status, 422, "{}", taken.text);
    assert!(
        taken
            .text
            .contains("En annan organisation har redan koden 1407."),
        "{}",
        taken.text
    );
    let ok = post(
        &app,
        "/admin/organisationer/ny",
        Some(&a),
        &[
            ("csrf", &csrf),
            ("kind", "municipality"),
            ("parent_id", &gr),
            ("name", "Nykommun"),
            ("municipality_code", "1499"),
        ],
    )
    .await;
    assert_eq!(ok.status, 303, "{}", ok.text);
    let list = get(&app, "/admin/organisationer?klart=ny", Some(&a))
        .await
        .text;
    assert!(
        list.contains("Organisationen är skapad.") && list.contains("Nykommun"),
        "{list}"
    );
    let made = app.get("/api/v1/organisations?limit=1000", &admin).await;
    assert!(made.text.contains("\"code\":\"1499\""), "{}", made.text);

    // Not for a region's manager.
    let g = log_in(&app, "gr.manager@plugin.example", PASSWORD)
        .await
        .unwrap();
    for path in [
        "/admin/projekt",
        "/admin/arbetsgivaravgifter",
        "/admin/arbetsgivaravgifter/ny",
    ] {
        assert_eq!(get(&app, path, Some(&g)).await.status, 403, "{path}");
    }
    let gcsrf = hidden(&get(&app, "/", Some(&g)).await.text, "csrf");
    let refused = post(
        &app,
        "/admin/arbetsgivaravgifter/ny",
        Some(&g),
        &[
            ("csrf", &gcsrf),
            ("year", "2016"),
            ("employer_kind", "county_council"),
            ("rate_percent", "40"),
            ("source", "x"),
        ],
    )
    .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    let refused = post(
        &app,
        "/admin/projekt",
        Some(&g),
        &as_refs(&with(&[("csrf", &gcsrf), ("name", "Kapat")])),
    )
    .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert_eq!(
        app.get("/api/v1/project", &admin).await.body["name"],
        "Plug In 2.0"
    );
}

/// The value a form shows for `field`: its text input's value or its chosen option.
fn hidden_or_chosen(page: &str, field: &str) -> String {
    let marker = format!("name=\"{field}\"");
    let at = page.find(&marker).unwrap_or_else(|| panic!("no {field}"));
    let rest = &page[at..];
    if rest.starts_with(&format!("{marker} value=\""))
        || rest[..rest.find('>').unwrap()].contains("value=\"")
    {
        let v = &rest[rest.find("value=\"").unwrap() + 7..];
        return v[..v.find('"').unwrap()].to_string();
    }
    let end = rest.find("</select>").expect("a select");
    let select = &rest[..end];
    let chosen = select.find(" selected").expect("a chosen option");
    let before = &select[..chosen];
    let v = &before[before.rfind("value=\"").unwrap() + 7..];
    v[..v.find('"').unwrap()].to_string()
}

/// Mölndal's economist registers a workshop (an empty and a taken name refused, in
/// Swedish) and enrols a participant at it; the participant's page names it; GR's
/// economist sees Mölndal's workshop but registers none.
async fn workshops_in_pages(app: TestApp) {
    let e = log_in(&app, "molndal.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let page = get(&app, "/deltagare/verkstader", Some(&e)).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Inga verkstäder än."));
    let csrf = hidden(&page.text, "csrf");
    let empty = post(
        &app,
        "/deltagare/verkstader",
        Some(&e),
        &[("csrf", &csrf), ("name", "  ")],
    )
    .await;
    assert_eq!(empty.status, 422, "{}", empty.text);
    assert!(
        empty
            .text
            .contains("<a href=\"#name\">Fältet får inte vara tomt.</a>"),
        "{}",
        empty.text
    );
    let ok = post(
        &app,
        "/deltagare/verkstader",
        Some(&e),
        &[("csrf", &csrf), ("name", "Metodverkstan Kvarnby")],
    )
    .await;
    assert_eq!(ok.status, 303, "{}", ok.text);
    let taken = post(
        &app,
        "/deltagare/verkstader",
        Some(&e),
        &[("csrf", &csrf), ("name", "Metodverkstan Kvarnby")],
    )
    .await;
    assert_eq!(taken.status, 422, "{}", taken.text);
    assert!(
        taken
            .text
            .contains("Mölndal har redan en verkstad som heter Metodverkstan Kvarnby."),
        "{}",
        taken.text
    );
    let list = get(&app, "/deltagare/verkstader?klart=1", Some(&e))
        .await
        .text;
    assert!(
        list.contains("Verkstaden är registrerad.")
            && list.contains("<td>Metodverkstan Kvarnby</td>"),
        "{list}"
    );
    let workshops = app
        .get(
            "/api/v1/workshops",
            &app.token("molndal.economist@plugin.example"),
        )
        .await;
    assert_eq!(
        workshops.body.as_array().map(Vec::len),
        Some(1),
        "{}",
        workshops.text
    );
    let workshop = workshops.body[0]["id"].as_i64().unwrap().to_string();

    // The enrolment form offers it; the participant's page names it.
    let form = get(&app, "/deltagare/ny", Some(&e)).await.text;
    assert!(
        form.contains(&format!("<option value=\"{workshop}\"")),
        "{form}"
    );
    let number = crate::participants::pnr("950412", "238");
    let res = post(
        &app,
        "/deltagare/ny",
        Some(&e),
        &[
            ("csrf", &csrf),
            ("id_kind", "personnummer"),
            ("identity_number", &number),
            ("start_date", "2013-02-04"),
            ("status_at_start", "dropped_out"),
            ("education_level", "isced_0_2"),
            ("labour_status", "inactive"),
            ("in_education_at_start", "nej"),
            ("workshop_id", &workshop),
        ],
    )
    .await;
    assert_eq!(res.status, 303, "{}", res.text);
    let shown = get(&app, header(&res, "location"), Some(&e)).await.text;
    assert!(
        shown.contains("<th scope=\"row\">Verkstad</th><td>Metodverkstan Kvarnby</td>"),
        "{shown}"
    );

    // GR's economist reads GR's workshops and registers none.
    let g = log_in(&app, "gr.economist@plugin.example", PASSWORD)
        .await
        .unwrap();
    let gr = get(&app, "/deltagare/verkstader", Some(&g)).await.text;
    assert!(
        gr.contains("Metodverkstan Kvarnby") && !gr.contains("Registrera verkstaden"),
        "{gr}"
    );
    let gcsrf = hidden(&gr, "csrf");
    let refused = post(
        &app,
        "/deltagare/verkstader",
        Some(&g),
        &[("csrf", &gcsrf), ("name", "GR:s egen")],
    )
    .await;
    assert!(
        refused.status == 403 || refused.status == 422,
        "{}",
        refused.status
    );
    assert_eq!(
        app.get(
            "/api/v1/workshops",
            &app.token("gr.economist@plugin.example")
        )
        .await
        .body
        .as_array()
        .map(Vec::len),
        Some(1)
    );
}

/// Issue 17, item 3, in pages: the staff list takes the reader's subtree from the
/// directory the process keeps, and a move through the API is seen by the next page.
async fn the_staff_page_follows_a_move(app: TestApp) {
    crate::timesheets::staff_with_salary(&app, "molndal.economist@plugin.example", "1481", "P-1",
        json!({ "valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100" })).await;
    let gr = log_in(&app, "gr.manager@plugin.example", PASSWORD)
        .await
        .unwrap();
    let rj = log_in(&app, "rj.manager@plugin.example", PASSWORD)
        .await
        .unwrap();
    for _ in 0..2 {
        assert!(!get(&app, "/personal", Some(&rj))
            .await
            .text
            .contains("Anställd P-1"));
    }
    crate::organisations::move_molndal_to_rj(&app).await;
    assert!(get(&app, "/personal", Some(&rj))
        .await
        .text
        .contains("Anställd P-1"));
    assert!(!get(&app, "/personal", Some(&gr))
        .await
        .text
        .contains("Anställd P-1"));
}

both_backends!(
    the_staff_page_follows_a_move,
    workshops_in_pages,
    an_admin_sets_the_project_fees_and_organisations_in_pages,
    budget_in_pages,
    statistics_in_pages,
    an_admin_edits_organisations_in_pages,
    a_claim_in_pages,
    the_scb_month_in_pages,
    an_admin_manages_users_in_pages,
    participants_attendance_and_compensation_in_pages,
    unreadable_forms_and_addresses_get_a_page,
    the_staff_list_is_paged,
    the_yearly_cap_is_told_on_the_grid,
    staff_and_salaries_are_added_in_pages,
    entries_in_pages,
    uploads_in_pages,
    timesheets_in_pages,
    staff_and_their_hourly_rates,
    the_log_is_filtered_by_what_who_and_when,
    the_todo_list_follows_the_rules,
    own_password_change_in_pages,
    a_month_goes_through_the_chain_in_pages,
    pages_need_a_session_and_send_strict_headers,
    login_sessions_and_logout,
    the_board_shows_the_scope_with_states
);
