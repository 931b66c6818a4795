//! What every handler shares: the services, the Leptos options and a few settings.

use app::api::ssr::WebConfig;
use leptos::prelude::LeptosOptions;
use services::Services;
use std::sync::Arc;

/// Shared state of the HTTP handlers.
#[derive(Clone, Debug, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub services: Services,
    pub sandbox: bool,
    /// Key of the bank notification signatures.
    pub bank_webhook_secret: Arc<[u8]>,
    /// Where this server answers itself (the sandbox bank posts notifications there).
    pub self_url: String,
    /// Where people reach this server (receipt verification links).
    #[from_ref(skip)]
    pub public_url: String,
    /// Mark cookies `Secure` (production).
    #[from_ref(skip)]
    pub secure_cookies: bool,
    /// What the app's renders are given (see [`crate::web::leptos_context`]).
    #[from_ref(skip)]
    pub web: WebConfig,
}
