//! The access matrix: every endpoint × role × scope (own organisation, a child, a
//! sibling, the parent), checked against an expectation table written out here,
//! independently of the policy code.

use std::collections::BTreeSet;

use actix_web::http::Method;
use serde_json::{json, Value};

use crate::both_backends;
use crate::harness::{TestApp, PASSWORD};
use esf_ledger::service::users::NewUserInput;
use esf_ledger::service::ChangedBy;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Economist,
    Manager,
    Auditor,
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Own,
    Child,
    Sibling,
    Parent,
}

/// Endpoints that concern one organisation (the target).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Targeted {
    GetOrganisation,
    ListedInOrganisations,
    InTree,
    CreateOrganisationUnder,
    EditOrganisation,
    ListUsersOf,
    GetUserOf,
    CreateUserIn,
    EditUserOf,
    AuditLogOf,
}

const TARGETED: [Targeted; 10] = [
    Targeted::GetOrganisation,
    Targeted::ListedInOrganisations,
    Targeted::InTree,
    Targeted::CreateOrganisationUnder,
    Targeted::EditOrganisation,
    Targeted::ListUsersOf,
    Targeted::GetUserOf,
    Targeted::CreateUserIn,
    Targeted::EditUserOf,
    Targeted::AuditLogOf,
];

/// The rules of the foundation issue, written as a table.
fn expected(role: Role, scope: Scope, endpoint: Targeted) -> bool {
    let in_scope = matches!(scope, Scope::Own | Scope::Child);
    match endpoint {
        Targeted::GetOrganisation | Targeted::ListedInOrganisations | Targeted::InTree => in_scope,
        Targeted::ListUsersOf | Targeted::GetUserOf | Targeted::AuditLogOf => {
            in_scope && role != Role::Economist
        }
        Targeted::CreateOrganisationUnder
        | Targeted::EditOrganisation
        | Targeted::CreateUserIn
        | Targeted::EditUserOf => in_scope && role == Role::Admin,
    }
}

/// The organisations an actor is tried against, by scope and organisation code.
type Targets = Vec<(Scope, &'static str)>;

/// (actor e-mail, role, targets).
fn actors() -> Vec<(&'static str, Role, Targets)> {
    let region = vec![
        (Scope::Own, "GR"),
        (Scope::Child, "1481"),
        (Scope::Sibling, "RJ"),
        (Scope::Parent, "SKL"),
    ];
    let municipality = vec![
        (Scope::Own, "1481"),
        (Scope::Sibling, "1402"),
        (Scope::Parent, "GR"),
    ];
    let owner = vec![
        (Scope::Own, "SKL"),
        (Scope::Child, "GR"),
        (Scope::Child, "1481"),
    ];
    vec![
        (
            "gr.economist@plugin.example",
            Role::Economist,
            region.clone(),
        ),
        ("gr.manager@plugin.example", Role::Manager, region.clone()),
        ("gr.auditor@plugin.example", Role::Auditor, region),
        (
            "molndal.economist@plugin.example",
            Role::Economist,
            municipality.clone(),
        ),
        (
            "molndal.manager@plugin.example",
            Role::Manager,
            municipality,
        ),
        (
            "skl.economist@plugin.example",
            Role::Economist,
            owner.clone(),
        ),
        ("skl.manager@plugin.example", Role::Manager, owner.clone()),
        ("skl.auditor@plugin.example", Role::Auditor, owner.clone()),
        ("skl.admin@plugin.example", Role::Admin, owner),
    ]
}

/// A user in each target organisation to read and edit ("target.<code>@matrix.example").
fn add_target_users(app: &TestApp) {
    for code in ["GR", "1481", "RJ", "SKL", "1402"] {
        let input = NewUserInput {
            organisation_id: app.org_id(code),
            name: format!("Target {code}"),
            email: format!("target.{}@matrix.example", code.to_lowercase()),
            roles: vec![esf_ledger::domain::roles::Role::Economist],
            password: PASSWORD.into(),
            active: Some(true),
        };
        esf_ledger::service::users::create(&mut app.conn(), &ChangedBy::Cli, None, input).unwrap();
    }
    let auditor = NewUserInput {
        organisation_id: app.org_id("GR"),
        name: "Revisor GR".into(),
        email: "gr.auditor@plugin.example".into(),
        roles: vec![esf_ledger::domain::roles::Role::Auditor],
        password: PASSWORD.into(),
        active: Some(true),
    };
    esf_ledger::service::users::create(&mut app.conn(), &ChangedBy::Cli, None, auditor).unwrap();
}

fn child_kind(kind: &str) -> Option<&'static str> {
    match kind {
        "owner" => Some("region"),
        "region" => Some("municipality"),
        _ => None,
    }
}

/// Performs the request; returns Some(allowed) or None where the case does not apply
/// (a municipality cannot have children).
async fn attempt(
    app: &TestApp,
    token: &str,
    endpoint: Targeted,
    code: &str,
    n: usize,
) -> Option<bool> {
    let org_id = app.org_id(code);
    let target_user = app.user_id(&format!("target.{}@matrix.example", code.to_lowercase()));
    let status_allowed = |res: &crate::harness::Response| -> bool {
        match res.status.as_u16() {
            403 => false,
            s if (200..300).contains(&s) => true,
            _ => panic!(
                "{endpoint:?} on {code}: unexpected {}: {}",
                res.status, res.text
            ),
        }
    };
    let listed = |res: &crate::harness::Response| -> bool {
        assert_eq!(res.status, 200, "{}", res.text);
        res.text.contains(&format!("\"id\":{org_id},"))
    };
    Some(match endpoint {
        Targeted::GetOrganisation => {
            status_allowed(&app.get(&format!("/api/v1/organisations/{org_id}"), token).await)
        }
        Targeted::ListedInOrganisations => {
            listed(&app.get("/api/v1/organisations?limit=1000", token).await)
        }
        Targeted::InTree => listed(&app.get("/api/v1/organisations/tree", token).await),
        Targeted::CreateOrganisationUnder => {
            let org = esf_ledger::store::organisations::find(&mut app.conn(), org_id).unwrap().unwrap();
            let kind = child_kind(&org.kind)?;
            let mut body = json!({ "parent_id": org_id, "kind": kind, "name": format!("Matrix {n}"), "code": format!("MX{n}") });
            if kind == "municipality" {
                body["municipality_code"] = json!(format!("{:04}", 9000 + n));
                body["code"] = Value::Null;
            }
            status_allowed(&app.post("/api/v1/organisations", token, body).await)
        }
        Targeted::EditOrganisation => {
            let org = esf_ledger::store::organisations::find(&mut app.conn(), org_id).unwrap().unwrap();
            status_allowed(
                &app.patch(&format!("/api/v1/organisations/{org_id}"), token, json!({ "version": org.version })).await,
            )
        }
        Targeted::ListUsersOf => {
            status_allowed(&app.get(&format!("/api/v1/users?organisation_id={org_id}"), token).await)
        }
        Targeted::GetUserOf => status_allowed(&app.get(&format!("/api/v1/users/{target_user}"), token).await),
        Targeted::CreateUserIn => status_allowed(
            &app.post("/api/v1/users", token, json!({
                "organisation_id": org_id, "name": "Matrix", "email": format!("m{n}@matrix.example"),
                "roles": ["economist"], "password": PASSWORD
            })).await,
        ),
        Targeted::EditUserOf => {
            let user = esf_ledger::store::users::find(&mut app.conn(), target_user).unwrap().unwrap();
            status_allowed(
                &app.patch(&format!("/api/v1/users/{target_user}"), token, json!({ "version": user.version })).await,
            )
        }
        Targeted::AuditLogOf => {
            status_allowed(&app.get(&format!("/api/v1/audit-log?organisation_id={org_id}"), token).await)
        }
    })
}

/// The operations the matrix covers; compared with the OpenAPI document so that a new
/// endpoint cannot be added without a row here.
const COVERED: [(&str, &str); 15] = [
    ("post", "/api/v1/auth/login"),
    ("get", "/api/v1/organisations"),
    ("post", "/api/v1/organisations"),
    ("get", "/api/v1/organisations/tree"),
    ("get", "/api/v1/organisations/{id}"),
    ("patch", "/api/v1/organisations/{id}"),
    ("get", "/api/v1/users"),
    ("post", "/api/v1/users"),
    ("get", "/api/v1/users/me"),
    ("post", "/api/v1/users/me/password"),
    ("get", "/api/v1/users/{id}"),
    ("patch", "/api/v1/users/{id}"),
    ("get", "/api/v1/project"),
    ("put", "/api/v1/project"),
    ("get", "/api/v1/audit-log"),
];

both_backends! {
    async fn access_matrix(app: TestApp) {
        add_target_users(&app);
        let mut n = 0;
        let mut failures = Vec::new();
        let mut cells = 0;
        for (email, role, scopes) in actors() {
            let token = app.token(email);
            for (scope, code) in scopes {
                for endpoint in TARGETED {
                    n += 1;
                    let Some(allowed) = attempt(&app, &token, endpoint, code, n).await else { continue };
                    cells += 1;
                    let want = expected(role, scope, endpoint);
                    if allowed != want {
                        failures.push(format!("{email} {scope:?} {code} {endpoint:?}: allowed={allowed}, expected {want}"));
                    }
                }
            }
            // Endpoints about oneself or the project.
            let me = app.get("/api/v1/users/me", &token).await;
            assert_eq!(me.status, 200, "{email}");
            let own = app.get(&format!("/api/v1/users/{}", me.body["id"]), &token).await;
            assert_eq!(own.status, 200, "{email} reading themselves");
            let pw = app.post("/api/v1/users/me/password", &token,
                json!({"current_password": PASSWORD, "new_password": PASSWORD})).await;
            assert_eq!(pw.status, 204, "{email}: {}", pw.text);
            let project = app.get("/api/v1/project", &token).await;
            assert_eq!(project.status, 200, "{email}");
            let mut input = project.body.clone();
            input.as_object_mut().unwrap().remove("updated_at");
            let put = app.put("/api/v1/project", &token, input).await;
            let want = role == Role::Admin;
            assert_eq!(put.status.is_success(), want, "{email} PUT /project: {}", put.text);
            if !want {
                assert_eq!(put.status, 403, "{email}");
            }
            cells += 5;
        }
        assert!(failures.is_empty(), "access matrix mismatches:\n{}", failures.join("\n"));
        assert!(cells > 300, "only {cells} cells");

        // Every documented operation is covered here.
        let doc = app.request(Method::GET, "/api/v1/openapi.json", None, None).await;
        let documented: BTreeSet<(String, String)> = doc.body["paths"].as_object().unwrap().iter()
            .flat_map(|(p, item)| item.as_object().unwrap().keys().map(move |m| (m.clone(), p.clone())))
            .collect();
        let covered: BTreeSet<(String, String)> = COVERED.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
        assert_eq!(documented, covered, "the access matrix must cover every documented endpoint");
    }
}
