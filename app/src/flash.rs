//! The one way a message follows a post made without JavaScript: the `flash` cookie (two
//! minutes, read once), left by the server for the page the post returns to. An axum
//! form handler leaves its outcome there (`server::web::forms::back`); a server function
//! that refuses a plain form post leaves its refusal there too (`server::web::
//! plain_form_redirects`), instead of Leptos' `?__path=…&__err=…` in the address, and the
//! page's `ServerAction` finds it as if its script had made the call ([`provide_refusal`]).

use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// A one-time message left by a form post for the page it returns to.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Flash {
    pub ok: bool,
    pub field: Option<String>,
    pub message: domain::Text,
    /// When a server function refused the post: which one, and its error as Leptos
    /// encodes it, for the page's `ServerAction` to show where its script would have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
}

/// A server function's refusal of a plain form post.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Refusal {
    /// The server function's path (`/api/auth/request-otp`).
    pub path: String,
    /// The error as `server_fn` puts it in `__err` (URL-safe base64 of its JSON).
    pub error: String,
}

impl Flash {
    #[must_use]
    pub fn done(message: domain::Text) -> Self {
        Self {
            ok: true,
            field: None,
            message,
            refusal: None,
        }
    }

    /// The refusal of a server function, from what Leptos would have put in the address.
    #[must_use]
    pub fn refused_by(path: &str, encoded: &str) -> Self {
        let error = leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(encoded);
        Self {
            ok: false,
            field: error.field(),
            message: error.text(),
            refusal: Some(Refusal {
                path: path.to_owned(),
                error: encoded.to_owned(),
            }),
        }
    }
}

/// What a server function answers a form post with when it succeeds: the message for
/// the page its script shows, and, for a post made without JavaScript (the browser comes
/// back to the page with no script to show the answer), the same message in the flash.
#[cfg(feature = "ssr")]
#[must_use]
pub fn done(message: domain::Text) -> domain::Text {
    if plain_form_post() {
        crate::cookies::FLASH.respond(&encode(&Flash::done(message.clone())), 120);
    }
    message
}

/// What a server function answers when its work leads to another page (a dossier just
/// recorded is shown on its own page): the browser goes there, with JavaScript (the
/// `ActionForm` follows the redirect) or without, and the outcome waits there in the
/// flash either way, since the form that would have shown it is gone.
#[cfg(feature = "ssr")]
pub fn done_at(path: &str, flash: Flash) -> domain::Text {
    crate::cookies::FLASH.respond(&encode(&flash), 120);
    // Only a path of this site (the one safe-return rule).
    leptos_axum::redirect(domain::return_path::safe_return_or_home(path));
    flash.message
}

/// Whether this request is a plain HTML form post (no script): what the browser sends
/// then asks for a page, `Accept: text/html`, as Leptos tells the two apart.
#[cfg(feature = "ssr")]
#[must_use]
pub fn plain_form_post() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>().is_some_and(|p| {
        p.headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// The longest cookie value a flash may take: browsers drop cookies over 4096 bytes.
pub const MAX_ENCODED: usize = 3800;

/// The cookie value for a flash message (URL-safe JSON).
#[must_use]
pub fn encode(flash: &Flash) -> String {
    let json = serde_json::to_string(flash).unwrap_or_default();
    domain::return_path::urlencode(&json)
}

#[must_use]
pub fn decode(raw: &str) -> Option<Flash> {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut it = raw.bytes();
    while let Some(b) = it.next() {
        if b == b'%' {
            let hi = it.next()?;
            let lo = it.next()?;
            let hex = [hi, lo];
            bytes.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
        } else if b == b'+' {
            bytes.push(b' ');
        } else {
            bytes.push(b);
        }
    }
    serde_json::from_slice(&bytes).ok()
}

/// Hands a server function's refusal left in the flash to the page's `ServerAction`
/// (Leptos' `ServerActionError` context, which `ServerAction::new` reads), on the server
/// and, through a `SharedValue`, in the browser that hydrates the page. Call once, at the
/// root. The flash itself stays for `take_flash` (the `FlashNotice` of axum posts).
pub fn provide_refusal() {
    let refusal = leptos::prelude::SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            crate::cookies::FLASH
                .in_request()
                .and_then(|raw| decode(&raw))
                .and_then(|f| f.refusal)
        }
        #[cfg(not(feature = "ssr"))]
        {
            None::<Refusal>
        }
    })
    .into_inner();
    if let Some(r) = refusal {
        #[cfg(feature = "ssr")]
        crate::cookies::FLASH.respond_clear();
        leptos::prelude::provide_context(leptos::server::ServerActionError::new(&r.path, &r.error));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flash_survives_its_cookie() {
        let flash = Flash::done(domain::Text::new("Đã lưu; \"xong\"", "Saved"));
        assert_eq!(decode(&encode(&flash)), Some(flash));
    }
}
