//! Integration tests over HTTP, each run against SQLite and PostgreSQL.

mod harness;
mod pg;

mod access_matrix;
mod adjustments;
mod auth;
mod browser;
mod budgets;
mod builders;
mod chain;
mod claims;
mod cli;
mod entries;
mod excel;
mod malicious;
mod organisations;
mod participant_imports;
mod participants;
mod platform;
mod printed;
mod project;
mod reports;
mod scb;
mod security;
mod spreadsheet;
mod timesheets;
mod users;
mod web;
