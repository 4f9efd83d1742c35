//! Numbers as a Swedish reader writes them, for every sentence a user reads (pages,
//! workbooks, statements): `1 234 567,89 kr`, `78,4282 %`, thousands grouped by a
//! no-break space, a decimal comma. Exact: öre are formatted, never rounded.

use super::entered::ShownPercent;
use super::money::Ore;

/// A no-break space, so that a number never wraps inside.
pub const GROUP: char = '\u{a0}';

/// Groups the digits of a whole number in threes.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(GROUP);
        }
        out.push(c);
    }
    out
}

/// An amount as `1 234 567,89 kr` (a minus sign in front of a negative one).
pub fn kronor(amount: Ore) -> String {
    let ore = amount.get();
    let sign = if ore < 0 { "\u{2212}" } else { "" };
    let abs = ore.unsigned_abs();
    format!("{sign}{},{:02}{GROUP}kr", grouped(abs / 100), abs % 100)
}

/// A share rounded for reading: `1,3484 %`.
pub fn share(p: ShownPercent) -> String {
    format!("{}{GROUP}%", p.get().to_string().replace('.', ","))
}

/// Hours as `1 234,50`.
pub fn hours(h: super::hours::CentiHours) -> String {
    let sign = if h.get() < 0 { "\u{2212}" } else { "" };
    let centi = h.get().unsigned_abs();
    format!("{sign}{},{:02}", grouped(centi / 100), centi % 100)
}

/// A project rate (support rate, flat rate, required share) as `15 %` or `12,5 %`.
pub fn rate(p: super::rate::Ppm) -> String {
    format!(
        "{}{GROUP}%",
        p.to_percent().normalize().to_string().replace('.', ",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn amounts_and_shares_read_as_swedish() {
        assert_eq!(
            kronor(Ore::new(4_498_765_433)),
            "44\u{a0}987\u{a0}654,33\u{a0}kr"
        );
        assert_eq!(kronor(Ore::new(-5)), "\u{2212}0,05\u{a0}kr");
        assert_eq!(
            share(ShownPercent::new(Decimal::new(13484, 4))),
            "1,3484\u{a0}%"
        );
        assert_eq!(rate(super::super::rate::Ppm::new(150_000)), "15\u{a0}%");
        assert_eq!(
            hours(super::super::hours::CentiHours::new(123_450)),
            "1\u{a0}234,50"
        );
        assert_eq!(rate(super::super::rate::Ppm::new(125_000)), "12,5\u{a0}%");
    }
}
