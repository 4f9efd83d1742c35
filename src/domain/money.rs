//! Money: SEK with öre, exact. Decimal in code, i64 öre in storage, strings in JSON.

use std::fmt;

use rust_decimal::Decimal;

/// An amount of money in öre (1/100 SEK), the unit every amount is stored in. Its
/// arithmetic is checked: an overflow is `None` (an error to report), never a wrap.
/// On the wire it is SEK as a decimal string ("34776.00"), documented once here.
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
pub struct Ore(i64);

impl Ore {
    /// The stored integer, for storage's own conversion.
    pub(crate) fn stored(&self) -> &i64 {
        &self.0
    }

    pub const ZERO: Ore = Ore(0);

    pub const fn new(ore: i64) -> Self {
        Ore(ore)
    }

    /// The amount in öre, for storage.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// SEK with at most two decimals; more decimals or an amount beyond i64 öre is an
    /// error naming the amount.
    pub fn from_sek(amount: Decimal) -> Result<Ore, String> {
        to_ore(amount).map(Ore)
    }

    /// SEK with exactly two decimals.
    pub fn to_sek(self) -> Decimal {
        from_ore(self.0)
    }

    pub fn checked_add(self, other: Ore) -> Option<Ore> {
        self.0.checked_add(other.0).map(Ore)
    }

    pub fn checked_sub(self, other: Ore) -> Option<Ore> {
        self.0.checked_sub(other.0).map(Ore)
    }

    /// The sum of `amounts`, or `None` if it overflows.
    pub fn checked_sum(amounts: impl IntoIterator<Item = Ore>) -> Option<Ore> {
        amounts
            .into_iter()
            .try_fold(Ore::ZERO, |sum, a| sum.checked_add(a))
    }
}

impl fmt::Display for Ore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_sek())
    }
}

impl serde::Serialize for Ore {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Ore {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_ore(&text).map(Ore).map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for Ore {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(r"^-?[0-9]{1,17}(\.[0-9]{1,2})?$"))
            .description(Some("SEK with at most two decimals (öre)"))
            .examples([serde_json::json!("34776.00")])
            .into()
    }
}

impl utoipa::ToSchema for Ore {}

/// The most one entered amount may be, either way: 999 999 999.99 SEK, five times the
/// whole budget of Plug In (about 200 MSEK), so no real amount is refused and a
/// mistyped one is. Why sums stay inside i64 öre: every figure is a sum over disjoint
/// entries (or a rate of at most 100 % of such a sum), so no sum exceeds twice the sum of
/// all entries; overflowing i64 (9.2 × 10¹⁸ öre) would take 46 million entries at the
/// maximum, twenty times every entry of a national project over its whole life (the
/// national scale data: 2.2 million). A sum the database still cannot hold is a 422.
pub const MAX_ENTRY: Ore = Ore(99_999_999_999);

impl Ore {
    /// Refuses an amount beyond `MAX_ENTRY` either way (entered or computed from entries).
    pub fn within_entry_bound(self) -> Result<Ore, String> {
        if self.0.checked_abs().is_some_and(|a| a <= MAX_ENTRY.0) {
            Ok(self)
        } else {
            Err(format!(
                "{self} is beyond the most one amount may be (±{MAX_ENTRY} SEK)"
            ))
        }
    }
}

impl super::entered::Unit for Ore {
    fn from_decimal(value: Decimal) -> Result<Self, String> {
        Ore::from_sek(value)?.within_entry_bound()
    }

    fn entered_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(r"^-?[0-9]{1,9}(\.[0-9]{1,2})?$"))
            .description(Some(
                "SEK with at most two decimals, at most 999 999 999.99 either way",
            ))
            .examples([serde_json::json!("34776.00")])
            .into()
    }
    fn to_decimal(self) -> Decimal {
        self.to_sek()
    }
}

/// Converts a SEK amount to öre, refusing more than two decimals or values beyond i64 öre.
pub fn to_ore(amount: Decimal) -> Result<i64, String> {
    let normalized = amount.normalize();
    if normalized.scale() > 2 {
        return Err(format!(
            "{amount} has more than 2 decimals; amounts are in SEK with öre"
        ));
    }
    let ore = amount * Decimal::ONE_HUNDRED;
    i64::try_from(ore).map_err(|_| format!("{amount} is too large"))
}

/// Öre to SEK with exactly two decimals.
pub fn from_ore(ore: i64) -> Decimal {
    Decimal::new(ore, 2)
}

/// Parses a decimal string such as "34776.00" into öre.
pub fn parse_ore(text: &str) -> Result<i64, String> {
    let amount: Decimal = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a decimal amount"))?;
    to_ore(amount)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn converts_exactly() {
        assert_eq!(to_ore(Decimal::new(3477600, 2)), Ok(3_477_600));
        assert_eq!(from_ore(3_477_600).to_string(), "34776.00");
        assert_eq!(parse_ore("0.1"), Ok(10));
        assert_eq!(parse_ore("1.500"), Ok(150));
        assert!(parse_ore("1.005").is_err());
        assert!(parse_ore("99999999999999999999").is_err());
        assert!(parse_ore("abc").is_err());
    }

    #[test]
    fn ore_is_sek_on_the_wire_and_checked_in_sums() {
        let a = Ore::from_sek(Decimal::new(3477600, 2)).unwrap();
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"34776.00\"");
        assert_eq!(
            serde_json::from_str::<Ore>("\"0.1\"").unwrap(),
            Ore::new(10)
        );
        assert!(serde_json::from_str::<Ore>("\"1.005\"").is_err());
        assert_eq!(Ore::new(i64::MAX).checked_add(Ore::new(1)), None);
        assert_eq!(
            Ore::checked_sum([Ore::new(1), Ore::new(2)]),
            Some(Ore::new(3))
        );
        assert_eq!(Ore::checked_sum([Ore::new(i64::MAX), Ore::new(1)]), None);
    }

    proptest! {
        #[test]
        fn ore_round_trips(ore in any::<i64>()) {
            prop_assert_eq!(to_ore(from_ore(ore)), Ok(ore));
            let json = serde_json::to_string(&Ore::new(ore)).unwrap();
            prop_assert_eq!(serde_json::from_str::<Ore>(&json).unwrap(), Ore::new(ore));
        }
    }
}
