//! Login, tokens, lockout, disabled users.

use actix_web::http::Method;
use serde_json::json;

use crate::both_backends;
use crate::harness::{assert_problem, TestApp, PASSWORD, SECRET};
use esf_ledger::auth::token::TokenKeys;

async fn login(app: &TestApp, email: &str, password: &str) -> crate::harness::Response {
    app.request(
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(json!({ "email": email, "password": password })),
    )
    .await
}

async fn login_gives_a_working_token(app: TestApp) {
    let res = login(&app, "Molndal.Economist@plugin.example", PASSWORD).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["token_type"], "Bearer");
    assert_eq!(res.body["expires_in"], 900);
    let token = res.body["access_token"].as_str().unwrap().to_string();
    let me = app.get("/api/v1/users/me", &token).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["email"], "molndal.economist@plugin.example");
    assert_eq!(me.body["organisation_code"], "1481");
    assert_eq!(me.body["roles"], json!(["economist"]));
    assert!(me.body.get("password_hash").is_none());
}

async fn wrong_password_and_unknown_user_look_the_same(app: TestApp) {
    let before = app.snapshot();
    let wrong = login(&app, "gr.manager@plugin.example", "not the password").await;
    assert_problem(&wrong, 401);
    let unknown = login(&app, "nobody@plugin.example", "not the password").await;
    assert_problem(&unknown, 401);
    assert_eq!(wrong.body["detail"], unknown.body["detail"]);
    assert!(wrong.headers.contains_key("www-authenticate"));
    // Only the failure counts moved, the unknown address's as well; a good login
    // clears its own.
    assert_eq!(app.count("login_failures"), 2);
    assert_eq!(
        login(&app, "gr.manager@plugin.example", PASSWORD)
            .await
            .status,
        200
    );
    assert_eq!(app.count("login_failures"), 1);
    let after = app.snapshot();
    assert_eq!(
        after.replace("login_failures=1", "login_failures=0"),
        before,
        "nothing else changed"
    );
}

/// Issue 13.5: an unknown address is locked exactly like a real one (a 429 tells nothing
/// about which accounts exist); an admin lifts a lock, and a password reset does too.
async fn unknown_addresses_lock_alike_and_admins_unlock(app: TestApp) {
    for email in ["nobody@plugin.example", "gr.economist@plugin.example"] {
        for _ in 0..5 {
            assert_problem(&login(&app, email, "guess guess guess").await, 401);
        }
        let locked = login(&app, email, "guess guess guess").await;
        assert_problem(&locked, 429);
        assert!(locked.headers.contains_key("retry-after"));
    }
    let unknown = login(&app, "nobody@plugin.example", PASSWORD).await;
    let known = login(&app, "gr.economist@plugin.example", PASSWORD).await;
    assert_eq!(unknown.body["detail"], known.body["detail"]);
    let admin = app.token("skl.admin@plugin.example");
    let id = app.user_id("gr.economist@plugin.example");
    let user = app.get(&format!("/api/v1/users/{id}"), &admin).await;
    assert_eq!(user.body["locked"], true, "{}", user.text);
    let res = app
        .request(
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            Some(json!({ "version": user.body["version"], "unlock": true })),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["locked"], false);
    assert_eq!(
        login(&app, "gr.economist@plugin.example", PASSWORD)
            .await
            .status,
        200
    );
    // A reset lifts a lock too.
    for _ in 0..5 {
        login(&app, "gr.economist@plugin.example", "guess guess guess").await;
    }
    let user = app.get(&format!("/api/v1/users/{id}"), &admin).await;
    assert_eq!(user.body["locked"], true);
    let res = app
        .request(
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            Some(json!({ "version": user.body["version"], "password": "a fresh long passphrase" })),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(
        login(
            &app,
            "gr.economist@plugin.example",
            "a fresh long passphrase"
        )
        .await
        .status,
        200
    );
    let audit = app
        .get(
            &format!(
                "/api/v1/audit-log?organisation_id={}&entity=user",
                app.org_id("GR")
            ),
            &admin,
        )
        .await;
    assert!(audit.text.contains("\"locked\":true"), "{}", audit.text);
}

async fn repeated_failures_lock_the_account(app: TestApp) {
    for _ in 0..5 {
        assert_problem(
            &login(&app, "gr.economist@plugin.example", "guess guess guess").await,
            401,
        );
    }
    let locked = login(&app, "gr.economist@plugin.example", PASSWORD).await;
    assert_problem(&locked, 429);
    let retry: u64 = locked
        .headers
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 800 && retry <= 900, "retry-after {retry}");
    // Other accounts are not affected.
    assert_eq!(
        login(&app, "gr.manager@plugin.example", PASSWORD)
            .await
            .status,
        200
    );
}

/// Issue 13.1: failures in flight at once all count, and none undoes the lock another
/// set (before, each wrote the count it had read, and the last wrote no lock).
async fn parallel_failures_lock_the_account(app: TestApp) {
    let email = "gr.economist@plugin.example";
    let burst = (0..20).map(|_| login(&app, email, "guess guess guess"));
    for res in futures_util::future::join_all(burst).await {
        assert!(matches!(res.status.as_u16(), 401 | 429), "{}", res.text);
    }
    assert_problem(&login(&app, email, PASSWORD).await, 429);
    let admin = app.token("skl.admin@plugin.example");
    let users = app.get("/api/v1/users?limit=1000", &admin).await;
    let user = users.body["items"]
        .as_array()
        .unwrap_or_else(|| users.body.as_array().unwrap())
        .iter()
        .find(|u| u["email"] == email)
        .cloned()
        .unwrap();
    assert_eq!(user["locked"], true, "{user}");
}

/// Issue 13.7: a password change, an admin's reset, a role change and disabling end the
/// tokens issued before.
async fn tokens_end_with_a_new_password_or_roles(app: TestApp) {
    let email = "gr.economist@plugin.example";
    let id = app.user_id(email);
    let admin = app.token("skl.admin@plugin.example");
    let old = app.token(email);
    assert_eq!(app.get("/api/v1/users/me", &old).await.status, 200);
    let user = format!("/api/v1/users/{id}");
    let res = app
        .patch_current(
            &user,
            &admin,
            json!({ "password": "a brand new passphrase" }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let refused = app.get("/api/v1/users/me", &old).await;
    assert_problem(&refused, 401);
    assert!(refused.text.contains("log in again"), "{}", refused.text);
    // Their own change ends the token they changed it with.
    let fresh = login(&app, email, "a brand new passphrase").await.body["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let res = app
        .post(
            "/api/v1/users/me/password",
            &fresh,
            json!({ "current_password": "a brand new passphrase", "new_password": "yet another passphrase" }),
        )
        .await;
    assert!(res.status.is_success(), "{}", res.text);
    assert_problem(&app.get("/api/v1/users/me", &fresh).await, 401);
    // A role change too; a change of name does not.
    let mine = app.token(email);
    let res = app
        .patch_current(&user, &admin, json!({ "name": "Ekonom Göteborgsregionen" }))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(app.get("/api/v1/users/me", &mine).await.status, 200);
    let res = app
        .patch_current(&user, &admin, json!({ "roles": ["economist", "manager"] }))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_problem(&app.get("/api/v1/users/me", &mine).await, 401);
}

async fn malformed_login_is_a_bad_request(app: TestApp) {
    let req = actix_web::test::TestRequest::post()
        .uri("/api/v1/auth/login")
        .insert_header(("content-type", "application/json"))
        .set_payload("{\"email\": ")
        .to_request();
    assert_problem(&app.send(req).await, 400);
    let extra = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({ "email": "a@b.se", "password": "x", "remember": true })),
        )
        .await;
    assert_problem(&extra, 400);
    assert_eq!(crate::harness::error_fields(&extra), vec!["remember"]);
}

async fn bad_tokens_are_refused(app: TestApp) {
    let user = app.user_id("skl.admin@plugin.example");
    let now = chrono::Utc::now().timestamp();
    let keys = TokenKeys::new(SECRET, 900);
    let expired = keys.issue_at(user, 0, now - 7200, 600).unwrap();
    let other_key = TokenKeys::new(b"some other secret of sufficient length!!", 900)
        .issue(user, 0)
        .unwrap();
    let good = keys.issue(user, 0).unwrap();
    let mut parts: Vec<&str> = good.split('.').collect();
    // A payload naming another user, with the original signature.
    let forged_payload = base64_url(&format!(
        "{{\"sub\":\"{}\",\"iat\":{now},\"exp\":{},\"iss\":\"esf-ledger\"}}",
        app.user_id("molndal.economist@plugin.example"),
        now + 600
    ));
    parts[1] = &forged_payload;
    let tampered = parts.join(".");
    let none_alg = format!(
        "{}.{}.",
        base64_url("{\"alg\":\"none\",\"typ\":\"JWT\"}"),
        base64_url(&format!(
            "{{\"sub\":\"{user}\",\"iat\":{now},\"exp\":{},\"iss\":\"esf-ledger\"}}",
            now + 600
        ))
    );
    for (what, token) in [
        ("expired", expired.as_str()),
        ("other key", other_key.as_str()),
        ("tampered", tampered.as_str()),
        ("alg none", none_alg.as_str()),
        ("garbage", "not.a.token"),
    ] {
        let res = app.get("/api/v1/organisations", token).await;
        assert_eq!(res.status, 401, "{what}: {}", res.text);
        assert_problem(&res, 401);
    }
    let expired_res = app.get("/api/v1/users/me", &expired).await;
    assert!(expired_res.body["detail"]
        .as_str()
        .unwrap()
        .contains("expired"));
    let no_scheme = actix_web::test::TestRequest::get()
        .uri("/api/v1/users/me")
        .insert_header(("Authorization", good.clone()))
        .to_request();
    assert_problem(&app.send(no_scheme).await, 401);
    assert_eq!(app.get("/api/v1/users/me", &good).await.status, 200);
}

/// The admin whose token is `admin` disables the user `email`.
async fn disable(app: &TestApp, admin: &str, email: &str) {
    let id = app.user_id(email);
    let res = app
        .patch_current(
            &format!("/api/v1/users/{id}"),
            admin,
            json!({ "active": false }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
}

async fn disabled_users_are_refused_on_their_next_request(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let victim = app.token("partille.economist@plugin.example");
    assert_eq!(app.get("/api/v1/users/me", &victim).await.status, 200);
    disable(&app, &admin, "partille.economist@plugin.example").await;
    let refused = app.get("/api/v1/users/me", &victim).await;
    assert_problem(&refused, 401);
    assert!(refused.body["detail"]
        .as_str()
        .unwrap()
        .contains("disabled"));
    // Logging in again does not help, and the right password gets the answer a wrong
    // one gets (issue 13.8: before, 403 told a stranger the password was right).
    let right = login(&app, "partille.economist@plugin.example", PASSWORD).await;
    let wrong = login(
        &app,
        "partille.economist@plugin.example",
        "not the password",
    )
    .await;
    assert_problem(&right, 401);
    assert_problem(&wrong, 401);
    assert_eq!(right.body, wrong.body);
}

fn directory_generation(app: &TestApp) -> i64 {
    esf_ledger::store::directory::generation(&mut app.conn()).expect("generation")
}

/// The directory generation that cached actors are checked against rises with every
/// change that may touch an actor (a trigger, so no write path can forget it), and with
/// nothing else.
async fn the_directory_generation_rises_with_what_may_touch_an_actor(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let email = "partille.economist@plugin.example";
    let id = app.user_id(email);
    let start = directory_generation(&app);
    // A login, a read and an e-mail change touch no actor.
    assert_eq!(login(&app, email, PASSWORD).await.status, 200);
    let user = format!("/api/v1/users/{id}");
    let res = app
        .patch_current(&user, &admin, json!({ "email": "ekonom@partille.example" }))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(directory_generation(&app), start);
    // A name, a role and an organisation each do.
    let res = app
        .patch_current(&user, &admin, json!({ "name": "Ekonom i Partille kommun" }))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(directory_generation(&app), start + 1);
    let res = app
        .patch_current(&user, &admin, json!({ "roles": ["economist", "manager"] }))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert!(directory_generation(&app) > start + 1);
    let after_roles = directory_generation(&app);
    let org = format!("/api/v1/organisations/{}", app.org_id("1402"));
    let res = app
        .patch_current(&org, &admin, json!({ "name": "Partille kommun" }))
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(directory_generation(&app), after_roles + 1);
}

/// Another instance's cached actor ends once that instance has read the raised
/// generation, which its watcher does within a poll or two of its next request; and
/// `api::actors::FRESH_MS` after the change at the latest, when no read that began
/// before the change is trusted any more.
async fn a_change_on_another_instance_reaches_this_one(app: TestApp) {
    let other = app.second_instance().await;
    let admin = app.token("skl.admin@plugin.example");
    let victim = app.token("partille.economist@plugin.example");
    assert_eq!(other.get("/api/v1/users/me", &victim).await.status, 200);
    assert_eq!(other.get("/api/v1/users/me", &victim).await.status, 200);
    disable(&app, &admin, "partille.economist@plugin.example").await;
    let first = other.get("/api/v1/users/me", &victim).await.status;
    assert!(first == 200 || first == 401, "{first}");
    actix_web::rt::time::sleep(std::time::Duration::from_millis(
        esf_ledger::api::actors::FRESH_MS + 20,
    ))
    .await;
    assert_problem(&other.get("/api/v1/users/me", &victim).await, 401);
    assert_problem(&app.get("/api/v1/users/me", &victim).await, 401);
}

/// Issue 13.6: one client address trying many e-mail addresses (each below its own
/// lockout) is limited across them: after the address's burst every login is 429 with
/// Retry-After, the right password too, whatever the account.
async fn one_address_is_limited_across_accounts(app: TestApp) {
    let limited = app.instance_with_login_limit(5).await;
    for n in 0..5 {
        let res = login(
            &limited,
            &format!("gissning{n}@plugin.example"),
            "guess guess guess",
        )
        .await;
        assert_problem(&res, 401);
    }
    for email in ["gissning9@plugin.example", "gr.economist@plugin.example"] {
        let res = login(&limited, email, PASSWORD).await;
        assert_problem(&res, 429);
        assert!(res.text.contains("your address"), "{}", res.text);
        let wait: u64 = res
            .headers
            .get("retry-after")
            .unwrap()
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=12).contains(&wait), "{wait}");
    }
    // No account was locked by it: the same user logs in where the address is not spent.
    assert_eq!(
        login(&app, "gr.economist@plugin.example", PASSWORD)
            .await
            .status,
        200
    );
}

both_backends!(
    one_address_is_limited_across_accounts,
    login_gives_a_working_token,
    wrong_password_and_unknown_user_look_the_same,
    repeated_failures_lock_the_account,
    parallel_failures_lock_the_account,
    unknown_addresses_lock_alike_and_admins_unlock,
    tokens_end_with_a_new_password_or_roles,
    malformed_login_is_a_bad_request,
    bad_tokens_are_refused,
    disabled_users_are_refused_on_their_next_request,
    the_directory_generation_rises_with_what_may_touch_an_actor,
    a_change_on_another_instance_reaches_this_one
);

fn base64_url(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}
