//! Hours, entered with at most two decimals and stored exactly as hundredths.

use rust_decimal::Decimal;

/// Hours in hundredths: 7.5 h is `CentiHours(750)`. On the wire: hours as a decimal
/// string with at most two decimals ("7.50").
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::BigInt)]
pub struct CentiHours(i64);

impl CentiHours {
    pub const ZERO: CentiHours = CentiHours(0);

    /// The stored integer, for storage's own conversion.
    pub(crate) fn stored(&self) -> &i64 {
        &self.0
    }

    pub const fn new(centi: i64) -> Self {
        CentiHours(centi)
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    pub fn from_hours(hours: Decimal) -> Result<CentiHours, String> {
        to_centi(hours).map(CentiHours)
    }

    pub fn to_hours(self) -> Decimal {
        from_centi(self.0)
    }

    pub fn checked_add(self, other: CentiHours) -> Option<CentiHours> {
        self.0.checked_add(other.0).map(CentiHours)
    }
}

impl serde::Serialize for CentiHours {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.to_hours())
    }
}

impl std::fmt::Display for CentiHours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.to_hours().fmt(f)
    }
}

impl<'de> serde::Deserialize<'de> for CentiHours {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let value: Decimal = text
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("'{text}' is not a number")))?;
        CentiHours::from_hours(value).map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for CentiHours {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(r"^-?[0-9]+(\.[0-9]{1,2})?$"))
            .description(Some("Hours with at most two decimals"))
            .examples([serde_json::json!("7.50")])
            .into()
    }
}

impl utoipa::ToSchema for CentiHours {}

impl super::entered::Unit for CentiHours {
    fn from_decimal(value: Decimal) -> Result<Self, String> {
        CentiHours::from_hours(value)
    }
    fn to_decimal(self) -> Decimal {
        self.to_hours()
    }
}

/// Most hours one person may report for one day (project rule, from ESF+).
pub const MAX_HOURS_PER_DAY_CENTI: i64 = 13 * 100;

/// Parses hours (e.g. 7.5, 7.25) into hundredths; refuses more than 2 decimals.
pub fn to_centi(hours: Decimal) -> Result<i64, String> {
    if hours.normalize().scale() > 2 {
        return Err(format!("{hours} has more than 2 decimals"));
    }
    i64::try_from(hours * Decimal::ONE_HUNDRED)
        .map_err(|_| format!("{hours} is not a number of hours"))
}

pub fn from_centi(centi: i64) -> Decimal {
    Decimal::new(centi, 2)
}

/// Hours for one day: more than 0 and at most 13.
pub fn check_day(centi: i64) -> Result<(), String> {
    if centi <= 0 {
        return Err(format!("{} hours: must be more than 0", from_centi(centi)));
    }
    if centi > MAX_HOURS_PER_DAY_CENTI {
        return Err(format!(
            "{} hours in one day: at most 13 hours a day",
            from_centi(centi)
        ));
    }
    Ok(())
}

/// An adjustment of a day already reported (`day_centi`, earlier adjustments included)
/// by `delta_centi`: not zero, and the corrected day stays within 0 to 13 hours.
pub fn check_day_adjustment(day_centi: i64, delta_centi: i64) -> Result<(), String> {
    if delta_centi == 0 {
        return Err("an adjustment of 0 hours changes nothing".into());
    }
    let corrected = day_centi + delta_centi;
    if corrected < 0 {
        return Err(format!(
            "the day has {} hours; lowering it by {} would make it negative",
            from_centi(day_centi),
            from_centi(-delta_centi)
        ));
    }
    if corrected > MAX_HOURS_PER_DAY_CENTI {
        return Err(format!(
            "the day would have {} hours: at most 13 hours a day",
            from_centi(corrected)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_adjustments() {
        assert!(check_day_adjustment(800, -800).is_ok());
        assert!(check_day_adjustment(800, -801).is_err());
        assert!(check_day_adjustment(800, 500).is_ok());
        assert!(check_day_adjustment(800, 501).is_err());
        assert!(check_day_adjustment(0, 250).is_ok());
        assert!(check_day_adjustment(800, 0).is_err());
    }

    #[test]
    fn hundredths() {
        assert_eq!(to_centi(Decimal::new(75, 1)), Ok(750));
        assert_eq!(to_centi(Decimal::new(725, 2)), Ok(725));
        assert!(to_centi(Decimal::new(7251, 3)).is_err());
        assert_eq!(from_centi(750).to_string(), "7.50");
        assert!(check_day(1300).is_ok());
        assert!(check_day(1301).is_err());
        assert!(check_day(0).is_err());
        assert!(check_day(-100).is_err());
    }
}
