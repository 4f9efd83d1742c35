//! What the benches share: the machine-readable line `scripts/bench/all.sh` collects
//! into its table.

/// Prints `RESULT<TAB>what<TAB>value<TAB>unit<TAB>target` for the summary table, with
/// the database the figure was measured on in front of `what`.
pub fn result(backend: impl std::fmt::Debug, what: &str, value: f64, unit: &str, target: &str) {
    println!("RESULT\t{backend:?}\t{what}\t{value:.1}\t{unit}\t{target}");
}

/// The scale a bench generates its data at: ESF_BENCH_SCALE=small|regional|national
/// (national when unset), to show how a cost grows with the data.
#[allow(dead_code)] // Not every bench varies its scale.
pub fn scale() -> esf_ledger::scale::Scale {
    match std::env::var("ESF_BENCH_SCALE").as_deref() {
        Ok("small") => esf_ledger::scale::Scale::Small,
        Ok("regional") => esf_ledger::scale::Scale::Regional,
        _ => esf_ledger::scale::Scale::National,
    }
}

/// A migrated database seeded with the Plug In tree, project and demo users: a
/// temporary SQLite file, or the empty PostgreSQL database ESF_BENCH_DATABASE_URL names.
/// The folder must be kept as long as the database is used.
pub fn seeded_database() -> (
    tempfile::TempDir,
    esf_ledger::store::DatabaseTarget,
    esf_ledger::store::DbConnection,
) {
    let dir = tempfile::tempdir().unwrap();
    let url = std::env::var("ESF_BENCH_DATABASE_URL")
        .unwrap_or_else(|_| dir.path().join("bench.db").display().to_string());
    let target = esf_ledger::store::DatabaseTarget::parse(&url);
    let mut conn = esf_ledger::store::db::Manager::connect_once(&target).unwrap();
    conn.run_migrations().unwrap();
    esf_ledger::seed::seed(
        &mut conn,
        &esf_ledger::seed::SeedOptions {
            demo_users: true,
            demo_password: "bench password".into(),
        },
    )
    .unwrap();
    (dir, target, conn)
}
