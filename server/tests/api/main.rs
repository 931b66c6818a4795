//! HTTP integration tests: the real server on port 0, on SQLite and on PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests fail loudly on purpose"
)]

mod helpers;

mod auth;
mod backups;
mod blobs;
mod catalog;
mod cli;
mod desk;
mod dossiers;
mod edge;
mod fees;
mod jobs;
mod kiosks;
mod matrix;
mod metrics;
mod nodes;
mod pages;
mod payments;
mod platform;
mod receipts;
mod visitor;
