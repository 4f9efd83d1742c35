//! Rebuild when a migration is added or changed: `embed_migrations!` reads the folders at
//! compile time, and cargo does not otherwise watch them (diesel's documented advice).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
