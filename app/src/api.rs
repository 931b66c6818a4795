//! Thin server functions: read identity, authorise, parse, call a service, map the result.

pub mod auth;
pub mod catalog;
pub mod dossiers;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod staff;
