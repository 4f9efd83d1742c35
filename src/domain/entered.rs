//! A number as a client typed it, before its unit's rule is checked.
//!
//! An input carries `Entered<Ore>` (or a rate, hours, an area) rather than the unit
//! itself: decoding only needs a decimal string, and the unit's rule (at most two
//! decimals, 0-100 %, a bound) is checked by the use case together with every other rule
//! of the input, so one answer names every broken field (422) instead of the first one
//! serde meets (400). The wire form and the OpenAPI schema are the unit's own, so the
//! document says what the rule will accept.

use std::fmt;
use std::marker::PhantomData;

use rust_decimal::Decimal;

/// A quantity with a decimal wire form and a rule: money, a rate, hours, an area.
pub trait Unit: Copy + utoipa::PartialSchema {
    /// The value in its unit, or the broken rule in words (without the field's name).
    fn from_decimal(value: Decimal) -> Result<Self, String>;
    /// The value as a client writes it.
    fn to_decimal(self) -> Decimal;
    /// The schema of an entered value: the unit's own unless its rule is narrower than
    /// what the unit can hold (money is bounded when entered, not when summed).
    fn entered_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        Self::schema()
    }
}

/// A plain decimal as people write it: an optional minus, digits, and optionally a
/// point with digits. Not `1E2`, `+100`, `.5`, `100.` or `1_000`.
fn is_plain_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

/// A decimal string as entered; `check` applies the unit's rule.
pub struct Entered<U> {
    value: Decimal,
    unit: PhantomData<U>,
}

impl<U: Unit> Entered<U> {
    pub fn new(value: Decimal) -> Self {
        Entered {
            value,
            unit: PhantomData,
        }
    }

    /// The number as entered, before any rule.
    pub fn decimal(&self) -> Decimal {
        self.value
    }

    /// The value in its unit, or the rule it breaks.
    pub fn check(&self) -> Result<U, String> {
        U::from_decimal(self.value)
    }
}

impl<U: Unit> From<U> for Entered<U> {
    fn from(value: U) -> Self {
        Entered::new(value.to_decimal())
    }
}

impl<U> Clone for Entered<U> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<U> Copy for Entered<U> {}

impl<U> PartialEq for Entered<U> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<U> Eq for Entered<U> {}

impl<U> fmt::Debug for Entered<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Entered({})", self.value)
    }
}

impl<U> fmt::Display for Entered<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<U> serde::Serialize for Entered<U> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.value)
    }
}

impl<'de, U> serde::Deserialize<'de> for Entered<U> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let not_plain = || {
            serde::de::Error::custom(format!(
                "'{text}' is not a plain decimal number (digits, with one point before the decimals)"
            ))
        };
        if !is_plain_decimal(&text) {
            return Err(not_plain());
        }
        let value: Decimal = text.parse().map_err(|_| not_plain())?;
        Ok(Entered {
            value,
            unit: PhantomData,
        })
    }
}

/// utoipa composes the schema of a generic field's type through `ComposeSchema`.
impl<U: Unit> utoipa::__dev::ComposeSchema for Entered<U> {
    fn compose(
        _: Vec<utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>>,
    ) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        U::entered_schema()
    }
}

impl<U: Unit> utoipa::ToSchema for Entered<U> {}

/// A percentage rounded for reading (a share, a burn rate): never used in amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ShownPercent(Decimal);

impl ShownPercent {
    pub fn new(value: Decimal) -> Self {
        ShownPercent(value)
    }

    pub fn get(self) -> Decimal {
        self.0
    }
}

impl serde::Serialize for ShownPercent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl std::fmt::Display for ShownPercent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

impl<'de> serde::Deserialize<'de> for ShownPercent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let value: Decimal = text
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("'{text}' is not a number")))?;
        Ok(ShownPercent(value))
    }
}

impl utoipa::PartialSchema for ShownPercent {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(r"^-?[0-9]+(\.[0-9]+)?$"))
            .description(Some("A percentage rounded for reading"))
            .examples([serde_json::json!("38.5")])
            .into()
    }
}

impl utoipa::ToSchema for ShownPercent {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Ore;
    use crate::domain::rate::Ppm;

    #[test]
    fn decodes_any_decimal_and_checks_later() {
        let e: Entered<Ore> = serde_json::from_str("\"1.005\"").unwrap();
        assert_eq!(e.decimal(), Decimal::new(1005, 3));
        assert!(e.check().unwrap_err().contains("more than 2 decimals"));
        let ok: Entered<Ore> = serde_json::from_str("\"34776\"").unwrap();
        assert_eq!(ok.check(), Ok(Ore::new(3_477_600)));
        assert!(serde_json::from_str::<Entered<Ore>>("\"abc\"").is_err());
        for lenient in [
            "1E2", "0.1e1", "+100", ".5", "100.", " 1", "1 000", "--1", "1.2.3", "",
        ] {
            let json = format!("\"{lenient}\"");
            assert!(
                serde_json::from_str::<Entered<Ore>>(&json).is_err(),
                "{lenient}"
            );
        }
        let huge: Entered<Ore> = serde_json::from_str("\"92233720368547758.07\"").unwrap();
        assert!(huge.check().unwrap_err().contains("beyond the most"));
        let most: Entered<Ore> = serde_json::from_str("\"-999999999.99\"").unwrap();
        assert_eq!(most.check(), Ok(Ore::new(-99_999_999_999)));
        let over: Entered<Ore> = serde_json::from_str("\"1000000000\"").unwrap();
        assert!(over.check().is_err());
        assert!(serde_json::from_str::<Entered<Ore>>("12").is_err());
        let rate: Entered<Ppm> = serde_json::from_str("\"140\"").unwrap();
        assert!(rate.check().is_err());
    }

    #[test]
    fn serialises_as_entered_and_from_the_unit() {
        let e: Entered<Ore> = serde_json::from_str("\"1.5\"").unwrap();
        assert_eq!(serde_json::to_string(&e).unwrap(), "\"1.5\"");
        let stored = Entered::from(Ore::new(150));
        assert_eq!(serde_json::to_string(&stored).unwrap(), "\"1.50\"");
        assert_eq!(
            serde_json::to_string(&ShownPercent::new(Decimal::new(385, 1))).unwrap(),
            "\"38.5\""
        );
    }
}
