//! One guard against cross-site writes, as a layer over the whole router.
//!
//! Every unsafe request (POST, PUT, PATCH, DELETE) — forms, server functions at
//! `/api/{fn}`, uploads — must come from a page of this site. The browser says where a
//! request comes from in `Sec-Fetch-Site` (modern browsers, on HTTPS and localhost) and
//! `Origin`; a forged form on another site cannot change either. A request is accepted
//! when:
//!
//! 1. `Sec-Fetch-Site` is `same-origin` or `none` (typed or bookmarked); any other value
//!    (`cross-site`, `same-site`) is refused whatever else it says;
//! 2. else its `Origin` is the public origin (`MOTCUA_PUBLIC_URL`) or the origin of the
//!    host it was sent to (`Host`, which a page on another site cannot choose);
//! 3. else, with neither header, its `Referer` is a page of one of those origins;
//! 4. else it is refused.
//!
//! Exempt are the counterparts that carry no cookie-borne credential: provider
//! notifications (signed), the sandbox bank's and the sandbox VNPAY's own APIs (they
//! play another party), and
//! REST calls under `/api/v1` that carry a `Bearer` token or no cookie at all — a page
//! on another site cannot add a bearer token, and without a cookie there is no
//! session to ride on. A refusal answers 403 with a bilingual message and is logged.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The origins a write may come from, besides the `Host` it is sent to.
#[derive(Debug, Clone)]
pub struct Origins {
    public: Option<String>,
}

impl Origins {
    /// The origin (scheme, host, port) of the public URL, if one is set.
    #[must_use]
    pub fn new(public_url: &str) -> Self {
        let public = public_url.split_once("://").map(|(scheme, rest)| {
            let authority = rest.split('/').next().unwrap_or(rest);
            format!(
                "{}://{}",
                scheme.to_ascii_lowercase(),
                authority.to_ascii_lowercase()
            )
        });
        Self { public }
    }

    fn allows(&self, origin: &str, host: Option<&str>) -> bool {
        let origin = origin.to_ascii_lowercase();
        if self.public.as_deref() == Some(origin.as_str()) {
            return true;
        }
        let authority = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"));
        matches!((authority, host), (Some(a), Some(h)) if a == h.to_ascii_lowercase())
    }
}

/// Whether a request may go on, and if not, why (for the log).
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    Exempt,
    Refused(&'static str),
}

fn header(headers: &HeaderMap, name: impl header::AsHeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Paths whose writes come from another party, never from a page with our cookies.
const COUNTERPARTS: [&str; 3] = [
    "/api/v1/payment-notifications/",
    "/sandbox/bank/transfers",
    "/sandbox/vnpay/merchant_webapi/",
];

/// The decision for one request.
#[must_use]
pub fn check(method: &Method, path: &str, headers: &HeaderMap, origins: &Origins) -> Verdict {
    if method.is_safe() {
        return Verdict::Exempt;
    }
    if COUNTERPARTS.iter().any(|p| path.starts_with(p)) {
        return Verdict::Exempt;
    }
    if path.starts_with("/api/v1/")
        && (app::caller::bearer(headers).is_some() || !headers.contains_key(header::COOKIE))
    {
        return Verdict::Exempt;
    }
    let host = header(headers, header::HOST);
    if let Some(site) = header(headers, "sec-fetch-site") {
        return match site {
            "same-origin" | "none" => Verdict::Allowed,
            _ => Verdict::Refused("Sec-Fetch-Site is not same-origin"),
        };
    }
    if let Some(origin) = header(headers, header::ORIGIN) {
        return if origins.allows(origin, host) {
            Verdict::Allowed
        } else {
            Verdict::Refused("Origin is another site")
        };
    }
    if let Some(referer) = header(headers, header::REFERER) {
        let origin = referer
            .split_once("://")
            .map(|(scheme, rest)| format!("{scheme}://{}", rest.split('/').next().unwrap_or("")));
        return if origin.is_some_and(|o| origins.allows(&o, host)) {
            Verdict::Allowed
        } else {
            Verdict::Refused("Referer is another site")
        };
    }
    Verdict::Refused("no Sec-Fetch-Site, Origin or Referer")
}

/// The layer: refuses what [`check`] refuses.
pub async fn guard(State(origins): State<Arc<Origins>>, req: Request, next: Next) -> Response {
    match check(req.method(), req.uri().path(), req.headers(), &origins) {
        Verdict::Allowed | Verdict::Exempt => next.run(req).await,
        Verdict::Refused(why) => {
            tracing::warn!(
                method = %req.method(),
                path = req.uri().path(),
                origin = header(req.headers(), header::ORIGIN).unwrap_or("-"),
                sec_fetch_site = header(req.headers(), "sec-fetch-site").unwrap_or("-"),
                why,
                "cross-site write refused"
            );
            (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "Yêu cầu gửi từ một trang khác nên đã bị từ chối. Hãy mở lại trang của Một Cửa và thử lại.\n\
                 This request came from another site and was refused. Open the Một Cửa page again and retry.\n",
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn post(path: &str, pairs: &[(&'static str, &str)]) -> Verdict {
        let origins = Origins::new("https://motcua.example.gov.vn");
        check(&Method::POST, path, &headers(pairs), &origins)
    }

    #[test]
    fn same_origin_writes_pass() {
        let host = ("host", "127.0.0.1:3000");
        assert_eq!(
            post(
                "/api/auth/request-otp",
                &[host, ("sec-fetch-site", "same-origin")]
            ),
            Verdict::Allowed
        );
        assert_eq!(
            post("/ho-so/X", &[host, ("origin", "http://127.0.0.1:3000")]),
            Verdict::Allowed
        );
        assert_eq!(
            post(
                "/ho-so/X",
                &[
                    ("host", "proxy.local"),
                    ("origin", "https://MOTCUA.example.gov.vn")
                ]
            ),
            Verdict::Allowed
        );
        assert_eq!(
            post(
                "/ho-so/X",
                &[host, ("referer", "http://127.0.0.1:3000/ho-so/X")]
            ),
            Verdict::Allowed
        );
    }

    /// The attack seen in issue 14: a page on another site posts to the OTP server fn.
    #[test]
    fn cross_site_writes_are_refused() {
        let host = ("host", "127.0.0.1:3000");
        for pairs in [
            vec![
                host,
                ("origin", "http://evil.example"),
                ("sec-fetch-site", "cross-site"),
            ],
            // A browser's word wins over an Origin that happens to match.
            vec![
                host,
                ("origin", "http://127.0.0.1:3000"),
                ("sec-fetch-site", "cross-site"),
            ],
            vec![host, ("sec-fetch-site", "same-site")],
            vec![host, ("origin", "http://evil.example")],
            vec![host, ("origin", "null")],
            vec![host, ("origin", "http://127.0.0.1:3000.evil.example")],
            vec![host, ("referer", "http://evil.example/127.0.0.1:3000/")],
            // Nothing to say where it came from.
            vec![host],
        ] {
            assert!(
                matches!(post("/api/auth/request-otp", &pairs), Verdict::Refused(_)),
                "{pairs:?}"
            );
        }
    }

    #[test]
    fn reads_and_counterparts_are_exempt() {
        let origins = Origins::new("http://127.0.0.1:3000");
        let evil = headers(&[("origin", "http://evil.example")]);
        assert_eq!(
            check(&Method::GET, "/ho-so", &evil, &origins),
            Verdict::Exempt
        );
        assert_eq!(
            check(
                &Method::POST,
                "/api/v1/payment-notifications/bank",
                &evil,
                &origins
            ),
            Verdict::Exempt
        );
        assert_eq!(
            check(&Method::POST, "/api/v1/auth/otp", &evil, &origins),
            Verdict::Exempt
        );
        let bearer = headers(&[
            ("authorization", "Bearer x"),
            ("cookie", "motcua_session=y"),
        ]);
        assert_eq!(
            check(&Method::POST, "/api/v1/dossiers", &bearer, &origins),
            Verdict::Exempt
        );
        // Basic credentials a browser adds by itself are no bearer token.
        let basic = headers(&[
            ("authorization", "Basic eDp5"),
            ("cookie", "motcua_session=y"),
            ("origin", "http://evil.example"),
        ]);
        assert!(matches!(
            check(&Method::POST, "/api/v1/dossiers", &basic, &origins),
            Verdict::Refused(_)
        ));
    }

    /// A browser that posts to the REST API with the session cookie is held to the rule.
    #[test]
    fn cookie_borne_rest_writes_are_checked() {
        let origins = Origins::new("http://127.0.0.1:3000");
        let h = headers(&[
            ("cookie", "motcua_session=y"),
            ("origin", "http://evil.example"),
        ]);
        assert!(matches!(
            check(&Method::POST, "/api/v1/qr/read", &h, &origins),
            Verdict::Refused(_)
        ));
        for method in [Method::PUT, Method::PATCH, Method::DELETE] {
            assert!(matches!(
                check(&method, "/ho-so/X", &h, &origins),
                Verdict::Refused(_)
            ));
        }
    }
}
