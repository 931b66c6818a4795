//! The axum server of Một Cửa: configuration, the HTTP router (pages, server functions,
//! REST API v1, sandbox), and the command line.
//!
//! - [`state`]: what every handler shares;
//! - [`web`]: the layers every request passes, and the few axum handlers that must stay
//!   beside the Leptos app (multipart posts, device and kiosk posts, provider returns);
//! - [`api`]: the REST API v1 and the provider notifications;
//! - [`sandbox`]: the sandbox bank, VNPAY and SMS outbox (development only);
//! - [`cli`]: the command line.

pub mod api;
pub mod cli;
pub mod config;
pub mod metrics;
pub mod sandbox;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod web;
