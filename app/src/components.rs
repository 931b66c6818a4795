//! Reusable pieces of the interface.

pub mod cccd_scan;
pub mod dossier_parts;
pub mod fee_preview;
pub mod fee_table;
pub mod form_field;
pub mod kiosk_frame;
pub mod layout;
pub mod notice;
pub mod osk;
pub mod payments;
