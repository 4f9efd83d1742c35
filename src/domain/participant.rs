//! Participants' enrolments: the values an enrolment records for SCB and the ESF
//! indicators, and the rules of a period of enrolment.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// `as_str` / `parse` for a snake_case enum stored as text.
macro_rules! stored_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $v:ident => $s:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
        pub enum $name { $($(#[$vdoc])* #[serde(rename = $s)] $v),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),+ }
            }
            pub fn parse(s: &str) -> Result<Self, String> {
                match s {
                    $($s => Ok(Self::$v),)+
                    other => Err(format!("'{other}' is not a {}", stringify!($name))),
                }
            }
        }
    };
}

stored_enum!(
    /// Where the young person stood when enrolled.
    StatusAtStart {
        /// Still in upper-secondary school, at risk of dropping out.
        AtRisk => "at_risk",
        /// Has left school without finishing.
        DroppedOut => "dropped_out",
    }
);

stored_enum!(
    /// Highest education completed at start, as ISCED groups (ESF indicators).
    EducationLevel {
        /// ISCED 0-2: at most compulsory school.
        Isced02 => "isced_0_2",
        /// ISCED 3-4: upper-secondary.
        Isced34 => "isced_3_4",
        /// ISCED 5-8: tertiary.
        Isced58 => "isced_5_8",
    }
);

stored_enum!(
    /// Labour-market status at start (ESF indicators).
    LabourStatus {
        Unemployed => "unemployed",
        LongTermUnemployed => "long_term_unemployed",
        /// Neither working nor looking for work.
        Inactive => "inactive",
        Employed => "employed",
    }
);

stored_enum!(
    /// What the participant went on to when leaving.
    Outcome {
        BackInStudies => "back_in_studies",
        InWork => "in_work",
        OtherActivity => "other_activity",
        Unknown => "unknown",
    }
);

/// The youngest age at start (target group, sourced).
pub const MIN_AGE: i32 = 16;

/// Whether two enrolment periods share a day (an open end runs on for ever).
pub fn overlaps(a: (NaiveDate, Option<NaiveDate>), b: (NaiveDate, Option<NaiveDate>)) -> bool {
    let a_ends_before_b = a.1.is_some_and(|end| end < b.0);
    let b_ends_before_a = b.1.is_some_and(|end| end < a.0);
    !(a_ends_before_b || b_ends_before_a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_overlap_on_a_shared_day() {
        let jan = (d("2013-01-01"), Some(d("2013-01-31")));
        assert!(!overlaps(jan, (d("2013-02-01"), None)));
        assert!(overlaps(jan, (d("2013-01-31"), None)));
        assert!(overlaps(
            (d("2013-01-01"), None),
            (d("2014-01-01"), Some(d("2014-02-01")))
        ));
        assert!(!overlaps((d("2013-03-01"), None), jan));
    }

    #[test]
    fn stored_names() {
        assert_eq!(Outcome::parse("in_work"), Ok(Outcome::InWork));
        assert_eq!(EducationLevel::Isced34.as_str(), "isced_3_4");
        assert!(LabourStatus::parse("retired").is_err());
    }
}
