//! What the audit use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub user_id: Option<i64>,
    pub actor: String,
    pub organisation_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: i64,
    /// The record before the change (absent for creations), as the public view of the
    /// record showed it: any JSON value (older claim entries are arrays).
    #[schema(value_type = Option<Value>)]
    pub before: Option<serde_json::Value>,
    /// The record after the change (absent for deletions).
    #[schema(value_type = Option<Value>)]
    pub after: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only entries about this organisation.
    pub organisation_id: Option<i64>,
    /// Only entries about this kind of record, e.g. `organisation`, `user`.
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    /// Only changes made by this user.
    pub user_id: Option<i64>,
    /// Only changes on or after this day (UTC).
    pub from: Option<crate::domain::period::Date>,
    /// Only changes on or before this day (UTC).
    pub to: Option<crate::domain::period::Date>,
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}
