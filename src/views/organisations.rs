//! What the organisations use cases accept and return: serialised to JSON by the API and rendered by the workbooks.

use crate::domain::organisation::{EmployerKind, OrgKind};
use serde::{Deserialize, Serialize};

/// An organisation as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
pub struct Organisation {
    pub id: i64,
    /// The parent organisation; absent for the project owner.
    pub parent_id: Option<i64>,
    pub kind: OrgKind,
    /// Short unique code (municipality code for municipalities, e.g. 1481; SKL, GR).
    pub code: String,
    pub name: String,
    /// Four-digit Swedish municipality code (kommunkod).
    pub municipality_code: Option<String>,
    /// Organisation number NNNNNN-NNNN.
    pub organisation_number: Option<String>,
    /// Which social-fee default applies to its staff.
    pub employer_kind: EmployerKind,
    /// 0 for the owner, 1 for regions, 2 for municipalities.
    pub depth: usize,
    /// Send this back when editing (optimistic concurrency).
    pub version: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// An organisation with its children, for the tree view.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrganisationNode {
    #[serde(flatten)]
    pub organisation: Organisation,
    #[schema(no_recursion)]
    pub children: Vec<OrganisationNode>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrganisationInput {
    /// The parent: the owner for a region, a region for a municipality.
    pub parent_id: i64,
    pub kind: OrgKind,
    /// Defaults to the municipality code when one is given.
    pub code: Option<String>,
    pub name: String,
    pub municipality_code: Option<String>,
    pub organisation_number: Option<String>,
    /// Defaults to `municipality`.
    pub employer_kind: Option<EmployerKind>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationPatch {
    /// The version you read; a stale version is refused with 409.
    pub version: i64,
    /// Move under another parent (a municipality to another region).
    pub parent_id: Option<i64>,
    pub code: Option<String>,
    pub name: Option<String>,
    /// `null` removes it.
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<String>)]
    pub municipality_code: Option<Option<String>>,
    /// `null` removes it.
    #[serde(default, with = "::serde_with::rust::double_option")]
    #[schema(value_type = Option<String>)]
    pub organisation_number: Option<Option<String>>,
    pub employer_kind: Option<EmployerKind>,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OrganisationQuery {
    pub kind: Option<OrgKind>,
    pub parent_id: Option<i64>,
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}
