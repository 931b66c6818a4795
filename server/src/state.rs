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
    /// Live payment streams open on this node, per caller.
    #[from_ref(skip)]
    pub streams: Arc<StreamSlots>,
    /// What the sandbox VNPAY gateway decided, by order (development only: it answers
    /// `querydr` from it).
    #[from_ref(skip)]
    pub sandbox_vnpay: Arc<crate::sandbox::vnpay::Orders>,
    /// Turns `true` when the node begins to shut down: live streams end then, so the
    /// browsers reconnect to another node instead of holding this one up.
    #[from_ref(skip)]
    pub stopping: tokio::sync::watch::Receiver<bool>,
    /// This node's `/metrics`.
    #[from_ref(skip)]
    pub metrics: Arc<crate::metrics::Metrics>,
}

/// Counts the live streams each caller holds open on this node, so one session cannot
/// hold an unbounded number of connections (each also re-reads its attempt).
#[derive(Debug, Default)]
pub struct StreamSlots(std::sync::Mutex<std::collections::HashMap<String, usize>>);

/// Streams one caller may hold open at once: a payment page in a few tabs.
pub const STREAMS_PER_CALLER: usize = 4;

/// One open stream; dropping it (the stream ends or the client goes) frees its slot.
#[derive(Debug)]
pub struct StreamSlot {
    slots: Arc<StreamSlots>,
    key: String,
}

impl StreamSlots {
    /// Streams open on this node.
    #[must_use]
    pub fn open(&self) -> usize {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .values()
            .sum()
    }

    /// A slot for `key`, unless it already holds [`STREAMS_PER_CALLER`].
    #[must_use]
    pub fn take(self: &Arc<Self>, key: String) -> Option<StreamSlot> {
        let mut open = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = open.entry(key.clone()).or_default();
        if *n >= STREAMS_PER_CALLER {
            return None;
        }
        *n += 1;
        Some(StreamSlot {
            slots: Arc::clone(self),
            key,
        })
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self
            .slots
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(n) = open.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.key);
            }
        }
    }
}
