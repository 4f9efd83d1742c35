//! Money: SEK with öre, exact. Decimal in code, i64 öre in storage, strings in JSON.

use rust_decimal::Decimal;

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

    proptest! {
        #[test]
        fn ore_round_trips(ore in any::<i64>()) {
            prop_assert_eq!(to_ore(from_ore(ore)), Ok(ore));
        }
    }
}
