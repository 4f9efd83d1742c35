//! User roles and role sets.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
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

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Economist => "economist",
            Role::Manager => "manager",
            Role::Admin => "admin",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| format!("'{s}' is not a role (economist, manager, admin, auditor)"))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A non-empty set of roles, stored as a sorted comma-separated list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn from_stored(s: &str) -> Result<Self, String> {
        Self::new(
            s.split(',')
                .filter(|p| !p.is_empty())
                .map(Role::parse)
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
