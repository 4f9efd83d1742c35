//! Administration (issue 15), for the owner's admins: users (create, roles, disable and
//! enable, unlock, a new password). Every action is the users use case's, with its
//! rules (the last admin stays, roles fit the organisation, passwords are checked) and
//! its gate.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;
use serde_json::Value;

use super::Chrome;
use crate::api::state::AppState;
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::views::organisations::OrganisationQuery;
use crate::views::users::{User, UserPatch, UserQuery};
use crate::web::format;
use crate::web::forms::{self, decode, field, many, FieldDef, FormPage, Input, Problems};
use crate::web::session::Signed;
use crate::web::{render, respond, see_other, WebError};

const PAGE: i64 = 100;

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<User>,
    total: i64,
    page: i64,
    pages: i64,
}

impl UsersPage {
    fn roles(&self, u: &User) -> String {
        roles(&u.roles)
    }
}

fn roles(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| format::role(*r))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Deserialize)]
pub struct ListQuery {
    sida: Option<i64>,
}

pub async fn users(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, WebError> {
    let page = q.sida.unwrap_or(1).clamp(1, i64::MAX / PAGE);
    let actor = signed.actor.clone();
    let found = state
        .db(move |conn| {
            crate::service::users::list(
                conn,
                &actor,
                UserQuery {
                    organisation_id: None,
                    active: None,
                    limit: Some(PAGE),
                    offset: Some((page - 1) * PAGE),
                },
            )
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(render(&UsersPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            pages: ((found.total + PAGE - 1) / PAGE).max(1),
            users: found.items,
            total: found.total,
            page,
        })?))
}

/// The new user's fields; the organisations are those the admin sees.
async fn user_fields(state: &AppState, signed: &Signed) -> Result<Vec<FieldDef>, WebError> {
    let orgs = super::organisations_in_view(state, &signed.actor).await?;
    Ok(vec![
        field(
            "organisation_id",
            "Organisation",
            "",
            Input::Choice(
                orgs.into_iter()
                    .map(|o| (o.id.to_string(), o.name))
                    .collect(),
            ),
        ),
        field("name", "Namn", "", Input::Text),
        field("email", "E-postadress", "", Input::Text),
        field(
            "roles",
            "Roller",
            "Administratör bara hos projektägaren.",
            many::<Role>(format::role),
        ),
        field(
            "password",
            "Första lösenord",
            "Minst 10 tecken och svårt att gissa. Ge det till personen på ett säkert sätt.",
            Input::Secret,
        ),
    ])
}

fn user_form(
    signed: &Signed,
    defs: Vec<FieldDef>,
    values: &HashMap<String, String>,
    problems: Problems,
) -> FormPage {
    FormPage::plain(
        Chrome::signed(&signed.actor, &signed.csrf),
        "Ny användare".into(),
        ("/admin/anvandare".into(), "Till användarna"),
        "/admin/anvandare/ny".into(),
        defs,
        values,
        problems,
        "Skapa användaren",
    )
}

pub async fn new_user(
    state: web::Data<AppState>,
    signed: Signed,
) -> Result<HttpResponse, WebError> {
    let defs = user_fields(&state, &signed).await?;
    user_form(&signed, defs, &HashMap::new(), Vec::new()).respond(StatusCode::OK)
}

pub async fn create_user(
    state: web::Data<AppState>,
    signed: Signed,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let values = forms::fields_of(posted.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    let defs = user_fields(&state, &signed).await?;
    let names: Vec<&str> = defs.iter().map(|f| f.name).collect();
    let problems = match forms::read(&defs, &values) {
        Ok(mut input) => {
            forms::as_number(&mut input, "organisation_id")?;
            let actor = signed.actor.clone();
            let made = state
                .db(move |conn| {
                    crate::service::users::create(
                        conn,
                        &crate::service::ChangedBy::of(&actor),
                        Some(&actor),
                        decode(Value::Object(input))?,
                    )
                })
                .await;
            match made {
                Ok(u) => return Ok(see_other(format!("/admin/anvandare/{}?klart=ny", u.id))),
                Err(e) => forms::problems_of(e, &names, &[])?,
            }
        }
        Err(p) => p,
    };
    // The password is never sent back into the page.
    let mut values = values;
    values.remove("password");
    user_form(&signed, defs, &values, problems).respond(StatusCode::UNPROCESSABLE_ENTITY)
}

#[derive(Template)]
#[template(path = "user.html")]
struct UserPageT {
    chrome: Chrome,
    user: User,
    done: Option<&'static str>,
    problem: Option<String>,
}

impl UserPageT {
    fn roles(&self) -> String {
        roles(&self.user.roles)
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    klart: Option<String>,
}

async fn user_page(
    state: &AppState,
    signed: &Signed,
    id: i64,
    done: Option<&'static str>,
    problem: Option<String>,
) -> Result<HttpResponse, WebError> {
    let actor = signed.actor.clone();
    let user = state
        .db(move |conn| crate::service::users::get(conn, &actor, id))
        .await?;
    let status = if problem.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(render(&UserPageT {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            user,
            done,
            problem,
        })?))
}

pub async fn user(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
    q: web::Query<DoneQuery>,
) -> Result<HttpResponse, WebError> {
    let done = match q.klart.as_deref() {
        Some("ny") => Some("Användaren är skapad."),
        Some("avstangd") => Some("Användaren är avstängd och utloggad överallt."),
        Some("aktiv") => Some("Användaren kan logga in igen."),
        Some("upplast") => Some("Låset är hävt."),
        Some("losenord") => Some("Lösenordet är bytt; användarens sessioner är avslutade."),
        _ => None,
    };
    user_page(&state, &signed, id.into_inner(), done, None).await
}

#[derive(Deserialize)]
pub struct ActionForm {
    csrf: String,
    version: i64,
    #[serde(default)]
    password: String,
}

/// Disable, enable, unlock or set a password, as the path names it.
pub async fn act(
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<(i64, String)>,
    form: web::Form<ActionForm>,
) -> Result<HttpResponse, WebError> {
    let (id, step) = path.into_inner();
    signed.check_csrf(&form.csrf)?;
    let mut patch = UserPatch {
        version: form.version,
        organisation_id: None,
        name: None,
        email: None,
        roles: None,
        active: None,
        password: None,
        unlock: None,
    };
    let word = match step.as_str() {
        "stang-av" => {
            patch.active = Some(false);
            "avstangd"
        }
        "aktivera" => {
            patch.active = Some(true);
            "aktiv"
        }
        "las-upp" => {
            patch.unlock = Some(true);
            "upplast"
        }
        "losenord" => {
            patch.password = Some(form.password.clone());
            "losenord"
        }
        _ => {
            return Err(WebError::App(crate::error::AppError::NotFound(format!(
                "no step {step}"
            ))))
        }
    };
    let actor = signed.actor.clone();
    match state
        .db(move |conn| crate::service::users::update(conn, &actor, id, patch))
        .await
    {
        Ok(_) => Ok(see_other(format!("/admin/anvandare/{id}?klart={word}"))),
        Err(e) => {
            let problems = forms::problems_of(e, &["password"], &[])?;
            let text = problems
                .into_iter()
                .map(|(_, m)| m)
                .collect::<Vec<_>>()
                .join(" ");
            user_page(&state, &signed, id, None, Some(text)).await
        }
    }
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    chrome: Chrome,
    /// The check's outcome, when it was asked to run.
    report: Option<crate::views::verify::VerifyReport>,
}

impl VerifyPage {
    fn sv(&self, m: &str) -> String {
        crate::web::messages::swedish(m)
    }
}

#[derive(Deserialize)]
pub struct VerifyQuery {
    kor: Option<String>,
}

/// The ledger check (`verify`): what it checks, and on request every invariant with any
/// breach in plain words. It re-reads every issued claim's lines (under a second at
/// national scale), so it runs when asked, not on every visit.
pub async fn verify(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<VerifyQuery>,
) -> Result<HttpResponse, WebError> {
    let actor = signed.actor.clone();
    let report = if q.kor.is_some() {
        Some(
            state
                .db(move |conn| crate::service::verify::run_as(conn, &actor))
                .await?,
        )
    } else {
        crate::domain::access::authorize_project(
            &actor,
            crate::domain::access::Action::VerifyLedger,
        )
        .map_err(AppError::from)?;
        None
    };
    respond(
        StatusCode::OK,
        &VerifyPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            report,
        },
    )
}

// ---------------------------------------------------------------------------------------
// Organisations.

#[derive(Template)]
#[template(path = "organisations.html")]
struct OrganisationsPage {
    chrome: Chrome,
    orgs: Vec<crate::views::organisations::Organisation>,
    done: Option<&'static str>,
}

pub async fn organisations(
    state: web::Data<AppState>,
    signed: Signed,
    q: web::Query<DoneQuery>,
) -> Result<HttpResponse, WebError> {
    let mut orgs = super::organisations_in_view(&state, &signed.actor).await?;
    // Parents before their children, as the tree reads.
    let parent_name: HashMap<i64, String> = orgs.iter().map(|o| (o.id, o.name.clone())).collect();
    orgs.sort_by(|a, b| {
        let key = |o: &crate::views::organisations::Organisation| match o.depth {
            0 => (String::new(), 0, o.name.clone()),
            1 => (o.name.clone(), 1, String::new()),
            _ => (
                o.parent_id
                    .and_then(|p| parent_name.get(&p).cloned())
                    .unwrap_or_default(),
                2,
                o.name.clone(),
            ),
        };
        key(a).cmp(&key(b))
    });
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(render(&OrganisationsPage {
            chrome: Chrome::signed(&signed.actor, &signed.csrf),
            orgs,
            done: match q.klart.as_deref() {
                Some("ny") => Some("Organisationen är skapad."),
                Some(_) => Some("Organisationen är ändrad."),
                None => None,
            },
        })?))
}

fn organisation_fields(parents: Vec<(String, String)>) -> Vec<FieldDef> {
    vec![
        field("name", "Namn", "", Input::Text),
        field(
            "code",
            "Kod",
            "Kort och unik, t.ex. kommunkoden.",
            Input::Text,
        ),
        forms::optional(field(
            "municipality_code",
            "Kommunkod",
            "Fyra siffror; bara för kommuner. Tomt tar bort den.",
            Input::Text,
        )),
        forms::optional(field(
            "organisation_number",
            "Organisationsnummer",
            "NNNNNN-NNNN. Tomt tar bort det.",
            Input::Text,
        )),
        forms::optional(field(
            "parent_id",
            "Hör till",
            "En kommun kan flyttas till en annan region.",
            Input::Choice(parents),
        )),
    ]
}

async fn organisation_page(
    state: &AppState,
    signed: &Signed,
    id: i64,
    values: Option<&HashMap<String, String>>,
    problems: Problems,
) -> Result<HttpResponse, WebError> {
    let actor = signed.actor.clone();
    let (org, parents) = state
        .db(move |conn| {
            let org = crate::service::organisations::get(conn, &actor, id)?;
            let parents = crate::service::organisations::list(
                conn,
                &actor,
                OrganisationQuery {
                    kind: None,
                    parent_id: None,
                    limit: Some(1000),
                    offset: None,
                },
            )?
            .items
            .into_iter()
            .filter(|o| o.depth + 1 == org.depth)
            .map(|o| (o.id.to_string(), o.name))
            .collect::<Vec<_>>();
            Ok((org, parents))
        })
        .await?;
    let mut shown: HashMap<String, String> = match values {
        Some(v) => v.clone(),
        None => {
            let mut v = HashMap::new();
            v.insert("name".into(), org.name.clone());
            v.insert("code".into(), org.code.clone());
            if let Some(c) = &org.municipality_code {
                v.insert("municipality_code".into(), c.clone());
            }
            if let Some(n) = &org.organisation_number {
                v.insert("organisation_number".into(), n.clone());
            }
            if let Some(p) = org.parent_id {
                v.insert("parent_id".into(), p.to_string());
            }
            v
        }
    };
    shown.insert("version".into(), org.version.to_string());
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let defs = organisation_fields(if org.parent_id.is_some() {
        parents
    } else {
        Vec::new()
    });
    let defs = if org.parent_id.is_none() {
        defs.into_iter().filter(|f| f.name != "parent_id").collect()
    } else {
        defs
    };
    FormPage {
        chrome: Chrome::signed(&signed.actor, &signed.csrf),
        heading: format!("Ändra {}", org.name),
        back: ("/admin/organisationer".into(), "Till organisationerna"),
        action: format!("/admin/organisationer/{id}"),
        fields: forms::shown(defs, &shown, &problems, |_| None),
        version: Some(org.version),
        correcting: false,
        reason: String::new(),
        reason_error: None,
        problems,
        submit: "Spara",
        notice: None,
    }
    .respond(status)
}

pub async fn organisation(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
) -> Result<HttpResponse, WebError> {
    organisation_page(&state, &signed, id.into_inner(), None, Vec::new()).await
}

pub async fn update_organisation(
    state: web::Data<AppState>,
    signed: Signed,
    id: web::Path<i64>,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let id = id.into_inner();
    let values = forms::fields_of(posted.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    let version: i64 = values
        .get("version")
        .and_then(|v| v.parse().ok())
        .ok_or(WebError::Unreadable)?;
    let text = |k: &str| {
        values
            .get(k)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let optional = |k: &str| {
        let t = text(k);
        Some((!t.is_empty()).then_some(t))
    };
    let parent_id = match text("parent_id").as_str() {
        "" => None,
        p => Some(p.parse::<i64>().map_err(|_| WebError::Unreadable)?),
    };
    let patch = crate::views::organisations::OrganisationPatch {
        version,
        parent_id,
        code: Some(text("code")),
        name: Some(text("name")),
        municipality_code: optional("municipality_code"),
        organisation_number: optional("organisation_number"),
        employer_kind: None,
    };
    let actor = signed.actor.clone();
    match state
        .db(move |conn| crate::service::organisations::update(conn, &actor, id, patch))
        .await
    {
        Ok(_) => Ok(see_other("/admin/organisationer?klart=1".into())),
        Err(e) => {
            let problems = forms::problems_of(
                e,
                &[
                    "name",
                    "code",
                    "municipality_code",
                    "organisation_number",
                    "parent_id",
                ],
                &[],
            )?;
            organisation_page(&state, &signed, id, Some(&values), problems).await
        }
    }
}

/// A new organisation's fields: its kind and parent (the owner for a region, a region
/// for a municipality: the use case's rule), and what names it.
async fn new_organisation_fields(
    state: &AppState,
    signed: &Signed,
) -> Result<Vec<FieldDef>, WebError> {
    use crate::domain::names::Named;
    use crate::domain::organisation::{EmployerKind, OrgKind};
    let parents = super::organisations_in_view(state, &signed.actor)
        .await?
        .into_iter()
        .filter(|o| o.kind != OrgKind::Municipality)
        .map(|o| (o.id.to_string(), o.name))
        .collect();
    Ok(vec![
        field(
            "kind",
            "Slag",
            "",
            Input::Choice(
                [OrgKind::Region, OrgKind::Municipality]
                    .iter()
                    .map(|k| (k.as_str().to_string(), format::org_kind(*k).to_string()))
                    .collect(),
            ),
        ),
        field(
            "parent_id",
            "Hör till",
            "En region hör till projektägaren, en kommun till en region.",
            Input::Choice(parents),
        ),
        field("name", "Namn", "", Input::Text),
        forms::optional(field(
            "municipality_code",
            "Kommunkod",
            "Fyra siffror; bara för kommuner.",
            Input::Text,
        )),
        forms::optional(field(
            "code",
            "Kod",
            "Kort och unik. Tomt: kommunkoden.",
            Input::Text,
        )),
        forms::optional(field(
            "organisation_number",
            "Organisationsnummer",
            "NNNNNN-NNNN.",
            Input::Text,
        )),
        forms::optional(field(
            "employer_kind",
            "Slag av arbetsgivare",
            "Avgör vilken arbetsgivaravgift som gäller. Tomt: kommun.",
            forms::choices::<EmployerKind>(format::employer_kind),
        )),
    ])
}

fn new_organisation_form(
    signed: &Signed,
    defs: Vec<FieldDef>,
    values: &HashMap<String, String>,
    problems: Problems,
) -> FormPage {
    FormPage::plain(
        Chrome::signed(&signed.actor, &signed.csrf),
        "Ny organisation".into(),
        ("/admin/organisationer".into(), "Till organisationerna"),
        "/admin/organisationer/ny".into(),
        defs,
        values,
        problems,
        "Skapa organisationen",
    )
}

pub async fn new_organisation(
    state: web::Data<AppState>,
    signed: Signed,
) -> Result<HttpResponse, WebError> {
    let defs = new_organisation_fields(&state, &signed).await?;
    new_organisation_form(&signed, defs, &HashMap::new(), Vec::new()).respond(StatusCode::OK)
}

pub async fn create_organisation(
    state: web::Data<AppState>,
    signed: Signed,
    posted: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let values = forms::fields_of(posted.into_inner());
    signed.check_csrf(values.get("csrf").map_or("", String::as_str))?;
    let defs = new_organisation_fields(&state, &signed).await?;
    let names: Vec<&str> = defs.iter().map(|f| f.name).collect();
    let problems = match forms::read(&defs, &values) {
        Ok(mut input) => {
            forms::as_number(&mut input, "parent_id")?;
            let actor = signed.actor.clone();
            let made = state
                .db(move |conn| {
                    crate::service::organisations::create(
                        conn,
                        &actor,
                        decode(Value::Object(input))?,
                    )
                })
                .await;
            match made {
                Ok(_) => return Ok(see_other("/admin/organisationer?klart=ny".into())),
                Err(e) => forms::problems_of(e, &names, &[])?,
            }
        }
        Err(p) => p,
    };
    new_organisation_form(&signed, defs, &values, problems)
        .respond(StatusCode::UNPROCESSABLE_ENTITY)
}
