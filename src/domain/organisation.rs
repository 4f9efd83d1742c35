//! The organisation tree: owner → region → municipality, its codes and numbers.

use serde::{Deserialize, Serialize};

use super::luhn;
use crate::domain::names::Named;

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
pub enum OrgKind {
    /// The project owner (SKL): one per project, the root of the tree.
    Owner,
    /// A regional partner coordinating municipalities.
    Region,
    /// A municipality or municipal federation running workshops.
    Municipality,
}

impl OrgKind {
    /// Whether an organisation of this kind may have organisations under it: only a
    /// kind some other kind must be placed under (`check_placement`). A municipality is
    /// a leaf, and a kind never changes.
    pub fn may_have_children(self) -> bool {
        <OrgKind as strum::VariantArray>::VARIANTS
            .iter()
            .any(|k| k.required_parent() == Some(self))
    }

    /// The kind a parent of this kind must have; `None` for the root.
    pub fn required_parent(self) -> Option<OrgKind> {
        match self {
            OrgKind::Owner => None,
            OrgKind::Region => Some(OrgKind::Owner),
            OrgKind::Municipality => Some(OrgKind::Region),
        }
    }
}

/// Which employer social-fee default applies to an organisation's staff.
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
pub enum EmployerKind {
    /// Municipalities and municipal federations (SKL's municipal PO-pålägg).
    Municipality,
    /// County councils and regions with county-council staff.
    CountyCouncil,
    /// No default: every salary record states its social fee rate.
    Other,
}

/// Checks that an organisation of `kind` may sit under a parent of `parent_kind`.
pub fn check_placement(kind: OrgKind, parent_kind: Option<OrgKind>) -> Result<(), String> {
    match (kind.required_parent(), parent_kind) {
        (None, None) => Ok(()),
        (None, Some(p)) => Err(format!(
            "an owner is the root of the tree and cannot have a parent (got a {})",
            p.as_str()
        )),
        (Some(req), None) => Err(format!(
            "a {} must have a parent {}",
            kind.as_str(),
            req.as_str()
        )),
        (Some(req), Some(p)) if req == p => Ok(()),
        (Some(req), Some(p)) => Err(format!(
            "a {} must be placed under a {}, not under a {}",
            kind.as_str(),
            req.as_str(),
            p.as_str()
        )),
    }
}

/// Short unique code used for ordering and tie-breaks: the municipality code for
/// municipalities, a short name (SKL, GR) for others. Upper-case ASCII so that byte
/// order is the same everywhere.
pub fn normalize_code(code: &str) -> Result<String, String> {
    let code = code.trim();
    let ok = !code.is_empty()
        && code.len() <= 16
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(code.to_string())
    } else {
        Err(format!(
            "'{code}' is not a valid code: 1-16 characters A-Z, 0-9 or '-'"
        ))
    }
}

/// Swedish municipality codes (kommunkod) are four digits, e.g. 1481 (Mölndal).
pub fn normalize_municipality_code(code: &str) -> Result<String, String> {
    let code = code.trim();
    if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) && code != "0000" {
        Ok(code.to_string())
    } else {
        Err(format!(
            "'{code}' is not a municipality code: four digits, e.g. 1481"
        ))
    }
}

/// Validates a Swedish organisation number (NNNNNN-NNNN, optionally with the century
/// prefix 16) by its check digit, and returns it as NNNNNN-NNNN.
pub fn normalize_organisation_number(input: &str) -> Result<String, String> {
    let compact: String = input.trim().chars().filter(|c| *c != '-').collect();
    let compact = match compact.len() {
        12 if compact.starts_with("16") => compact[2..].to_string(),
        _ => compact,
    };
    if compact.len() != 10 || !compact.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "'{input}' is not an organisation number: ten digits, NNNNNN-NNNN"
        ));
    }
    let digits: Vec<u8> = compact.bytes().map(|b| b - b'0').collect();
    // Legal entities have 20 or more in the "month" position; lower values are
    // personal identity numbers, which must never be stored here.
    if digits[2] < 2 {
        return Err(format!(
            "'{input}' is not an organisation number: its third digit must be 2 or more"
        ));
    }
    if !luhn::is_valid(&digits) {
        return Err(format!(
            "'{input}' has a wrong check digit (expected {})",
            luhn::check_digit(&digits[..9])
        ));
    }
    Ok(format!("{}-{}", &compact[..6], &compact[6..]))
}

/// Materialised path of a node: its parent's path followed by its own id.
pub fn child_path(parent_path: Option<&str>, id: i64) -> String {
    format!("{}{id}/", parent_path.unwrap_or("/"))
}

/// The ids a materialised path names, the root first and the node itself last
/// (`/1/2/10/` → 1, 2, 10). Paths are written by `child_path`; a segment that is not a
/// number (none is) is skipped rather than guessed.
pub fn path_ids(path: &str) -> Vec<i64> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect()
}

/// True when `candidate_path` is the node at `path` or one of its descendants.
pub fn is_in_subtree(path: &str, candidate_path: &str) -> bool {
    candidate_path.starts_with(path)
}

/// Moving the node at `node_path` under `new_parent_path` would make a cycle when the
/// new parent is the node itself or one of its descendants.
pub fn would_make_cycle(node_path: &str, new_parent_path: &str) -> bool {
    is_in_subtree(node_path, new_parent_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_municipality_is_a_leaf() {
        assert!(OrgKind::Owner.may_have_children());
        assert!(OrgKind::Region.may_have_children());
        assert!(!OrgKind::Municipality.may_have_children());
    }

    #[test]
    fn a_path_names_its_ids_root_first() {
        assert_eq!(path_ids("/1/2/10/"), vec![1, 2, 10]);
        assert_eq!(path_ids(&child_path(Some("/1/2/"), 10)), vec![1, 2, 10]);
        assert_eq!(path_ids(&child_path(None, 7)), vec![7]);
        assert!(path_ids("/").is_empty());
    }

    #[test]
    fn placement_follows_the_three_levels() {
        assert!(check_placement(OrgKind::Owner, None).is_ok());
        assert!(check_placement(OrgKind::Region, Some(OrgKind::Owner)).is_ok());
        assert!(check_placement(OrgKind::Municipality, Some(OrgKind::Region)).is_ok());
        let e = check_placement(OrgKind::Municipality, Some(OrgKind::Municipality)).unwrap_err();
        assert!(
            e.contains("under a region, not under a municipality"),
            "{e}"
        );
        assert!(check_placement(OrgKind::Region, None).is_err());
        assert!(check_placement(OrgKind::Owner, Some(OrgKind::Region)).is_err());
        assert!(check_placement(OrgKind::Region, Some(OrgKind::Region)).is_err());
    }

    #[test]
    fn organisation_numbers_are_checked() {
        assert_eq!(
            normalize_organisation_number("2220000315").unwrap(),
            "222000-0315"
        );
        assert_eq!(
            normalize_organisation_number("16222000-0315").unwrap(),
            "222000-0315"
        );
        assert_eq!(
            normalize_organisation_number("212000-1264").unwrap(),
            "212000-1264"
        );
        let e = normalize_organisation_number("222000-0316").unwrap_err();
        assert!(e.contains("check digit (expected 5)"), "{e}");
        assert!(normalize_organisation_number("640823-3234").is_err());
        assert!(normalize_organisation_number("22200-0315").is_err());
        assert!(normalize_organisation_number("22200a-0315").is_err());
    }

    #[test]
    fn codes() {
        assert_eq!(normalize_code(" GR ").unwrap(), "GR");
        assert!(normalize_code("gr").is_err());
        assert!(normalize_code("").is_err());
        assert!(normalize_code("ÖSTSAM").is_err());
        assert_eq!(normalize_municipality_code("0862").unwrap(), "0862");
        assert!(normalize_municipality_code("862").is_err());
        assert!(normalize_municipality_code("14a1").is_err());
    }

    #[test]
    fn paths_and_cycles() {
        assert_eq!(child_path(None, 1), "/1/");
        assert_eq!(child_path(Some("/1/"), 7), "/1/7/");
        assert!(is_in_subtree("/1/2/", "/1/2/9/"));
        assert!(!is_in_subtree("/1/2/", "/1/20/"));
        assert!(would_make_cycle("/1/2/", "/1/2/"));
        assert!(would_make_cycle("/1/2/", "/1/2/9/"));
        assert!(!would_make_cycle("/1/2/", "/1/3/"));
    }
}
