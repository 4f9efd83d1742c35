//! Pure business rules: no I/O, no database, no HTTP. Most unit tests live here.

pub mod access;
pub mod luhn;
pub mod money;
pub mod organisation;
pub mod project;
pub mod rate;
pub mod roles;
pub mod user;
pub mod validation;
