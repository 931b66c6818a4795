//! Kiosk mode: when the request comes from an enrolled kiosk, every page renders in
//! the kiosk frame (large type and touch targets, "Kết thúc" everywhere, the idle
//! warning and wipe). The server puts what it knows on `<body>`; the browser reads it
//! back from there when it hydrates.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The kiosk this page is shown on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskInfo {
    pub name: String,
    /// A member of staff assisting (assisted mode).
    pub assisted_by: Option<String>,
    pub idle_seconds: i64,
}

/// Seconds of warning before an idle kiosk ends the visit (WCAG 2.2.1: at least 20).
pub const WARNING_SECONDS: i64 = 25;

/// Puts the kiosk (if any) in context; call where `provide_lang` is called.
pub fn provide_kiosk() {
    #[cfg(feature = "ssr")]
    let info = use_context::<http::request::Parts>().and_then(|p| {
        p.extensions
            .get::<services::kiosks::Kiosk>()
            .map(|k| KioskInfo {
                name: k.name.clone(),
                assisted_by: (k.mode == services::kiosks::Mode::Assisted)
                    .then(|| k.assisted_by.clone())
                    .flatten(),
                idle_seconds: crate::api::ssr::web_config().kiosk_idle_seconds,
            })
    });
    #[cfg(not(feature = "ssr"))]
    let info = document().body().and_then(|b| {
        let name = b.get_attribute("data-kiosk")?;
        Some(KioskInfo {
            name,
            assisted_by: b.get_attribute("data-kiosk-assisted"),
            idle_seconds: b
                .get_attribute("data-kiosk-idle")
                .and_then(|v| v.parse().ok())
                .unwrap_or(90),
        })
    });
    provide_context(info);
}

/// The kiosk, when the page is shown on one.
#[must_use]
pub fn use_kiosk() -> Option<KioskInfo> {
    use_context::<Option<KioskInfo>>().flatten()
}
