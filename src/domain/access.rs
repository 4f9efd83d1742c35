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
    /// Set budget lines and import the budget workbook (at the root).
    SetBudgets,
    /// Draft, recompute and issue ESF claims and record their payments (at the root).
    MakeClaims,
    /// Read whole claims with every organisation's lines (at the root).
    ReadClaims,
    /// Make and download SCB's participant report, with full identity numbers (at the
    /// root).
    SendScbReport,
    /// Run the ledger check (`verify`) over HTTP (at the root).
    VerifyLedger,
}

impl OrgScope {
    /// The project's root (the owner) as seen from the actor's place in the tree: the
    /// target of project-level actions, which only the owner's users see.
    pub fn project_root(actor: &Actor) -> OrgScope {
        let root_id = super::organisation::path_ids(&actor.organisation_path)
            .first()
            .copied()
            .unwrap_or(actor.organisation_id);
        OrgScope {
            id: root_id,
            parent_id: None,
            path: format!("/{root_id}/"),
        }
    }
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denied {
    /// The organisation is outside the actor's part of the tree: to them its records do
    /// not exist, so this is answered exactly as a missing record (404), and ids of other
    /// organisations cannot be probed.
    OutOfSight,
    /// The actor sees the organisation but may not do this there (403, with the rule).
    Refused(String),
}

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
/// the municipality the participant is enrolled in, and those who send the SCB file
/// (the owner's admins and managers). Everyone else sees it masked.
pub fn sees_identity(actor: &Actor, municipality_id: i64) -> bool {
    actor.organisation_id == municipality_id
        || authorize(actor, Action::SendScbReport, &OrgScope::project_root(actor)).is_ok()
}

/// A project-level action: `action` at the project's root.
pub fn authorize_project(actor: &Actor, action: Action) -> Result<(), Denied> {
    authorize(actor, action, &OrgScope::project_root(actor))
}

pub fn authorize(actor: &Actor, action: Action, target: &OrgScope) -> Result<(), Denied> {
    // Project-level actions are the owner's users' (on the root, or on any organisation
    // for budgets and settings).
    let at_root = actor.organisation_kind == OrgKind::Owner;
    if !actor.sees(target) {
        return Err(match project_level(action) {
            true => Denied::Refused(describe_requirement(action).into()),
            false => Denied::OutOfSight,
        });
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
        Action::ManageProject | Action::SetBudgets => at_root && actor.has(Role::Admin),
        // ESF claims and payments are the owner's: its managers make claims and record
        // what the ESF paid.
        Action::MakeClaims => at_root && actor.has(Role::Manager),
        // A claim shows every organisation's entries, so only the owner's users read it
        // whole; the others read their part of its distribution.
        Action::ReadClaims => at_root,
        Action::SendScbReport => at_root && actor.has_any(&[Role::Admin, Role::Manager]),
        Action::VerifyLedger => at_root && actor.has_any(&[Role::Admin, Role::Auditor]),
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied::Refused(describe_requirement(action).into()))
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
        Action::ManageProject | Action::SetBudgets => {
            "project settings require the admin role at the project owner"
        }
        Action::MakeClaims => "ESF claims and payments are made by the project owner's managers",
        Action::ReadClaims => "a claim shows every organisation's entries; only the project owner's users read it (read your organisation's part of the distribution instead)",
        Action::SendScbReport => "the SCB report is made by the project owner's admins and managers",
        Action::VerifyLedger => {
            "verifying the ledger requires the admin or auditor role at the project owner"
        }
    }
}

/// Actions that concern the whole project rather than one organisation: refused with
/// what they require, not as out of scope.
fn project_level(action: Action) -> bool {
    match action {
        Action::ManageProject
        | Action::SetBudgets
        | Action::MakeClaims
        | Action::ReadClaims
        | Action::SendScbReport
        | Action::VerifyLedger => true,
        Action::Read
        | Action::ReadUsers
        | Action::ReadAudit
        | Action::EnterData
        | Action::Attest
        | Action::Approve
        | Action::ManageOrganisations
        | Action::ManageUsers => false,
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
    fn project_level_actions_are_the_owners() {
        let skl_manager = actor(1, "/1/", OrgKind::Owner, &[Role::Manager]);
        let skl_admin = actor(1, "/1/", OrgKind::Owner, &[Role::Admin]);
        let skl_auditor = actor(1, "/1/", OrgKind::Owner, &[Role::Auditor]);
        let skl_economist = actor(1, "/1/", OrgKind::Owner, &[Role::Economist]);
        let gr_admin = actor(2, "/1/2/", OrgKind::Region, &[Role::Admin, Role::Manager]);
        let ok = |a: &Actor, action| authorize_project(a, action).is_ok();
        assert!(ok(&skl_manager, Action::MakeClaims));
        assert!(!ok(&skl_admin, Action::MakeClaims));
        assert!(ok(&skl_economist, Action::ReadClaims));
        assert!(ok(&skl_admin, Action::SetBudgets));
        assert!(!ok(&skl_manager, Action::SetBudgets));
        assert!(ok(&skl_admin, Action::SendScbReport));
        assert!(ok(&skl_manager, Action::SendScbReport));
        assert!(!ok(&skl_auditor, Action::SendScbReport));
        assert!(ok(&skl_auditor, Action::VerifyLedger));
        assert!(!ok(&skl_economist, Action::VerifyLedger));
        // Below the owner nothing project-wide is allowed, and the refusal says what
        // the action requires rather than "out of scope".
        for action in [
            Action::MakeClaims,
            Action::ReadClaims,
            Action::SetBudgets,
            Action::SendScbReport,
            Action::VerifyLedger,
            Action::ManageProject,
        ] {
            let Err(Denied::Refused(denied)) = authorize_project(&gr_admin, action) else {
                panic!("{action:?} is refused with its rule");
            };
            assert!(denied.contains("project owner"), "{action:?}: {denied}");
        }
        assert!(sees_identity(&skl_manager, 7));
        assert!(!sees_identity(&skl_auditor, 7));
        assert!(!sees_identity(&gr_admin, 7));
        assert!(sees_identity(
            &actor(7, "/1/2/7/", OrgKind::Municipality, &[Role::Economist]),
            7
        ));
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
        assert_eq!(
            authorize(&gr_manager, Action::Read, &skl),
            Err(Denied::OutOfSight)
        );
        assert_eq!(
            authorize(&gr_manager, Action::Read, &jamtland),
            Err(Denied::OutOfSight)
        );
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
