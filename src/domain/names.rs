//! How the values of an enum are named: one snake_case name per variant, the same in the
//! database (text columns), on the wire (serde), in the API document (utoipa) and in
//! messages. strum derives the names (`IntoStaticStr`, `EnumString`, `VariantArray`);
//! serde and utoipa follow the same `snake_case` rule, and `tests::names_agree` checks
//! every stored enum against serde. `store::enums` maps each one to a text column.

use std::str::FromStr;

use strum::VariantArray;

/// An enum stored and sent by name. Implemented for every enum that derives strum's
/// `IntoStaticStr`, `EnumString` and `VariantArray`.
pub trait Named: Copy + Into<&'static str> + FromStr + VariantArray + 'static {
    /// The variant's stored name.
    fn as_str(self) -> &'static str {
        self.into()
    }

    /// The variant named `s`, or a message listing the names there are.
    fn parse(s: &str) -> Result<Self, String> {
        s.parse().map_err(|_| {
            let names: Vec<&str> = Self::VARIANTS.iter().map(|v| v.as_str()).collect();
            format!("'{s}' is not one of: {}", names.join(", "))
        })
    }
}

impl<T> Named for T where T: Copy + Into<&'static str> + FromStr + VariantArray + 'static {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        claim::{Category, ClaimState, EsfCap, LineSource},
        entry::{CashKind, CompensationKind, Funding, OtherCategory, PremisesFinancing},
        identity::{IdKind, Sex},
        organisation::{EmployerKind, OrgKind},
        participant::{EducationLevel, LabourStatus, Outcome, StatusAtStart},
        project::{DistributionKey, IndirectBase},
        roles::Role,
        upload::{UploadKind, UploadOutcome},
        workflow::{ReportState, TimesheetState},
    };

    /// serde's name of every variant is the stored one, and parses back.
    fn agree<T: Named + serde::Serialize + std::fmt::Debug + PartialEq>() {
        for v in T::VARIANTS {
            let json = serde_json::to_string(v).unwrap();
            assert_eq!(json, format!("\"{}\"", v.as_str()), "{v:?}");
            assert_eq!(T::parse(v.as_str()).ok(), Some(*v));
        }
        assert!(T::parse("no such name").is_err());
    }

    #[test]
    fn names_agree() {
        agree::<Category>();
        agree::<EsfCap>();
        agree::<ClaimState>();
        agree::<LineSource>();
        agree::<CashKind>();
        agree::<CompensationKind>();
        agree::<Funding>();
        agree::<UploadKind>();
        agree::<UploadOutcome>();
        agree::<OtherCategory>();
        agree::<PremisesFinancing>();
        agree::<IdKind>();
        agree::<Sex>();
        agree::<EmployerKind>();
        agree::<OrgKind>();
        agree::<EducationLevel>();
        agree::<LabourStatus>();
        agree::<Outcome>();
        agree::<StatusAtStart>();
        agree::<DistributionKey>();
        agree::<IndirectBase>();
        agree::<Role>();
        agree::<ReportState>();
        agree::<TimesheetState>();
    }

    #[test]
    fn odd_names_are_kept() {
        assert_eq!(EducationLevel::Isced02.as_str(), "isced_0_2");
        assert_eq!(Outcome::parse("in_work"), Ok(Outcome::InWork));
        assert_eq!(
            Role::parse("boss").unwrap_err(),
            "'boss' is not one of: economist, manager, admin, auditor"
        );
    }
}
