//! Users: e-mail, password policy, which roles fit which organisation, login lockout.

use chrono::{NaiveDateTime, TimeDelta};

use super::organisation::OrgKind;
use super::roles::{Role, RoleSet};
use crate::domain::names::Named;

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 256;
/// The least zxcvbn score a new password needs: 3, "safely unguessable" (an estimated
/// 10^8 guesses or more). With argon2 and the login lockout an online attacker gets
/// a handful of guesses per quarter hour; the score guards a stolen database.
pub const MIN_PASSWORD_SCORE: zxcvbn::Score = zxcvbn::Score::Three;

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

pub fn check_password(password: &str, about_user: &[&str]) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(format!("must be at least {MIN_PASSWORD_CHARS} characters"));
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(format!("must be at most {MAX_PASSWORD_CHARS} characters"));
    }
    // zxcvbn estimates the guesses an attacker needs from its lists of common passwords,
    // names and words, keyboard patterns, repeats, sequences and dates, and from what
    // is known about the user (their name and e-mail address, split into words).
    let mut words: Vec<String> = Vec::new();
    for about in about_user.iter().map(|w| w.to_lowercase()) {
        let local = about.split('@').next().unwrap_or_default().to_string();
        words.extend(
            about
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_string),
        );
        words.push(local.chars().filter(|c| c.is_alphanumeric()).collect());
        words.push(local);
        words.push(about);
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &words);
    if estimate.score() < MIN_PASSWORD_SCORE {
        let why = estimate
            .feedback()
            .and_then(|f| f.warning())
            .map(|w| format!(" ({w})"))
            .unwrap_or_default();
        return Err(format!(
            "is too easy to guess{why}; use a few unrelated words, not a common password, a pattern or your name or e-mail address"
        ));
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
        assert!(check_password("short", &[]).is_err());
        assert!(check_password(&"ordbok ".repeat(40), &[]).is_err());
        assert!(check_password("long enough pass", &[]).is_ok());
    }

    /// Issue 13.11: common, patterned and personal passwords are refused.
    #[test]
    fn easy_passwords_are_refused() {
        let me = ["Anna Lindqvist", "anna.lindqvist@molndal.example"];
        for easy in [
            "aaaaaaaaaa",
            "password123",
            "1234567890",
            "qwertyuiop",
            "Password2013!",
            "iloveyou1234",
            "lindqvist2013",
            "anna.lindqvist",
            "Anna.Lindqvist2013",
            "annalindqvist!",
        ] {
            let refused = check_password(easy, &me);
            assert!(
                refused
                    .as_ref()
                    .is_err_and(|m| m.starts_with("is too easy to guess")),
                "{easy}: {refused:?}"
            );
        }
        for fine in [
            "plugin-demo-2013",
            "a brand new passphrase",
            "ett långt lösenord 2013",
            "kaffe Kvarnbygatan vinter",
        ] {
            assert_eq!(check_password(fine, &me), Ok(()), "{fine}");
        }
    }
}
