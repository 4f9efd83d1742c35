//! Participants' enrolments: the values an enrolment records for SCB and the ESF
//! indicators, and the rules of a period of enrolment.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where the young person stood when enrolled.
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
pub enum StatusAtStart {
    /// Still in upper-secondary school, at risk of dropping out.
    AtRisk,
    /// Has left school without finishing.
    DroppedOut,
}

/// Highest education completed at start, as ISCED groups (ESF indicators).
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
pub enum EducationLevel {
    /// ISCED 0-2: at most compulsory school.
    #[serde(rename = "isced_0_2")]
    #[strum(serialize = "isced_0_2")]
    Isced02,
    /// ISCED 3-4: upper-secondary.
    #[serde(rename = "isced_3_4")]
    #[strum(serialize = "isced_3_4")]
    Isced34,
    /// ISCED 5-8: tertiary.
    #[serde(rename = "isced_5_8")]
    #[strum(serialize = "isced_5_8")]
    Isced58,
}

/// Labour-market status at start (ESF indicators).
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
pub enum LabourStatus {
    Unemployed,
    LongTermUnemployed,
    /// Neither working nor looking for work.
    Inactive,
    Employed,
}

/// What the participant went on to when leaving.
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
pub enum Outcome {
    BackInStudies,
    InWork,
    OtherActivity,
    Unknown,
}

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
}
