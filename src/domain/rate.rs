//! Rates (support rate, flat rate, social fees) as exact percentages.
//! Stored as millionths of one, which is also percent with four decimals:
//! 38.46 % = 0.3846 = 384 600 ppm.

use rust_decimal::Decimal;

pub const PPM_PER_PERCENT: i64 = 10_000;

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
