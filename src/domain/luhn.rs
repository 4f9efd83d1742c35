//! The Luhn (mod 10) check digit used by Swedish personal identity and organisation numbers.

/// Check digit for the given digits (weights 2, 1, 2, ... from the left).
/// `check_digit(&[6,4,0,8,2,3,3,2,3]) == 4` (personnummer 640823-3234).
pub fn check_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let p = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            p / 10 + p % 10
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// True when the last digit is the Luhn check digit of the others.
pub fn is_valid(digits: &[u8]) -> bool {
    match digits.split_last() {
        Some((&last, body)) if !body.is_empty() => check_digit(body) == last,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_examples_from_the_domain() {
        assert_eq!(check_digit(&[6, 4, 0, 8, 2, 3, 3, 2, 3]), 4);
        assert_eq!(check_digit(&[7, 0, 1, 0, 6, 3, 2, 3, 9]), 1);
    }

    #[test]
    fn validates_whole_numbers() {
        assert!(is_valid(&[2, 2, 2, 0, 0, 0, 0, 3, 1, 5]));
        assert!(!is_valid(&[2, 2, 2, 0, 0, 0, 0, 3, 1, 6]));
        assert!(!is_valid(&[]));
    }
}
