//! Service tests, each run on SQLite and on PostgreSQL.

mod common;

mod accounts;
mod catalog;
mod staff;
