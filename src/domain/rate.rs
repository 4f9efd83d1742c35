//! Rates (support rate, flat rate, social fees) as exact percentages.
//! Stored as millionths of one, which is also percent with four decimals:
//! 38.46 % = 0.3846 = 384 600 ppm.

use rust_decimal::Decimal;

pub const PPM_PER_PERCENT: i64 = 10_000;

/// A rate in millionths of one (parts per million): 38.46 % is `Ppm(384_600)`. On the wire
/// it is a percentage with at most four decimals ("38.46").
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
pub struct Ppm(i64);

impl Ppm {
    /// The stored integer, for storage's own conversion.
    pub(crate) fn stored(&self) -> &i64 {
        &self.0
    }

    pub const fn new(ppm: i64) -> Self {
        Ppm(ppm)
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    /// A percentage with at most 4 decimals, 0-100.
    pub fn from_percent(percent: Decimal) -> Result<Ppm, String> {
        percent_to_ppm(percent).map(Ppm)
    }

    pub fn to_percent(self) -> Decimal {
        ppm_to_percent(self.0)
    }
}

impl serde::Serialize for Ppm {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.to_percent())
    }
}

impl<'de> serde::Deserialize<'de> for Ppm {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let percent: Decimal = text
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("'{text}' is not a percentage")))?;
        Ppm::from_percent(percent).map_err(serde::de::Error::custom)
    }
}

impl std::fmt::Display for Ppm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.to_percent().fmt(f)
    }
}

impl utoipa::PartialSchema for Ppm {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(r"^(100(\.0{1,4})?|[0-9]{1,2}(\.[0-9]{1,4})?)$"))
            .description(Some("A percentage, 0-100, with at most four decimals"))
            .examples([serde_json::json!("38.46")])
            .into()
    }
}

impl utoipa::ToSchema for Ppm {}

impl super::entered::Unit for Ppm {
    fn from_decimal(value: Decimal) -> Result<Self, String> {
        Ppm::from_percent(value)
    }
    fn to_decimal(self) -> Decimal {
        self.to_percent()
    }
}

/// Parses a percentage (at most 4 decimals, 0-100) into ppm.
pub fn percent_to_ppm(percent: Decimal) -> Result<i64, String> {
    if percent.normalize().scale() > 4 {
        return Err(format!("{percent} % has more than 4 decimals"));
    }
    if percent < Decimal::ZERO || percent > Decimal::ONE_HUNDRED {
        return Err(format!("{percent} % is outside 0-100 %"));
    }
    let ppm = percent * Decimal::from(PPM_PER_PERCENT);
    i64::try_from(ppm).map_err(|_| format!("{percent} % is not a valid rate"))
}

/// The percentage for a stored ppm value, e.g. 384600 → 38.46.
pub fn ppm_to_percent(ppm: i64) -> Decimal {
    Decimal::new(ppm, 4).normalize()
}

/// `part` as a percentage of `whole`, shown with `decimals` decimals as
/// `rounding::percent` rounds it; for reading only, never used in amounts. None when
/// `whole` is zero.
pub fn percent_of(part: i64, whole: i64, decimals: u32) -> Option<Decimal> {
    (whole != 0).then(|| {
        let exact = Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(whole);
        super::rounding::percent(exact, decimals)
    })
}

/// The rate as a fraction of one, e.g. 384600 → 0.3846.
pub fn ppm_to_fraction(ppm: i64) -> Decimal {
    Decimal::new(ppm, 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_ppm_agree() {
        assert_eq!(percent_to_ppm(Decimal::new(3846, 2)), Ok(384_600));
        assert_eq!(ppm_to_percent(384_600).to_string(), "38.46");
        assert_eq!(ppm_to_fraction(384_600).normalize().to_string(), "0.3846");
        assert_eq!(percent_to_ppm(Decimal::from(50)), Ok(500_000));
        assert!(percent_to_ppm(Decimal::new(123_456, 5)).is_err());
        assert!(percent_to_ppm(Decimal::from(101)).is_err());
        assert!(percent_to_ppm(Decimal::from(-1)).is_err());
    }
}
