//! Pure business rules of Một Cửa: no IO, no clock, no database.
//!
//! Builds for the server and for wasm32, so the browser can run the same
//! validation as the server for instant feedback.

pub mod attachment;
pub mod catalog;
pub mod cccd_qr;
pub mod date;
pub mod dossier;
pub mod failure;
pub mod fees;
pub mod form;
pub mod identity;
pub mod ime;
pub mod l10n;
pub mod money;
pub mod national_id;
pub mod otp;
pub mod pattern;
pub mod payment;
pub mod phone;
pub mod receipt;
pub mod report;
pub mod return_path;
pub mod search;
pub mod statement;
pub mod text;
pub mod vietqr;
pub mod vnpay;

pub use date::Date;
pub use l10n::{Localized, Text};
pub use money::Vnd;
pub use national_id::NationalId;
pub use phone::PhoneNumber;
