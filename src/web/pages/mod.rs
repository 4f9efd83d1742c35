//! One module per page; each reads the session, calls a use case and renders its view.

pub mod home;
pub mod login;
pub mod month;
pub mod password;

use super::ASSETS;
use crate::domain::access::Actor;

/// What the frame around every page shows: the stylesheet and script, and for a
/// signed-in user their name and the form token the logout button carries.
pub struct Chrome {
    pub css: &'static str,
    pub js: &'static str,
    pub user: Option<String>,
    pub csrf: String,
}

impl Chrome {
    pub fn signed(actor: &Actor, csrf: &str) -> Self {
        Chrome {
            css: &ASSETS.css.url,
            js: &ASSETS.htmx.url,
            user: Some(actor.name.clone()),
            csrf: csrf.to_string(),
        }
    }

    pub fn anonymous() -> Self {
        Chrome {
            css: &ASSETS.css.url,
            js: &ASSETS.htmx.url,
            user: None,
            csrf: String::new(),
        }
    }
}
