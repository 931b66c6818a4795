//! Dossiers (hồ sơ): the national code, the statuses and who may move a dossier where.

pub mod code;
pub mod status;
pub mod view;

pub use code::DossierCode;
pub use status::{Action, Actor, Channel, NationalStatus, Status, TransitionError};
