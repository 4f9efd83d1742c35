//! Integration tests over HTTP, each run against SQLite and PostgreSQL.

mod harness;
mod pg;

mod access_matrix;
mod adjustments;
mod auth;
mod cli;
mod entries;
mod excel;
mod organisations;
mod platform;
mod project;
mod reports;
mod spreadsheet;
mod timesheets;
mod users;
