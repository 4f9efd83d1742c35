//! User roles and role sets.

use std::collections::BTreeSet;

use super::names::Named;
use serde::{Deserialize, Serialize};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    strum::Display,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    PartialOrd,
    Ord,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Role {
    /// Enters costs and submits the organisation's monthly report.
    Economist,
    /// Attests timesheets and approves the reports of child organisations.
    Manager,
    /// Owner level: organisations, users, project settings.
    Admin,
    /// Reads everything in scope, changes nothing.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Economist, Role::Manager, Role::Admin, Role::Auditor];
}

/// A non-empty set of roles, stored as a sorted comma-separated list.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Default,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct RoleSet(BTreeSet<Role>);

impl RoleSet {
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Result<Self, String> {
        let set: BTreeSet<Role> = roles.into_iter().collect();
        if set.is_empty() {
            return Err("a user needs at least one role".into());
        }
        Ok(Self(set))
    }

    pub fn contains(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.0.iter().copied()
    }

    pub fn to_vec(&self) -> Vec<Role> {
        self.0.iter().copied().collect()
    }

    /// The storage form, e.g. "economist,manager".
    pub fn to_stored(&self) -> String {
        self.0
            .iter()
            .map(|r| Named::as_str(*r))
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn from_stored(s: &str) -> Result<Self, String> {
        Self::new(
            s.split(',')
                .filter(|p| !p.is_empty())
                .map(|p| Role::parse(p.trim()))
                .collect::<Result<Vec<_>, _>>()?,
        )
    }

    /// Parses a comma-separated list given on a command line.
    pub fn parse_list(s: &str) -> Result<Self, String> {
        Self::from_stored(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_sorted() {
        let set = RoleSet::parse_list("manager,economist").unwrap();
        assert_eq!(set.to_stored(), "economist,manager");
        assert_eq!(RoleSet::from_stored("economist,manager").unwrap(), set);
        assert!(RoleSet::parse_list("").is_err());
        assert!(RoleSet::parse_list("boss").is_err());
    }
}
