//! Reusable pieces of the interface.

pub mod fee_table;
pub mod layout;
pub mod notice;
