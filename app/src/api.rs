//! Thin server functions: read identity, authorise, parse, call a service, map the result.

pub mod audit;
pub mod auth;
pub mod catalog;
pub mod config;
pub mod desk;
pub mod dossiers;
pub mod exceptions;
pub mod kiosk;
pub mod payments;
pub mod reports;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod staff;
