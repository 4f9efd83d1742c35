//! Pure business rules: no I/O, no database, no HTTP. Most unit tests live here.

pub mod access;
pub mod claim;
pub mod claim_period;
pub mod distribution;
pub mod entered;
pub mod entry;
pub mod hours;
pub mod identity;
pub mod luhn;
pub mod money;
pub mod names;
pub mod organisation;
pub mod participant;
pub mod period;
pub mod premises;
pub mod project;
pub mod rate;
pub mod report;
pub mod roles;
pub mod rounding;
pub mod scb;
pub mod staff_cost;
pub mod statistics;
pub mod user;
pub mod validation;
pub mod workflow;
