//! One module per page; each reads the session, calls a use case and renders its view.

pub mod admin;
pub mod budget;
pub mod claims;
pub mod entries;
pub mod home;
pub mod log;
pub mod login;
pub mod month;
pub mod participants;
pub mod password;
pub mod payments;
pub mod scb;
pub mod settings;
pub mod staff;
pub mod statistics;
pub mod timesheets;
pub mod uploads;

use super::ASSETS;
use crate::api::state::AppState;
use crate::web::WebError;

/// Every organisation the reader sees (at most the project's tree), for a page's table
/// or a form's choices.
pub(crate) async fn organisations_in_view(
    state: &AppState,
    actor: &Actor,
) -> Result<Vec<crate::views::organisations::Organisation>, WebError> {
    let actor = actor.clone();
    Ok(state
        .db(move |conn| {
            crate::service::organisations::list(
                conn,
                &actor,
                crate::views::organisations::OrganisationQuery {
                    kind: None,
                    parent_id: None,
                    limit: Some(1000),
                    offset: None,
                },
            )
        })
        .await?
        .items)
}
use crate::domain::access::Actor;

/// What the frame around every page shows: the stylesheet and script, and for a
/// signed-in user their name and the form token the logout button carries.
pub struct Chrome {
    pub css: &'static str,
    pub js: &'static str,
    pub app_js: &'static str,
    pub user: Option<String>,
    pub csrf: String,
    /// The user reads the audit log (the gate's rule, for offering the link).
    pub reads_log: bool,
    /// The user manages users (the gate's rule, for offering Administration).
    pub manages_users: bool,
    /// The user sends SCB's report (the gate's rule, for offering SCB).
    pub sends_scb: bool,
    /// The user reads the claims (the gate's rule, for offering Ansökningar).
    pub reads_claims: bool,
}

impl Chrome {
    pub fn signed(actor: &Actor, csrf: &str) -> Self {
        use crate::domain::access::{authorize, Action, OrgScope};
        let own = OrgScope {
            id: actor.organisation_id,
            parent_id: None,
            path: actor.organisation_path.clone(),
        };
        Chrome {
            css: &ASSETS.css.url,
            js: &ASSETS.htmx.url,
            app_js: &ASSETS.app_js.url,
            user: Some(actor.name.clone()),
            csrf: csrf.to_string(),
            reads_log: authorize(actor, Action::ReadAudit, &own).is_ok(),
            manages_users: authorize(actor, Action::ManageUsers, &own).is_ok(),
            sends_scb: authorize(actor, Action::SendScbReport, &own).is_ok(),
            reads_claims: crate::domain::access::authorize_project(actor, Action::ReadClaims)
                .is_ok(),
        }
    }

    pub fn anonymous() -> Self {
        Chrome {
            css: &ASSETS.css.url,
            js: &ASSETS.htmx.url,
            app_js: &ASSETS.app_js.url,
            user: None,
            csrf: String::new(),
            reads_log: false,
            manages_users: false,
            sends_scb: false,
            reads_claims: false,
        }
    }
}
