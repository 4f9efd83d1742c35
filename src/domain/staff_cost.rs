//! Staff cost (Reg. 1303/2013 Art. 68a): hourly rate = annual gross employment cost /
//! (1 720 × employment rate); cost = hours × rate. Exact decimals, rounded to öre half
//! away from zero, the rounded rate being the one used and shown.

use rust_decimal::Decimal;

use super::hours::CentiHours;
use super::money::Ore;
use super::rate::Ppm;
use super::rounding;

/// Annual working hours the rate is based on (sourced).
pub const ANNUAL_HOURS: i64 = 1720;

/// The hourly rate in öre for a monthly salary (öre, the salary actually paid), an
/// employment rate and a social fee rate (both ppm of one).
pub fn hourly_rate(
    monthly_salary: Ore,
    employment_rate: Ppm,
    social_fee: Ppm,
) -> Result<Ore, String> {
    let (monthly_salary_ore, employment_rate_ppm, social_fee_ppm) = (
        monthly_salary.get(),
        employment_rate.get(),
        social_fee.get(),
    );
    if employment_rate_ppm <= 0 {
        return Err("the employment rate must be more than 0 %".into());
    }
    let salary = Decimal::new(monthly_salary_ore, 2);
    let fee = Decimal::new(social_fee_ppm, 6);
    let employment = Decimal::new(employment_rate_ppm, 6);
    let annual_cost = salary
        .checked_mul(Decimal::from(12))
        .and_then(|a| a.checked_mul(Decimal::ONE + fee))
        .ok_or("the salary is too large")?;
    let hours = Decimal::from(ANNUAL_HOURS) * employment;
    let rate = annual_cost.checked_div(hours).ok_or("cannot divide")?;
    rounding::sek_to_ore(rate)
        .map(Ore::new)
        .ok_or_else(|| "the rate is too large".to_string())
}

/// The cost of `hours` at `rate` per hour, rounded to öre.
pub fn cost(hours: CentiHours, rate: Ore) -> Result<Ore, String> {
    let cost = hours
        .to_hours()
        .checked_mul(rate.to_sek())
        .ok_or("the cost is too large")?;
    rounding::sek_to_ore(cost)
        .map(Ore::new)
        .ok_or_else(|| "the cost is too large".to_string())?
        .within_entry_bound()
}

/// The yearly cap in hundredths of hours (project rule): over the months of the year
/// with a salary record, 1 720 / 12 × that month's employment rate, summed; the sum is
/// rounded down to whole hundredths so that the cap is never exceeded.
/// Integer arithmetic: ppm × hours × 100 / (12 × 10⁶) is exact before the final floor.
pub fn yearly_cap(employment_rates_by_month: &[Ppm]) -> CentiHours {
    // Sum first and divide once, so 12 full months give exactly 1 720 h.
    let ppm_sum: i128 = employment_rates_by_month
        .iter()
        .map(|p| i128::from(p.get()))
        .sum();
    let centi = rounding::floor_div(ppm_sum * i128::from(ANNUAL_HOURS) * 100, 12 * 1_000_000)
        .unwrap_or_default();
    CentiHours::new(i64::try_from(centi).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_examples_from_the_domain() {
        // Full time, 30 000 SEK, 38.46 % → 289.80 SEK/h; 120 h → 34 776.00 SEK.
        let rate = hourly_rate(Ore::new(3_000_000), Ppm::new(1_000_000), Ppm::new(384_600))
            .map(Ore::get)
            .unwrap();
        assert_eq!(rate, 28_980);
        assert_eq!(
            cost(CentiHours::new(12_000), Ore::new(rate)).map(Ore::get),
            Ok(3_477_600)
        );
        // 50 %, 15 000 SEK → the same 289.80 SEK/h.
        assert_eq!(
            hourly_rate(Ore::new(1_500_000), Ppm::new(500_000), Ppm::new(384_600)).map(Ore::get),
            Ok(28_980)
        );
        // Under 26: 22.53 % instead of 38.46 %: 30 000 × 12 × 1.2253 / 1 720 = 256.4581… → 256.46.
        assert_eq!(
            hourly_rate(Ore::new(3_000_000), Ppm::new(1_000_000), Ppm::new(225_300)).map(Ore::get),
            Ok(25_646)
        );
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        // 0.5 öre rounds up: 0.01 h × 0.50 SEK = 0.005 SEK → 0.01.
        assert_eq!(cost(CentiHours::new(1), Ore::new(50)).map(Ore::get), Ok(1));
        assert_eq!(cost(CentiHours::new(1), Ore::new(49)).map(Ore::get), Ok(0));
        assert!(
            hourly_rate(Ore::new(3_000_000), Ppm::new(0), Ppm::new(384_600))
                .map(Ore::get)
                .is_err()
        );
    }

    #[test]
    fn the_yearly_cap() {
        assert_eq!(yearly_cap(&[Ppm::new(1_000_000); 12]).get(), 172_000);
        // Half the year at 50 %: 6 × 143.33… × 0.5 = 430 h.
        assert_eq!(yearly_cap(&[Ppm::new(500_000); 6]).get(), 43_000);
        // One month full time: 143.333… h → 143.33.
        assert_eq!(yearly_cap(&[Ppm::new(1_000_000)]).get(), 14_333);
    }
}
