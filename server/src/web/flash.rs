//! The flash after a post made without JavaScript ([`app::flash`]): writing it as the
//! cookie, and sending a plain form post back to its page with a server function's
//! refusal in it.

use app::flash::Flash;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Writes the message a handler left for the next page ([`crate::web::forms::back`]) as the
/// flash cookie (two minutes, read once by the page), `Secure` in production: the one
/// way a message follows a post made without JavaScript.
pub async fn write_flash(State(secure): State<bool>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    if let Some(flash) = res.extensions_mut().remove::<Flash>() {
        let value = app::flash::encode(&flash);
        app::cookies::FLASH.set_on(res.headers_mut(), &value, 120, secure);
    }
    res
}

/// Where a plain form post (no JavaScript) is sent back to. Leptos answers a server
/// function posted by a plain form with a redirect to the browser's `Referer`, a whole
/// address, and, when it refuses, with the error in it (`?__path=…&__err=…`). This layer
/// sends the browser to the page's path on this site instead (through the one
/// safe-return rule, with no dangling `?`), and moves a refusal into the flash
/// ([`app::flash`], written by [`write_flash`]), so a post made without JavaScript leaves
/// its message one way, whoever handled it. A refusal too large for a cookie stays in
/// the address, as Leptos made it; another site's address is left alone.
pub async fn plain_form_redirects(req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut res = next.run(req).await;
    let Some(location) = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
    else {
        return res;
    };
    let Some(ours) = own_path(&location, host.as_deref()) else {
        return res;
    };
    let (base, query) = ours.split_once('?').unwrap_or((ours, ""));
    let base = domain::return_path::safe_return_or_home(base);
    let (clean, flash) = if query.contains("__err=") {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        let last = |key: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        let (Some(path), Some(error)) = (last("__path"), last("__err")) else {
            return res;
        };
        let flash = Flash::refused_by(&path, &error);
        if app::flash::encode(&flash).len() > app::flash::MAX_ENCODED {
            return res;
        }
        let kept: Vec<&(String, String)> = pairs
            .iter()
            .filter(|(k, _)| k != "__path" && k != "__err")
            .collect();
        let clean = match serde_urlencoded::to_string(&kept) {
            Ok(query) if !query.is_empty() => format!("{base}?{query}"),
            _ => base.to_owned(),
        };
        (clean, Some(flash))
    } else if query.is_empty() {
        (base.to_owned(), None)
    } else {
        (format!("{base}?{query}"), None)
    };
    if clean == location {
        return res;
    }
    if let Ok(v) = HeaderValue::from_str(&clean) {
        res.headers_mut().insert(header::LOCATION, v);
        if let Some(flash) = flash {
            res.extensions_mut().insert(flash);
        }
    }
    res
}

/// The path (and query) of an address on this site: a path as it is, `http(s)://host/…`
/// when `host` is this request's; `None` for another site's address.
pub(super) fn own_path<'a>(location: &'a str, host: Option<&str>) -> Option<&'a str> {
    if location.starts_with('/') {
        return Some(location);
    }
    let rest = location
        .strip_prefix("http://")
        .or_else(|| location.strip_prefix("https://"))?;
    let at = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(at);
    (host == Some(authority)).then_some(if path.is_empty() { "/" } else { path })
}
