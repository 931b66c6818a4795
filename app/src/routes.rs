//! One page per file.

pub mod account;
pub mod catalog;
pub mod home;
pub mod not_found;
pub mod procedure;
pub mod sign_in;
pub mod staff;
pub mod submit;
pub mod verify;
