//! One page per file.

pub mod account;
pub mod catalog;
pub mod dossier;
pub mod home;
pub mod kiosk;
pub mod kiosk_assist;
pub mod lookup;
pub mod my_dossiers;
pub mod not_found;
pub mod payment;
pub mod procedure;
pub mod receipt_check;
pub mod receipt_slip;
pub mod sign_in;
pub mod staff;
pub mod staff_audit;
pub mod staff_config;
pub mod staff_config_fees;
pub mod staff_desk;
pub mod staff_dossiers;
pub mod staff_exceptions;
pub mod staff_kiosks;
pub mod staff_reconcile;
pub mod staff_reports;
pub mod submit;
pub mod verify;
