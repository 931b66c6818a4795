//! Service tests, each run on SQLite and on PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests fail loudly on purpose"
)]

mod common;

mod accounts;
mod blobs;
mod catalog;
mod config;
mod desk;
mod dossiers;
mod exceptions;
mod fees;
mod jobs;
mod kiosks;
mod limits;
mod payments;
mod receipts;
mod refunds;
mod reports;
mod sms;
mod staff;
mod vnpay;
