//! Thin server functions: read identity, authorise, parse, call a service, map the result.

pub mod audit;
pub mod auth;
pub mod catalog;
pub mod config;
pub mod desk;
pub mod dossiers;
pub mod exceptions;
pub mod jobs;
pub mod kiosk;
pub mod payments;
pub mod refunds;
pub mod reports;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod staff;

/// Where a form that posts without the page's script goes: the server function's path.
/// The kiosk's forms post this way (a full page load), so nothing of the previous
/// person's visit stays in the page's memory once a credential changes, and so does the
/// VNPAY button, whose redirect leaves the site. A refusal comes back to the page's
/// `ServerAction` of the same function (`crate::flash::provide_refusal`).
#[must_use]
pub fn path<F: leptos::server_fn::ServerFn>() -> &'static str {
    F::PATH
}
