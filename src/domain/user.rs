//! Users: e-mail, password policy, which roles fit which organisation, login lockout.

use chrono::{NaiveDateTime, TimeDelta};

use super::organisation::OrgKind;
use super::roles::{Role, RoleSet};
use crate::domain::names::Named;

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Lower-cases and checks an e-mail address (one '@', a dot in the domain, no spaces).
pub fn normalize_email(email: &str) -> Result<String, String> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if valid {
        Ok(email)
    } else {
        Err(format!("'{email}' is not an e-mail address"))
    }
}

pub fn check_password(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(format!("must be at least {MIN_PASSWORD_CHARS} characters"));
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(format!("must be at most {MAX_PASSWORD_CHARS} characters"));
    }
    Ok(())
}

/// The admin role is owner level: it belongs to users of the project owner only.
pub fn check_roles_for_organisation(roles: &RoleSet, org_kind: OrgKind) -> Result<(), String> {
    if roles.contains(Role::Admin) && org_kind != OrgKind::Owner {
        return Err(format!(
            "the admin role is for users of the project owner, not of a {}",
            org_kind.as_str()
        ));
    }
    Ok(())
}

/// How repeated failed logins are slowed down: the failure that makes `max_failures`
/// in a row locks the account for `lock_for` and starts the count over. The store
/// applies it in one statement (`store::users::record_login_failure`), so failures in
/// flight at once all count.
#[derive(Debug, Clone, Copy)]
pub struct LockoutPolicy {
    pub max_failures: i32,
    pub lock_for: TimeDelta,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self {
            max_failures: 5,
            lock_for: TimeDelta::minutes(15),
        }
    }
}

pub fn is_locked(locked_until: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    locked_until.is_some_and(|t| t > now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            normalize_email(" Molndal.Economist@Plugin.Example ").unwrap(),
            "molndal.economist@plugin.example"
        );
        assert!(normalize_email("no-at-sign").is_err());
        assert!(normalize_email("a@b").is_err());
        assert!(normalize_email("a b@c.se").is_err());
        assert!(normalize_email("a@@c.se").is_err());
    }

    #[test]
    fn admin_only_at_owner() {
        let admin = RoleSet::new([Role::Admin]).unwrap();
        assert!(check_roles_for_organisation(&admin, OrgKind::Owner).is_ok());
        assert!(check_roles_for_organisation(&admin, OrgKind::Region).is_err());
    }

    #[test]
    fn lockout_after_five_failures() {
        let p = LockoutPolicy::default();
        let now = chrono::DateTime::from_timestamp(1_700_000_000, 0)
            .unwrap()
            .naive_utc();
        let until = Some(now + p.lock_for);
        assert_eq!(p.max_failures, 5);
        assert!(is_locked(until, now));
        assert!(!is_locked(until, now + TimeDelta::minutes(16)));
    }

    #[test]
    fn password_length() {
        assert!(check_password("short").is_err());
        assert!(check_password("long enough pass").is_ok());
    }
}
