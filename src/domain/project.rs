//! The ESF project as data: dates, support rate, budget, flat rate, distribution key.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the flat-rate indirect costs are computed on (project setting).
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
pub enum IndirectBase {
    /// Direct cash staff costs (Swedish ESF 2014-2020: 15 %).
    Staff,
    /// All direct cash costs (2007-2013: up to 20 %).
    Direct,
}

/// How a payment is split among organisations (project setting).
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
pub enum DistributionKey {
    /// Each organisation's share of total eligible costs (default).
    TotalEligible,
    /// Each organisation's share of direct cash costs.
    DirectCash,
}

impl DistributionKey {
    /// The Swedish words for the basis of each organisation's share.
    pub fn basis_words(self) -> &'static str {
        match self {
            DistributionKey::TotalEligible => "totala stödberättigande kostnader",
            DistributionKey::DirectCash => "direkta kontanta kostnader",
        }
    }
}

/// Validated project settings, in storage units (öre, ppm).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectSettings {
    pub name: String,
    pub esf_case_number: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub support_rate_ppm: i64,
    pub approved_esf_budget_ore: i64,
    pub total_budget_ore: i64,
    pub indirect_rate_ppm: i64,
    pub indirect_base: IndirectBase,
    pub distribution_key: DistributionKey,
    pub required_cofinancing_ppm: i64,
}

/// ESF case numbers look like 2011-3010123 (year, dash, digits).
pub fn check_case_number(s: &str) -> Result<String, String> {
    let s = s.trim();
    let ok = match s.split_once('-') {
        Some((year, rest)) => {
            year.len() == 4
                && year.bytes().all(|b| b.is_ascii_digit())
                && (1..=12).contains(&rest.len())
                && rest.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    };
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "'{s}' is not an ESF case number such as 2011-3010123"
        ))
    }
}

/// The project period: the end may not come before the start.
pub fn check_period(start: NaiveDate, end: NaiveDate) -> Result<(), String> {
    if end < start {
        return Err(format!("{end} is before the start date {start}"));
    }
    Ok(())
}

/// Cross-field rules of the amounts and rates; the period is `check_period`'s, the
/// field formats are checked where they are parsed.
pub fn check_settings(s: &ProjectSettings) -> Vec<(&'static str, String)> {
    let mut errors = Vec::new();
    if s.support_rate_ppm == 0 {
        errors.push(("support_rate_percent", "must be more than 0 %".to_string()));
    }
    if s.approved_esf_budget_ore < 0 {
        errors.push(("approved_esf_budget", "must not be negative".to_string()));
    }
    if s.total_budget_ore < 0 {
        errors.push(("total_budget", "must not be negative".to_string()));
    }
    if s.approved_esf_budget_ore > s.total_budget_ore {
        errors.push((
            "approved_esf_budget",
            "must not exceed the total budget".to_string(),
        ));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::names::Named;

    fn plug_in() -> ProjectSettings {
        ProjectSettings {
            name: "Plug In".into(),
            esf_case_number: "2011-3010123".into(),
            start_date: NaiveDate::from_ymd_opt(2012, 1, 1).unwrap(),
            end_date: NaiveDate::from_ymd_opt(2015, 6, 30).unwrap(),
            support_rate_ppm: 500_000,
            approved_esf_budget_ore: 9_700_000_000,
            total_budget_ore: 20_000_000_000,
            indirect_rate_ppm: 0,
            indirect_base: IndirectBase::Staff,
            distribution_key: DistributionKey::TotalEligible,
            required_cofinancing_ppm: 500_000,
        }
    }

    #[test]
    fn valid_settings_pass() {
        assert!(check_settings(&plug_in()).is_empty());
    }

    #[test]
    fn cross_field_rules() {
        let mut s = plug_in();
        s.approved_esf_budget_ore = s.total_budget_ore + 1;
        s.support_rate_ppm = 0;
        let fields: Vec<_> = check_settings(&s).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec!["support_rate_percent", "approved_esf_budget"]);
        assert!(check_period(s.start_date, s.end_date).is_ok());
        let e = check_period(s.start_date, NaiveDate::from_ymd_opt(2011, 1, 1).unwrap());
        assert_eq!(
            e,
            Err("2011-01-01 is before the start date 2012-01-01".into())
        );
    }

    #[test]
    fn case_numbers() {
        assert!(check_case_number("2011-3010123").is_ok());
        assert!(check_case_number("2011/3010123").is_err());
        assert!(check_case_number("11-3").is_err());
    }

    #[test]
    fn enums_parse() {
        assert_eq!(IndirectBase::parse("direct"), Ok(IndirectBase::Direct));
        assert!(DistributionKey::parse("equal").is_err());
    }
}
