//! The organisation tree: visibility, creation, edits, moves and every bad input.

use serde_json::{json, Value};

use crate::both_backends;
use crate::harness::{assert_problem, error_fields, TestApp};

fn names(res: &crate::harness::Response) -> Vec<String> {
    res.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect()
}

async fn org(app: &TestApp, token: &str, code: &str) -> Value {
    app.get(
        &format!("/api/v1/organisations/{}", app.org_id(code)),
        token,
    )
    .await
    .body
}

async fn each_level_sees_its_own_subtree(app: TestApp) {
    let molndal = app.token("molndal.economist@plugin.example");
    let res = app.get("/api/v1/organisations", &molndal).await;
    assert_eq!(res.status, 200);
    assert_eq!(names(&res), vec!["Mölndal"]);
    assert_eq!(res.body["total"], 1);

    let gr = app.token("gr.manager@plugin.example");
    let res = app.get("/api/v1/organisations", &gr).await;
    assert_eq!(res.body["total"], 14);
    let n = names(&res);
    assert_eq!(n[0], "Göteborgsregionens kommunalförbund (GR)");
    for m in ["Mölndal", "Partille", "Alingsås", "Öckerö", "Lilla Edet"] {
        assert!(n.contains(&m.to_string()), "{m} missing");
    }
    assert!(!n.contains(&"Strömsund".to_string()));

    let admin = app.token("skl.admin@plugin.example");
    let all = app.get("/api/v1/organisations?limit=1000", &admin).await;
    assert_eq!(all.body["total"], 76);
    let kinds: Vec<&str> = all.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "owner").count(), 1);
    assert_eq!(kinds.iter().filter(|k| **k == "region").count(), 5);
    assert_eq!(kinds.iter().filter(|k| **k == "municipality").count(), 70);

    let regions = app.get("/api/v1/organisations?kind=region", &admin).await;
    assert_eq!(regions.body["total"], 5);
    let page = app
        .get("/api/v1/organisations?limit=10&offset=70", &admin)
        .await;
    assert_eq!(page.body["items"].as_array().unwrap().len(), 6);
    assert_eq!(page.body["total"], 76);

    let tree = app.get("/api/v1/organisations/tree", &gr).await;
    assert_eq!(tree.body["code"], "GR");
    assert_eq!(tree.body["children"].as_array().unwrap().len(), 13);
    let full = app.get("/api/v1/organisations/tree", &admin).await;
    assert_eq!(full.body["children"].as_array().unwrap().len(), 5);
}

async fn get_one_shows_codes_and_depth(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let m = org(&app, &admin, "1481").await;
    assert_eq!(m["name"], "Mölndal");
    assert_eq!(m["kind"], "municipality");
    assert_eq!(m["municipality_code"], "1481");
    assert_eq!(m["depth"], 2);
    assert_eq!(m["parent_id"], app.org_id("GR"));
    let skl = org(&app, &admin, "SKL").await;
    assert_eq!(skl["organisation_number"], "222000-0315");
    assert_eq!(skl["parent_id"], Value::Null);
    assert_eq!(skl["employer_kind"], "other");
    assert_eq!(m["employer_kind"], "municipality");
    let kgf = org(&app, &admin, "KSGYF").await;
    assert_eq!(kgf["name"], "Kalmarsunds Gymnasieförbund");
    assert_eq!(kgf["municipality_code"], Value::Null);
    assert_problem(&app.get("/api/v1/organisations/999999", &admin).await, 404);
    assert_problem(&app.get("/api/v1/organisations/abc", &admin).await, 400);
}

async fn admin_creates_a_municipality_and_it_is_audited(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let res = app
        .post(
            "/api/v1/organisations",
            &admin,
            json!({
                "parent_id": app.org_id("GR"),
                "kind": "municipality",
                "name": "  Nyköping  ",
                "municipality_code": "0480",
                "organisation_number": "212000-0449"
            }),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
    assert_eq!(res.body["name"], "Nyköping");
    assert_eq!(res.body["code"], "0480");
    assert_eq!(res.body["depth"], 2);
    assert_eq!(res.body["version"], 1);
    let id = res.body["id"].as_i64().unwrap();
    assert_eq!(
        res.headers.get("location").unwrap(),
        &format!("/api/v1/organisations/{id}")
    );
    let gr = app.token("gr.manager@plugin.example");
    assert_eq!(
        app.get("/api/v1/organisations", &gr).await.body["total"],
        15
    );
    let audit = app
        .get(
            &format!("/api/v1/audit-log?entity=organisation&entity_id={id}"),
            &admin,
        )
        .await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    assert_eq!(audit.body["total"], 1);
    assert_eq!(audit.body["items"][0]["action"], "create");
    assert_eq!(audit.body["items"][0]["after"]["name"], "Nyköping");
    assert!(audit.body["items"][0]["actor"]
        .as_str()
        .unwrap()
        .contains("Administratör SKL"));
}

async fn admin_edits_and_moves_with_optimistic_concurrency(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let m = org(&app, &admin, "1481").await;
    let path = format!("/api/v1/organisations/{}", m["id"]);
    // Mölndal's own user, known to the server (its actor cached) before the move.
    let own = app.token("molndal.economist@plugin.example");
    assert_eq!(app.get(&path, &own).await.status, 200);
    let moved = app
        .patch(&path, &admin, json!({ "version": m["version"], "parent_id": app.org_id("RJ"), "name": "Mölndals stad" }))
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(moved.body["parent_id"], app.org_id("RJ"));
    assert_eq!(moved.body["name"], "Mölndals stad");
    assert_eq!(moved.body["version"], 2);
    // Scope follows the move at once.
    let gr = app.token("gr.manager@plugin.example");
    let rj = app.token("rj.manager@plugin.example");
    assert_problem(&app.get(&path, &gr).await, 404);
    assert_eq!(app.get(&path, &rj).await.status, 200);
    assert_eq!(
        app.get("/api/v1/organisations", &gr).await.body["total"],
        13
    );
    // The municipality's own users still see it: their actor follows the move too.
    assert_eq!(app.get(&path, &own).await.status, 200);
    assert_eq!(
        app.get("/api/v1/organisations", &own).await.body["total"],
        1
    );

    let before = app.snapshot();
    let stale = app
        .patch(&path, &admin, json!({ "version": 1, "name": "Mölndal" }))
        .await;
    assert_problem(&stale, 409);
    assert!(stale.body["type"]
        .as_str()
        .unwrap()
        .ends_with("stale-version"));
    assert_eq!(app.snapshot(), before);

    let cleared = app
        .patch(
            &path,
            &admin,
            json!({ "version": 2, "municipality_code": null, "code": "MOLNDAL" }),
        )
        .await;
    assert_eq!(cleared.status, 200, "{}", cleared.text);
    assert_eq!(cleared.body["municipality_code"], Value::Null);
    assert_eq!(cleared.body["code"], "MOLNDAL");
}

async fn bad_organisation_input_changes_nothing(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let gr_id = app.org_id("GR");
    let molndal_id = app.org_id("1481");
    let before = app.snapshot();

    // Malformed JSON.
    let req = actix_web::test::TestRequest::post()
        .uri("/api/v1/organisations")
        .insert_header(("Authorization", format!("Bearer {admin}")))
        .insert_header(("content-type", "application/json"))
        .set_payload("{\"parent_id\": 2,")
        .to_request();
    assert_problem(&app.send(req).await, 400);

    // Not JSON at all.
    let req = actix_web::test::TestRequest::post()
        .uri("/api/v1/organisations")
        .insert_header(("Authorization", format!("Bearer {admin}")))
        .insert_header(("content-type", "text/plain"))
        .set_payload("hello")
        .to_request();
    assert_problem(&app.send(req).await, 415);

    // Unknown field.
    let res = app.post("/api/v1/organisations", &admin, json!({
        "parent_id": gr_id, "kind": "municipality", "name": "X", "municipality_code": "0999", "colour": "red"
    })).await;
    assert_problem(&res, 400);
    assert_eq!(error_fields(&res), vec!["colour"]);

    // Unknown kind.
    let res = app
        .post(
            "/api/v1/organisations",
            &admin,
            json!({
                "parent_id": gr_id, "kind": "county", "name": "X", "code": "X"
            }),
        )
        .await;
    assert_problem(&res, 400);
    assert!(res.body["detail"].as_str().unwrap().contains("county"));

    // A municipality under a municipality.
    let res = app.post("/api/v1/organisations", &admin, json!({
        "parent_id": molndal_id, "kind": "municipality", "name": "Inre Mölndal", "municipality_code": "0999"
    })).await;
    assert_problem(&res, 422);
    assert_eq!(error_fields(&res), vec!["parent_id"]);
    assert!(res.body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not under a municipality"));

    // A region under a region, and a second owner.
    let res = app
        .post(
            "/api/v1/organisations",
            &admin,
            json!({
                "parent_id": gr_id, "kind": "region", "name": "Subregion", "code": "SUB"
            }),
        )
        .await;
    assert_problem(&res, 422);
    let res = app
        .post(
            "/api/v1/organisations",
            &admin,
            json!({
                "parent_id": gr_id, "kind": "owner", "name": "Second owner", "code": "OWN2"
            }),
        )
        .await;
    assert_problem(&res, 422);

    // A parent that would make a cycle: GR under its own municipality, and under itself.
    let gr = org(&app, &admin, "GR").await;
    for parent in [molndal_id, gr_id] {
        let res = app
            .patch(
                &format!("/api/v1/organisations/{gr_id}"),
                &admin,
                json!({ "version": gr["version"], "parent_id": parent }),
            )
            .await;
        assert_problem(&res, 422);
        assert!(
            res.body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("cycle"),
            "{}",
            res.text
        );
    }

    // A duplicate municipality code, code and sibling name.
    let res = app.post("/api/v1/organisations", &admin, json!({
        "parent_id": gr_id, "kind": "municipality", "name": "Nytt namn", "municipality_code": "1481", "code": "NEW1"
    })).await;
    assert_problem(&res, 409);
    assert_eq!(error_fields(&res), vec!["municipality_code"]);
    let res = app
        .post(
            "/api/v1/organisations",
            &admin,
            json!({
                "parent_id": gr_id, "kind": "municipality", "name": "Nytt namn", "code": "1481"
            }),
        )
        .await;
    assert_problem(&res, 409);
    assert_eq!(error_fields(&res), vec!["code"]);
    let res = app.post("/api/v1/organisations", &admin, json!({
        "parent_id": gr_id, "kind": "municipality", "name": "Mölndal", "municipality_code": "0998"
    })).await;
    assert_problem(&res, 409);
    assert_eq!(error_fields(&res), vec!["name"]);
    // Editing Partille to take Mölndal's municipality code.
    let partille = org(&app, &admin, "1402").await;
    let res = app
        .patch(
            &format!("/api/v1/organisations/{}", partille["id"]),
            &admin,
            json!({ "version": partille["version"], "municipality_code": "1481" }),
        )
        .await;
    assert_problem(&res, 409);

    // Bad organisation number, bad codes, empty name: all reported at once.
    let res = app.post("/api/v1/organisations", &admin, json!({
        "parent_id": gr_id, "kind": "municipality", "name": " ", "municipality_code": "14810",
        "organisation_number": "212000-1265", "code": "bad code"
    })).await;
    assert_problem(&res, 422);
    let mut fields = error_fields(&res);
    fields.sort();
    assert_eq!(
        fields,
        vec!["code", "municipality_code", "name", "organisation_number"]
    );
    let message = res.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "organisation_number")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("check digit"), "{message}");

    // A municipality code on a region; a missing parent.
    let res = app.post("/api/v1/organisations", &admin, json!({
        "parent_id": app.org_id("SKL"), "kind": "region", "name": "Ny region", "code": "NYR", "municipality_code": "0999"
    })).await;
    assert_problem(&res, 422);
    assert_eq!(error_fields(&res), vec!["municipality_code"]);
    let res = app
        .post(
            "/api/v1/organisations",
            &admin,
            json!({
                "parent_id": 424242, "kind": "region", "name": "Ny region", "code": "NYR"
            }),
        )
        .await;
    assert_problem(&res, 422);
    assert_eq!(error_fields(&res), vec!["parent_id"]);

    // Bad paging.
    assert_problem(&app.get("/api/v1/organisations?limit=0", &admin).await, 422);
    assert_problem(
        &app.get("/api/v1/organisations?limit=ten", &admin).await,
        400,
    );
    assert_problem(
        &app.get("/api/v1/organisations?sort=name", &admin).await,
        400,
    );

    assert_eq!(
        app.snapshot(),
        before,
        "a refused request changed the database"
    );
}

/// What a region's manager and the other region's manager get from the reads that take
/// organisations from the process's directory (`api::actors`): Mölndal's participants,
/// staff and own report for 2013-06, as (status, organisation name in the report).
async fn molndal_reads(app: &TestApp, token: &str) -> (Vec<u16>, Option<String>) {
    let id = app.org_id("1481");
    let report = app
        .get(
            &format!("/api/v1/monthly-reports/{id}/2013-06?view=own"),
            token,
        )
        .await;
    let statuses = vec![
        app.get(&format!("/api/v1/participants?organisation_id={id}"), token)
            .await
            .status
            .as_u16(),
        app.get(&format!("/api/v1/staff?organisation_id={id}"), token)
            .await
            .status
            .as_u16(),
        report.status.as_u16(),
    ];
    let name = report.body["organisation_name"].as_str().map(String::from);
    (statuses, name)
}

/// The owner's admin moves Mölndal (1481) from GR to RJ and renames it "Mölndals stad".
pub(crate) async fn move_molndal_to_rj(app: &TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let m = org(app, &admin, "1481").await;
    let moved = app
        .patch(
            &format!("/api/v1/organisations/{}", m["id"]),
            &admin,
            json!({ "version": m["version"], "parent_id": app.org_id("RJ"), "name": "Mölndals stad" }),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
}

/// Issue 17, item 3: reads take organisations from the directory this process keeps at
/// the directory generation. A move and a rename through this process are seen by the
/// very next read, out of the old region's sight and into the new one's, under the new
/// name.
async fn reads_follow_a_move_and_a_rename_at_once(app: TestApp) {
    let gr = app.token("gr.manager@plugin.example");
    let rj = app.token("rj.manager@plugin.example");
    // Twice: the second round is answered from the directory the first one loaded.
    for _ in 0..2 {
        let (statuses, name) = molndal_reads(&app, &gr).await;
        assert_eq!(statuses, vec![200, 200, 200]);
        assert_eq!(name.as_deref(), Some("Mölndal"));
        assert_eq!(molndal_reads(&app, &rj).await.0, vec![404, 404, 404]);
    }
    move_molndal_to_rj(&app).await;
    assert_eq!(molndal_reads(&app, &gr).await.0, vec![404, 404, 404]);
    let (statuses, name) = molndal_reads(&app, &rj).await;
    assert_eq!(statuses, vec![200, 200, 200]);
    assert_eq!(name.as_deref(), Some("Mölndals stad"));
}

/// The same on another instance: it sees the move once it has read the raised
/// generation, and `api::actors::FRESH_MS` after the change at the latest.
async fn another_instance_follows_a_move(app: TestApp) {
    let other = app.second_instance().await;
    let gr = app.token("gr.manager@plugin.example");
    let rj = app.token("rj.manager@plugin.example");
    for _ in 0..2 {
        assert_eq!(molndal_reads(&other, &gr).await.0, vec![200, 200, 200]);
    }
    move_molndal_to_rj(&app).await;
    actix_web::rt::time::sleep(std::time::Duration::from_millis(
        esf_ledger::api::actors::FRESH_MS + 20,
    ))
    .await;
    assert_eq!(molndal_reads(&other, &gr).await.0, vec![404, 404, 404]);
    let (statuses, name) = molndal_reads(&other, &rj).await;
    assert_eq!(statuses, vec![200, 200, 200]);
    assert_eq!(name.as_deref(), Some("Mölndals stad"));
}

both_backends!(
    each_level_sees_its_own_subtree,
    get_one_shows_codes_and_depth,
    admin_creates_a_municipality_and_it_is_audited,
    admin_edits_and_moves_with_optimistic_concurrency,
    bad_organisation_input_changes_nothing,
    reads_follow_a_move_and_a_rename_at_once,
    another_instance_follows_a_move
);

async fn simultaneous_edits_give_one_winner(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    for round in 0..5 {
        let m = org(&app, &admin, "1402").await;
        let path = format!("/api/v1/organisations/{}", m["id"]);
        let (a, b) = futures_util::future::join(
            app.patch(
                &path,
                &admin,
                json!({ "version": m["version"], "name": format!("Partille A{round}") }),
            ),
            app.patch(
                &path,
                &admin,
                json!({ "version": m["version"], "name": format!("Partille B{round}") }),
            ),
        )
        .await;
        let mut statuses = [a.status.as_u16(), b.status.as_u16()];
        statuses.sort();
        assert_eq!(
            statuses,
            [200, 409],
            "round {round}: {} / {}",
            a.text,
            b.text
        );
    }
    let after = org(&app, &admin, "1402").await;
    assert_eq!(after["version"], 6);
}

async fn oversized_bodies_are_refused(app: TestApp) {
    let admin = app.token("skl.admin@plugin.example");
    let before = app.snapshot();
    let res = app.post("/api/v1/organisations", &admin, json!({
        "parent_id": app.org_id("GR"), "kind": "municipality", "name": "x".repeat(100_000), "code": "BIG"
    })).await;
    assert_problem(&res, 413);
    let res = app.post("/api/v1/organisations", &admin, json!({
        "parent_id": app.org_id("GR"), "kind": "municipality", "name": "x".repeat(201), "code": "LONG"
    })).await;
    assert_problem(&res, 422);
    assert_eq!(error_fields(&res), vec!["name"]);
    assert_eq!(app.snapshot(), before);
}

both_backends!(
    simultaneous_edits_give_one_winner,
    oversized_bodies_are_refused
);
