//! The scope rule, in one place: who may do what to which organisation.
//!
//! A user acts within their organisation's subtree; approval rights sit at the parent
//! level; auditors only read; admins (owner level) manage organisations, users and
//! project settings.

use super::organisation::{is_in_subtree, OrgKind};
use super::roles::{Role, RoleSet};

/// The authenticated user, as loaded from the database on every request.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub name: String,
    pub organisation_id: i64,
    pub organisation_kind: OrgKind,
    pub organisation_path: String,
    pub roles: RoleSet,
}

/// The organisation an action concerns.
#[derive(Debug, Clone)]
pub struct OrgScope {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read the organisation and its data.
    Read,
    /// Read the users of the organisation (managers need to know who attests).
    ReadUsers,
    /// Read the audit log of the organisation.
    ReadAudit,
    /// Enter data for the organisation (costs, timesheets, submit its report).
    EnterData,
    /// Attest timesheets of the organisation.
    Attest,
    /// Approve or return the organisation's report (parent level only).
    Approve,
    /// Create or edit organisations under / at this organisation.
    ManageOrganisations,
    /// Create or edit users of the organisation.
    ManageUsers,
    /// Change project-wide settings (only at the root).
    ManageProject,
}

/// Why an action was refused; shown to the user as a 403.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied(pub String);

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(role)
    }

    fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }

    pub fn sees(&self, target: &OrgScope) -> bool {
        is_in_subtree(&self.organisation_path, &target.path)
    }
}

/// Whether the actor may see a participant's full identity number (OSL 24:8): users of
/// the municipality the participant is enrolled in, and the owner's admins and managers,
/// who send the SCB file. Everyone else sees it masked.
pub fn sees_identity(actor: &Actor, municipality_id: i64) -> bool {
    actor.organisation_id == municipality_id || sends_scb_report(actor)
}

/// The owner's admins and managers make the SCB participant report.
pub fn sends_scb_report(actor: &Actor) -> bool {
    actor.organisation_kind == OrgKind::Owner && actor.has_any(&[Role::Admin, Role::Manager])
}

/// ESF claims and payments are the owner's: its managers make claims and record what
/// the ESF paid.
pub fn makes_claims(actor: &Actor) -> bool {
    actor.organisation_kind == OrgKind::Owner && actor.has(Role::Manager)
}

/// Budgets are project settings: the owner's admins set them.
pub fn sets_budgets(actor: &Actor) -> bool {
    actor.organisation_kind == OrgKind::Owner && actor.has(Role::Admin)
}

/// The ledger's invariants are checked by the owner's admins and auditors.
pub fn verifies_ledger(actor: &Actor) -> bool {
    actor.organisation_kind == OrgKind::Owner && actor.has_any(&[Role::Admin, Role::Auditor])
}

/// A claim shows every organisation's entries, so only the owner's users read it whole;
/// the others read their part of its distribution.
pub fn reads_claims(actor: &Actor) -> bool {
    actor.organisation_kind == OrgKind::Owner
}

pub fn authorize(actor: &Actor, action: Action, target: &OrgScope) -> Result<(), Denied> {
    if !actor.sees(target) {
        return Err(Denied(
            "the organisation is outside your organisation's part of the tree".into(),
        ));
    }
    let allowed = match action {
        Action::Read => true,
        Action::ReadUsers | Action::ReadAudit => {
            actor.has_any(&[Role::Admin, Role::Manager, Role::Auditor])
        }
        Action::EnterData => actor.has(Role::Economist) && target.id == actor.organisation_id,
        Action::Attest => actor.has(Role::Manager),
        // The owner has no parent: its own managers decide on its report (four eyes are
        // checked where the submitter is known).
        Action::Approve => {
            actor.has(Role::Manager)
                && (target.parent_id == Some(actor.organisation_id)
                    || (target.parent_id.is_none() && target.id == actor.organisation_id))
        }
        Action::ManageOrganisations | Action::ManageUsers => actor.has(Role::Admin),
        Action::ManageProject => {
            actor.has(Role::Admin) && actor.organisation_kind == OrgKind::Owner
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied(describe_requirement(action).into()))
    }
}

fn describe_requirement(action: Action) -> &'static str {
    match action {
        Action::Read => "reading requires the organisation to be in your scope",
        Action::ReadUsers => "reading users requires the admin, manager or auditor role",
        Action::ReadAudit => "reading the audit log requires the admin, manager or auditor role",
        Action::EnterData => "entering data requires the economist role in that organisation",
        Action::Attest => "attesting requires the manager role",
        Action::Approve => "approving requires the manager role in the parent organisation (the owner's managers for the owner)",
        Action::ManageOrganisations => "managing organisations requires the admin role",
        Action::ManageUsers => "managing users requires the admin role",
        Action::ManageProject => "project settings require the admin role at the project owner",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(org: i64, path: &str, kind: OrgKind, roles: &[Role]) -> Actor {
        Actor {
            user_id: 1,
            name: "t".into(),
            organisation_id: org,
            organisation_kind: kind,
            organisation_path: path.into(),
            roles: RoleSet::new(roles.iter().copied()).unwrap(),
        }
    }

    fn org(id: i64, parent: Option<i64>, path: &str) -> OrgScope {
        OrgScope {
            id,
            parent_id: parent,
            path: path.into(),
        }
    }

    #[test]
    fn subtree_scope_and_parent_approval() {
        let skl = org(1, None, "/1/");
        let gr = org(2, Some(1), "/1/2/");
        let molndal = org(7, Some(2), "/1/2/7/");
        let jamtland = org(3, Some(1), "/1/3/");
        let gr_manager = actor(2, "/1/2/", OrgKind::Region, &[Role::Manager]);

        assert!(authorize(&gr_manager, Action::Read, &gr).is_ok());
        assert!(authorize(&gr_manager, Action::Read, &molndal).is_ok());
        assert!(authorize(&gr_manager, Action::Read, &skl).is_err());
        assert!(authorize(&gr_manager, Action::Read, &jamtland).is_err());
        assert!(authorize(&gr_manager, Action::Approve, &molndal).is_ok());
        assert!(authorize(&gr_manager, Action::Approve, &gr).is_err());

        let auditor = actor(1, "/1/", OrgKind::Owner, &[Role::Auditor]);
        let skl_manager = actor(1, "/1/", OrgKind::Owner, &[Role::Manager]);
        assert!(authorize(&skl_manager, Action::Approve, &gr).is_ok());
        assert!(authorize(&skl_manager, Action::Approve, &skl).is_ok());
        assert!(authorize(&skl_manager, Action::Approve, &molndal).is_err());

        assert!(authorize(&auditor, Action::Read, &molndal).is_ok());
        assert!(authorize(&auditor, Action::EnterData, &skl).is_err());
        assert!(authorize(&auditor, Action::ManageUsers, &skl).is_err());

        let admin = actor(1, "/1/", OrgKind::Owner, &[Role::Admin]);
        assert!(authorize(&admin, Action::ManageProject, &skl).is_ok());
        assert!(authorize(&admin, Action::ManageOrganisations, &molndal).is_ok());
        let region_admin = actor(2, "/1/2/", OrgKind::Region, &[Role::Admin]);
        assert!(authorize(&region_admin, Action::ManageProject, &gr).is_err());

        let economist = actor(7, "/1/2/7/", OrgKind::Municipality, &[Role::Economist]);
        assert!(authorize(&economist, Action::EnterData, &molndal).is_ok());
        assert!(authorize(&economist, Action::ReadUsers, &molndal).is_err());
    }
}
