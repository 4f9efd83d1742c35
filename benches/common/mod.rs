//! What the benches share: the machine-readable line `scripts/bench/all.sh` collects
//! into its table.

/// Prints `RESULT<TAB>what<TAB>value<TAB>unit<TAB>target` for the summary table, with
/// the database the figure was measured on in front of `what`.
pub fn result(backend: impl std::fmt::Debug, what: &str, value: f64, unit: &str, target: &str) {
    println!("RESULT\t{backend:?}\t{what}\t{value:.1}\t{unit}\t{target}");
}
