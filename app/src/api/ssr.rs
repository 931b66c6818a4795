//! Server-side helpers for server functions: services, client IP, the session's end
//! (who is calling: [`crate::caller`]).

use crate::error::AppError;
use leptos::prelude::*;
use services::Services;
use services::accounts;

/// Settings the app needs from the server's configuration.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (production, behind HTTPS).
    pub secure_cookies: bool,
    /// Show links to the sandbox (development only).
    pub sandbox: bool,
    /// A kiosk left alone this long ends the visit.
    pub kiosk_idle_seconds: i64,
    /// Where people reach this server (links sent to phones).
    pub public_url: String,
}

/// The services from context.
///
/// # Errors
/// `Internal` when the server forgot to provide them.
pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or_else(|| AppError::Internal {
        error_id: "no-services".to_owned(),
    })
}

#[must_use]
pub fn web_config() -> WebConfig {
    use_context::<WebConfig>().unwrap_or(WebConfig {
        secure_cookies: true,
        sandbox: false,
        kiosk_idle_seconds: 90,
        public_url: String::new(),
    })
}

/// The form values a refused (or previewed) post left in a draft cookie, read once:
/// the cookie is cleared in the same response.
#[must_use]
pub fn take_typed_values(
    draft: crate::cookies::Cookie,
) -> std::collections::BTreeMap<String, String> {
    let values: std::collections::BTreeMap<String, String> = draft
        .in_request()
        .map(|raw| {
            serde_urlencoded::from_str::<Vec<(String, String)>>(&raw)
                .unwrap_or_default()
                .into_iter()
                .collect()
        })
        .unwrap_or_default();
    if !values.is_empty() {
        draft.respond_clear();
    }
    values
}

/// The client's address (behind trusted proxies, the one they forwarded): what the
/// server's client-address layer found for this request.
#[must_use]
pub fn client_ip() -> String {
    use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<services::net::ClientIp>().copied())
        .map_or_else(|| "unknown".to_owned(), |c| c.to_string())
}

/// Answers 404 for this request when `r` is "not found" (a page whose subject does not
/// exist still renders, with the status a crawler or a test expects).
pub fn not_found_status<T>(r: &Result<T, services::ServiceError>) {
    if matches!(r, Err(services::ServiceError::NotFound))
        && let Some(opts) = use_context::<leptos_axum::ResponseOptions>()
    {
        opts.set_status(axum::http::StatusCode::NOT_FOUND);
    }
}

/// The key the per-client limits count: an enrolled kiosk by its device, anyone else
/// by client address ([`services::net::ClientKey`], set by the server's layers).
#[must_use]
pub fn client_key() -> String {
    use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<services::net::ClientKey>().cloned())
        .map_or_else(client_ip, |k| k.as_str().to_owned())
}

fn session_token() -> Option<String> {
    crate::cookies::SESSION.in_request()
}

/// Ends the session of this request and clears its cookie.
///
/// # Errors
/// Database errors.
pub async fn end_session() -> Result<(), AppError> {
    if let Some(token) = session_token() {
        accounts::sign_out(&services()?, &token).await?;
    }
    // What was typed at the desk or on the fee screen is not the next person's.
    for c in [
        crate::cookies::SESSION,
        crate::cookies::INTAKE_DRAFT,
        crate::cookies::FEE_DRAFT,
    ] {
        c.respond_clear();
    }
    Ok(())
}

/// Keeps what a form post made without JavaScript typed, for its page to show again
/// once (five minutes): with JavaScript the form keeps it itself. Not kept when it
/// would not fit in a cookie (the browser would drop it).
pub fn keep_typed_values(
    draft: crate::cookies::Cookie,
    values: &std::collections::BTreeMap<String, String>,
) {
    if !crate::flash::plain_form_post() {
        return;
    }
    let kept = serde_urlencoded::to_string(values).unwrap_or_default();
    if kept.len() <= crate::flash::MAX_ENCODED {
        draft.respond(&kept, 300);
    }
}
