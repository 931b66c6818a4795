//! Server-side helpers for server functions: services, client IP, cookies, identity.

use crate::error::AppError;
use axum::http::{HeaderMap, HeaderValue, header};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use services::Services;
use services::accounts::{self, Identity};

/// The name of the session cookie for citizens and staff.
pub const SESSION_COOKIE: &str = "motcua_session";

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

/// A cookie's value from request headers.
#[must_use]
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The form values a refused (or previewed) post left in a cookie of `path`, read once:
/// the cookie is cleared in the same response.
#[must_use]
pub fn take_typed_values(name: &str, path: &str) -> std::collections::BTreeMap<String, String> {
    let values: std::collections::BTreeMap<String, String> =
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|p| cookie(&p.headers, name))
            .map(|raw| {
                serde_urlencoded::from_str::<Vec<(String, String)>>(&raw)
                    .unwrap_or_default()
                    .into_iter()
                    .collect()
            })
            .unwrap_or_default();
    if !values.is_empty()
        && let (Some(opts), Ok(v)) = (
            leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(&format!(
                "{name}=; Path={path}; Max-Age=0; HttpOnly; SameSite=Strict"
            )),
        )
    {
        opts.append_header(http::header::SET_COOKIE, v);
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

fn session_token() -> Option<String> {
    use_context::<axum::http::request::Parts>().and_then(|p| cookie(&p.headers, SESSION_COOKIE))
}

/// Who is signed in on this request, if anyone.
///
/// # Errors
/// Database errors.
pub async fn identity() -> Result<Option<Identity>, AppError> {
    let Some(token) = session_token() else {
        return Ok(None);
    };
    Ok(accounts::resolve_session(&services()?, &token).await?)
}

/// Sets the session cookie: HttpOnly, SameSite=Lax, Secure in production.
pub fn set_session_cookie(token: &str, max_age: i64) {
    let secure = if web_config().secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let value = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    );
    if let (Some(opts), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&value),
    ) {
        opts.append_header(header::SET_COOKIE, v);
    }
}

/// Ends the session of this request and clears its cookie.
///
/// # Errors
/// Database errors.
pub async fn end_session() -> Result<(), AppError> {
    if let Some(token) = session_token() {
        accounts::sign_out(&services()?, &token).await?;
    }
    set_session_cookie("", 0);
    Ok(())
}
