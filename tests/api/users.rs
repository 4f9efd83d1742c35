//! Users: admins manage, managers and auditors read, everyone reads and edits themselves.

use serde_json::json;

use crate::both_backends;
use crate::harness::{assert_problem, error_fields, TestApp, PASSWORD};

async fn admin_creates_a_user_who_can_log_in(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let res = app
        .post(
            "/api/v1/users",
            &admin,
            json!({
                "organisation_id": app.org_id("1481"),
                "name": "Ny Ekonom",
                "email": "Ny.Ekonom@Molndal.Example",
                "roles": ["economist", "manager"],
                "password": "a long password"
            }),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.body["email"], "ny.ekonom@molndal.example");
    assert_eq!(res.body["roles"], json!(["economist", "manager"]));
    assert_eq!(res.body["active"], true);
    assert!(res.body.get("password").is_none() && res.body.get("password_hash").is_none());
    let login = app
        .request(
            actix_web::http::Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "ny.ekonom@molndal.example", "password": "a long password"})),
        )
        .await;
    assert_eq!(login.status, 200);
    // The audit log keeps the public view, never the hash.
    let audit = app.get("/api/v1/audit-log?entity=user", &admin).await;
    assert!(!audit.text.contains("argon2"), "{}", audit.text);
    assert!(!audit.text.contains("a long password"));
}

async fn listing_users_is_scoped(app: TestApp) {
    let gr = app.token("gr.manager@plugin.example");
    let res = app.get("/api/v1/users", &gr).await;
    assert_eq!(res.status, 200);
    let emails: Vec<&str> = res.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails.len(), 6, "{emails:?}");
    assert!(emails.contains(&"molndal.economist@plugin.example"));
    assert!(!emails
        .iter()
        .any(|e| e.starts_with("skl.") || e.starts_with("rj.")));
    let only = app
        .get(
            &format!("/api/v1/users?organisation_id={}", app.org_id("1402")),
            &gr,
        )
        .await;
    assert_eq!(only.body["total"], 2);
    let admin = app.token("skl.admin@plugin.example");
    assert_eq!(app.get("/api/v1/users", &admin).await.body["total"], 20);
    assert_eq!(
        app.get("/api/v1/users?active=false", &admin).await.body["total"],
        0
    );
}

async fn own_password_change(app: TestApp) {
    let me = app.token("stromsund.economist@plugin.example");
    let wrong = app
        .post(
            "/api/v1/users/me/password",
            &me,
            json!({"current_password": "wrong wrong", "new_password": "brand new password"}),
        )
        .await;
    assert_problem(&wrong, 422);
    assert_eq!(error_fields(&wrong), vec!["current_password"]);
    // Issue 13.8: wrong current passwords are limited like logins.
    for _ in 0..4 {
        let res = app
            .post(
                "/api/v1/users/me/password",
                &me,
                json!({"current_password": "wrong wrong", "new_password": "brand new password"}),
            )
            .await;
        assert_problem(&res, 422);
    }
    let limited = app
        .post(
            "/api/v1/users/me/password",
            &me,
            json!({"current_password": PASSWORD, "new_password": "brand new password"}),
        )
        .await;
    assert_problem(&limited, 429);
    // An admin's unlock lifts it.
    let admin = app.token("skl.admin@plugin.example");
    let id = app.user_id("stromsund.economist@plugin.example");
    let user = app.get(&format!("/api/v1/users/{id}"), &admin).await;
    assert_eq!(user.body["locked"], true);
    let res = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &admin,
            json!({ "version": user.body["version"], "unlock": true }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let short = app
        .post(
            "/api/v1/users/me/password",
            &me,
            json!({"current_password": PASSWORD, "new_password": "short"}),
        )
        .await;
    assert_problem(&short, 422);
    assert_eq!(error_fields(&short), vec!["new_password"]);
    let ok = app
        .post(
            "/api/v1/users/me/password",
            &me,
            json!({"current_password": PASSWORD, "new_password": "brand new password"}),
        )
        .await;
    assert_eq!(ok.status, 204, "{}", ok.text);
    let login = app.request(actix_web::http::Method::POST, "/api/v1/auth/login", None,
        Some(json!({"email": "stromsund.economist@plugin.example", "password": "brand new password"}))).await;
    assert_eq!(login.status, 200);
}

async fn bad_user_input_changes_nothing(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let before = app.snapshot();
    let base = json!({
        "organisation_id": app.org_id("GR"), "name": "Test", "email": "t@gr.example",
        "roles": ["manager"], "password": "a long password"
    });
    let with = |k: &str, v: serde_json::Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };

    let res = app
        .post(
            "/api/v1/users",
            &admin,
            with("email", json!("gr.manager@plugin.example")),
        )
        .await;
    assert_problem(&res, 409);
    assert_eq!(error_fields(&res), vec!["email"]);
    let res = app
        .post("/api/v1/users", &admin, with("roles", json!(["admin"])))
        .await;
    assert_problem(&res, 422);
    assert!(res.body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("project owner"));
    let res = app
        .post("/api/v1/users", &admin, with("roles", json!([])))
        .await;
    assert_problem(&res, 422);
    let res = app
        .post("/api/v1/users", &admin, with("roles", json!(["boss"])))
        .await;
    assert_problem(&res, 400);
    let res = app
        .post(
            "/api/v1/users",
            &admin,
            with("email", json!("not-an-address")),
        )
        .await;
    assert_problem(&res, 422);
    let res = app
        .post("/api/v1/users", &admin, with("password", json!("short")))
        .await;
    assert_problem(&res, 422);
    assert_eq!(error_fields(&res), vec!["password"]);
    let res = app
        .post(
            "/api/v1/users",
            &admin,
            with("organisation_id", json!(987654)),
        )
        .await;
    assert_problem(&res, 422);
    let res = app
        .post("/api/v1/users", &admin, with("is_admin", json!(true)))
        .await;
    assert_problem(&res, 400);

    // An admin cannot lock themselves out.
    let me = app.get("/api/v1/users/me", &admin).await;
    let res = app
        .patch(
            &format!("/api/v1/users/{}", me.body["id"]),
            &admin,
            json!({"version": me.body["version"], "active": false}),
        )
        .await;
    assert_problem(&res, 422);
    let res = app
        .patch(
            &format!("/api/v1/users/{}", me.body["id"]),
            &admin,
            json!({"version": me.body["version"], "roles": ["manager"]}),
        )
        .await;
    assert_problem(&res, 422);
    // Stale version.
    let gr = app.user_id("gr.manager@plugin.example");
    let res = app
        .patch(
            &format!("/api/v1/users/{gr}"),
            &admin,
            json!({"version": 7, "name": "X"}),
        )
        .await;
    assert_problem(&res, 409);
    assert_eq!(app.snapshot(), before);
}

async fn admin_moves_and_renames_a_user(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let id = app.user_id("emmaboda.economist@plugin.example");
    let current = app.get(&format!("/api/v1/users/{id}"), &admin).await;
    let res = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &admin,
            json!({
                "version": current.body["version"], "organisation_id": app.org_id("0861"),
                "name": "Ekonom Mönsterås", "roles": ["economist", "manager"]
            }),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(res.body["organisation_code"], "0861");
    assert_eq!(res.body["version"], 2);
    let token = app.token("emmaboda.economist@plugin.example");
    let orgs = app.get("/api/v1/organisations", &token).await;
    assert_eq!(orgs.body["items"][0]["name"], "Mönsterås");
    let audit = app
        .get(
            &format!("/api/v1/audit-log?entity=user&entity_id={id}"),
            &admin,
        )
        .await;
    assert_eq!(
        audit.body["items"][0]["before"]["organisation_code"],
        "0862"
    );
    assert_eq!(audit.body["items"][0]["after"]["organisation_code"], "0861");
}

/// Issue 13.8: two admins disabling each other at once leave one of them active.
async fn the_last_admin_stays(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let res = app
        .post(
            "/api/v1/users",
            &admin,
            json!({
                "organisation_id": app.org_id("SKL"),
                "name": "Andra administratören",
                "email": "skl.admin2@plugin.example",
                "roles": ["admin"],
                "password": "a long password"
            }),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    let second = app.token("skl.admin2@plugin.example");
    let disable = |token: String, email: &'static str| {
        let app = &app;
        async move {
            let id = app.user_id(email);
            let user = app.get(&format!("/api/v1/users/{id}"), &token).await;
            app.patch(
                &format!("/api/v1/users/{id}"),
                &token,
                json!({ "version": user.body["version"], "active": false }),
            )
            .await
        }
    };
    let (a, b) = futures_util::future::join(
        disable(admin.clone(), "skl.admin2@plugin.example"),
        disable(second, "skl.admin@plugin.example"),
    )
    .await;
    let statuses = [a.status.as_u16(), b.status.as_u16()];
    assert!(
        statuses.contains(&200),
        "{statuses:?}: {} / {}",
        a.text,
        b.text
    );
    let active_admins = ["skl.admin@plugin.example", "skl.admin2@plugin.example"]
        .iter()
        .filter(|email| {
            let id = app.user_id(email);
            esf_ledger::store::users::find(&mut app.conn(), id)
                .unwrap()
                .is_some_and(|u| u.active)
        })
        .count();
    assert_eq!(active_admins, 1, "{statuses:?}: {} / {}", a.text, b.text);
}

/// Issue 13.11: a new password that is common, a pattern or made of the user's name or
/// e-mail address is refused wherever a password is set, naming the field; nothing changes.
async fn easy_passwords_are_refused(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let before = app.snapshot();
    for pw in ["aaaaaaaaaa", "password123", "Ny.Ekonom2013", "qwertyuiop"] {
        let res = app
            .post(
                "/api/v1/users",
                &admin,
                json!({ "organisation_id": app.org_id("1481"), "name": "Ny Ekonom",
                        "email": "ny.ekonom@molndal.example", "roles": ["economist"], "password": pw }),
            )
            .await;
        assert_problem(&res, 422);
        assert_eq!(error_fields(&res), vec!["password"], "{pw}: {}", res.text);
        assert!(res.text.contains("too easy to guess"), "{}", res.text);
    }
    let me = app.token("stromsund.economist@plugin.example");
    let res = app
        .post(
            "/api/v1/users/me/password",
            &me,
            json!({"current_password": PASSWORD, "new_password": "aaaaaaaaaa"}),
        )
        .await;
    assert_problem(&res, 422);
    assert_eq!(error_fields(&res), vec!["new_password"]);
    let target = app.user_id("stromsund.economist@plugin.example");
    let current = app.get(&format!("/api/v1/users/{target}"), &admin).await;
    let res = app
        .patch(
            &format!("/api/v1/users/{target}"),
            &admin,
            json!({"version": current.body["version"], "password": "stromsund.economist"}),
        )
        .await;
    assert_problem(&res, 422);
    assert_eq!(error_fields(&res), vec!["password"]);
    assert_eq!(app.snapshot(), before);
    // The same user with a phrase is created.
    let res = app
        .post(
            "/api/v1/users",
            &admin,
            json!({ "organisation_id": app.org_id("1481"), "name": "Ny Ekonom",
                    "email": "ny.ekonom@molndal.example", "roles": ["economist"],
                    "password": "kaffe vid Kvarnbygatan" }),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
}

both_backends!(
    easy_passwords_are_refused,
    the_last_admin_stays,
    admin_creates_a_user_who_can_log_in,
    listing_users_is_scoped,
    own_password_change,
    bad_user_input_changes_nothing,
    admin_moves_and_renames_a_user
);
