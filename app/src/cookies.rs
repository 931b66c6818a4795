//! Every cookie the site sets, in one place: its name, path, `SameSite`, and how it is
//! written and read. `app`'s server functions and `server`'s handlers both go through
//! here; nobody writes a `Set-Cookie` by hand.
//!
//! Every cookie is `HttpOnly` (no script of ours reads one) and `Secure` whenever the
//! site runs in production (`WebConfig::secure_cookies`, `AppState::secure_cookies`):
//! sessions, device and assistance credentials, fee-notice links, and the drafts and
//! messages that may hold what a person typed (names, CCCD numbers).

use axum::http::{HeaderMap, HeaderValue, header};

/// How far a cookie travels with requests from other sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    /// Sent on top-level navigations from other sites (a link in an SMS keeps its
    /// session), not on their sub-requests or posts.
    Lax,
    /// Never sent from another site: drafts and second-factor challenges.
    Strict,
}

/// One cookie of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cookie {
    pub name: &'static str,
    pub path: &'static str,
    pub same_site: SameSite,
}

/// The session of a citizen or member of staff.
pub const SESSION: Cookie = Cookie::lax("motcua_session", "/");
/// A kiosk's device credential (lives until an admin revokes the kiosk).
pub const KIOSK: Cookie = Cookie::strict("motcua_kiosk", "/");
/// An officer's guided-assistance credential on a kiosk.
pub const ASSIST: Cookie = Cookie::strict("motcua_assist", "/");
/// The holder of a fee-notice link (opened from an SMS or a slip).
pub const NOTICE: Cookie = Cookie::lax(services::payments::links::COOKIE, "/");
/// The message after a form posted without JavaScript (read once).
pub const FLASH: Cookie = Cookie::lax("motcua_flash", "/");
/// The language chosen with the switch.
pub const LANG: Cookie = Cookie::lax("lang", "/");
/// A desk intake the officer is still writing (read once).
pub const INTAKE_DRAFT: Cookie = Cookie::strict("motcua_intake", "/can-bo");
/// A fee configuration being previewed (read once).
pub const FEE_DRAFT: Cookie = Cookie::strict("motcua_fee_draft", "/can-bo/cau-hinh");
/// The password step of a staff sign-in, waiting for its second factor.
pub const STAFF_CHALLENGE: Cookie = Cookie::strict("motcua_staff_challenge", "/");
/// A person registering after a right code (`services::accounts::registration_pass`):
/// sent only to the photo reader.
pub const REGISTERING: Cookie = Cookie::strict("motcua_registering", "/api/v1/qr");

/// Cookies a kiosk visit may leave behind, cleared when it ends: every cookie but the
/// device's and the assisting officer's (which ends with the assistance).
pub const VISIT: [Cookie; 8] = [
    SESSION,
    NOTICE,
    LANG,
    FLASH,
    INTAKE_DRAFT,
    FEE_DRAFT,
    STAFF_CHALLENGE,
    REGISTERING,
];

/// A year, for preferences.
pub const YEAR_SECONDS: i64 = 365 * 86_400;

impl Cookie {
    const fn lax(name: &'static str, path: &'static str) -> Self {
        Self {
            name,
            path,
            same_site: SameSite::Lax,
        }
    }

    const fn strict(name: &'static str, path: &'static str) -> Self {
        Self {
            name,
            path,
            same_site: SameSite::Strict,
        }
    }

    /// The `Set-Cookie` value that stores `value` for `max_age` seconds. `None` only for
    /// a value a header cannot carry (callers pass tokens and URL-encoded text).
    #[must_use]
    pub fn set(&self, value: &str, max_age: i64, secure: bool) -> Option<HeaderValue> {
        let same_site = match self.same_site {
            SameSite::Lax => "Lax",
            SameSite::Strict => "Strict",
        };
        let secure = if secure { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{}={value}; Path={}; Max-Age={max_age}; HttpOnly; SameSite={same_site}{secure}",
            self.name, self.path
        ))
        .ok()
    }

    /// The `Set-Cookie` value that removes the cookie.
    #[must_use]
    pub fn clear(&self, secure: bool) -> Option<HeaderValue> {
        self.set("", 0, secure)
    }

    /// The cookie's value in a request, if it has one.
    #[must_use]
    pub fn read(&self, headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == self.name)
            .map(|(_, v)| v.to_owned())
    }

    /// Adds `Set-Cookie` to a response built by hand (axum handlers).
    pub fn set_on(&self, headers: &mut HeaderMap, value: &str, max_age: i64, secure: bool) {
        if let Some(v) = self.set(value, max_age, secure) {
            headers.append(header::SET_COOKIE, v);
        }
    }

    /// Removes the cookie in a response built by hand (axum handlers).
    pub fn clear_on(&self, headers: &mut HeaderMap, secure: bool) {
        self.set_on(headers, "", 0, secure);
    }

    /// Stores the cookie in the response of this server function or render.
    pub fn respond(&self, value: &str, max_age: i64) {
        let secure = crate::api::ssr::web_config().secure_cookies;
        if let (Some(opts), Some(v)) = (
            leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
            self.set(value, max_age, secure),
        ) {
            opts.append_header(header::SET_COOKIE, v);
        }
    }

    /// Removes the cookie in the response of this server function or render.
    pub fn respond_clear(&self) {
        self.respond("", 0);
    }

    /// The cookie's value in the request being rendered or served.
    #[must_use]
    pub fn in_request(&self) -> Option<String> {
        leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|p| self.read(&p.headers))
    }
}
