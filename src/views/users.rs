//! What the users use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::roles::Role;
use serde::{Deserialize, Serialize};

/// A user as the API shows it (never the password hash).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_code: String,
    pub organisation_name: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub active: bool,
    /// True while the account is locked after repeated failed logins.
    pub locked: bool,
    pub version: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserInput {
    pub organisation_id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// 10 to 256 characters, and not easy to guess: common passwords, patterns and the
    /// user's own name or e-mail address are refused (a zxcvbn score of at least 3).
    pub password: String,
    /// Defaults to true.
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    /// The version you read; a stale version is refused with 409.
    pub version: i64,
    pub organisation_id: Option<i64>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub roles: Option<Vec<Role>>,
    /// False disables the user: refused on their next request.
    pub active: Option<bool>,
    /// Sets a new password (which also lifts any login lock).
    pub password: Option<String>,
    /// True lifts the login lock of this user's e-mail address from every client
    /// address (audited with the change).
    pub unlock: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    /// The same rules as a new user's password.
    pub new_password: String,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UserQuery {
    pub organisation_id: Option<i64>,
    pub active: Option<bool>,
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}
