//! Distribution of an ESF payment among the organisations of a claim (fördelning): each
//! organisation's exact share of the amount by the project's key, in öre by the
//! largest-remainder method, ties broken by organisation code in byte order, so the parts
//! always add up to the amount received. Integer arithmetic only (i128 for products).

/// One organisation's basis for its share (its eligible or direct cash costs, öre).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis {
    pub code: String,
    pub basis_ore: i64,
}

/// `amount_ore` split in proportion to the bases; parts in the order of `bases`.
/// Bases must be non-negative with a positive sum.
pub fn largest_remainder(amount_ore: i64, bases: &[Basis]) -> Result<Vec<i64>, String> {
    if amount_ore < 0 {
        return Err("a negative amount is not distributed".into());
    }
    if bases.iter().any(|b| b.basis_ore < 0) {
        return Err("a share's basis is negative".into());
    }
    let total: i128 = bases.iter().map(|b| i128::from(b.basis_ore)).sum();
    if total <= 0 {
        return Err("no organisation has costs to share by".into());
    }
    let amount = i128::from(amount_ore);
    // floor(amount × basis / total) and the remainder of that division, exactly.
    let mut parts: Vec<(i128, i128)> = bases
        .iter()
        .map(|b| {
            let product = amount * i128::from(b.basis_ore);
            (product / total, product % total)
        })
        .collect();
    let floored: i128 = parts.iter().map(|(q, _)| q).sum();
    let left = usize::try_from(amount - floored).map_err(|_| "internal: negative remainder")?;
    // The remaining öre go one each to the largest remainders; ties by code.
    let mut order: Vec<usize> = (0..bases.len()).collect();
    order.sort_by(|&a, &b| {
        parts[b]
            .1
            .cmp(&parts[a].1)
            .then_with(|| bases[a].code.as_bytes().cmp(bases[b].code.as_bytes()))
    });
    for &i in order.iter().take(left) {
        parts[i].0 += 1;
    }
    parts
        .into_iter()
        .map(|(q, _)| i64::try_from(q).map_err(|_| "a part is too large".to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn basis(code: &str, ore: i64) -> Basis {
        Basis {
            code: code.into(),
            basis_ore: ore,
        }
    }

    #[test]
    fn the_worked_example() {
        // 100 000.00 SEK among 1481, 1402 and GR with equal costs: the odd öre to 1402.
        let bases = [basis("1481", 500), basis("1402", 500), basis("GR", 500)];
        assert_eq!(
            largest_remainder(10_000_000, &bases).unwrap(),
            vec![3_333_333, 3_333_334, 3_333_333]
        );
    }

    #[test]
    fn refusals() {
        assert!(largest_remainder(-1, &[basis("A", 1)]).is_err());
        assert!(largest_remainder(1, &[basis("A", 0)]).is_err());
        assert!(largest_remainder(1, &[basis("A", -1), basis("B", 2)]).is_err());
        assert!(largest_remainder(1, &[]).is_err());
    }

    proptest! {
        #[test]
        fn parts_add_up_and_stay_within_one_ore(
            amount in 0i64..=1_000_000_000_000,
            bases in prop::collection::vec(0i64..=10_000_000_000, 1..80),
        ) {
            prop_assume!(bases.iter().any(|b| *b > 0));
            let bases: Vec<Basis> = bases.iter().enumerate()
                .map(|(i, b)| basis(&format!("{i:04}"), *b)).collect();
            let parts = largest_remainder(amount, &bases).unwrap();
            prop_assert_eq!(parts.iter().sum::<i64>(), amount);
            let total: i128 = bases.iter().map(|b| i128::from(b.basis_ore)).sum();
            for (p, b) in parts.iter().zip(&bases) {
                // |part − exact share| < 1 öre, i.e. |part × total − amount × basis| < total.
                let diff = i128::from(*p) * total - i128::from(amount) * i128::from(b.basis_ore);
                prop_assert!(diff.abs() < total, "part {} for basis {}", p, b.basis_ore);
                prop_assert!(*p >= 0);
            }
        }
    }
}
