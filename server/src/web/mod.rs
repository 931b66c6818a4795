//! Web plumbing around the Leptos app: the language switch, server functions with
//! errors carried back to pages when JavaScript is off, and security headers.

pub mod badge;
pub mod flash;
pub mod forms;
pub mod health;
pub mod kiosk;
pub mod notice_link;
pub mod origin;
pub mod reconcile;
pub mod vnpay;

pub use flash::{plain_form_redirects, write_flash};

use crate::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_http::set_header::SetResponseHeaderLayer;

pub fn routes<F>(context: F) -> Router<AppState>
where
    F: Fn() + Clone + Send + Sync + 'static,
{
    let server_fns = {
        let context = context;
        move |req: Request<Body>| {
            let context = context.clone();
            async move { leptos_axum::handle_server_fns_with_context(context, req).await }
        }
    };
    Router::new()
        .route("/ngon-ngu/{lang}", get(switch_language))
        .route(
            "/api/{*fn_name}",
            axum::routing::post(server_fns.clone()).get(server_fns),
        )
}

#[derive(Deserialize)]
struct Next_ {
    next: Option<String>,
}

/// Sets the `lang` cookie and goes back to the page (works without JavaScript).
async fn switch_language(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    Query(q): Query<Next_>,
) -> Response {
    let secure = state.secure_cookies;
    let lang = if lang == "en" { "en" } else { "vi" };
    // Only same-site paths, so the switch cannot be used as an open redirect.
    let next = domain::return_path::safe_return_or_home(q.next.as_deref().unwrap_or("/"));
    let mut res = Redirect::to(next).into_response();
    app::cookies::LANG.set_on(res.headers_mut(), lang, app::cookies::YEAR_SECONDS, secure);
    res
}

/// The id of one request: fresh for each (an id a client sends is replaced), carried by
/// the tracing span every log line of the request is written in, and sent back as
/// `X-Request-Id`, so a person quoting it (or an error id shown to them, logged in the
/// same span) leads to that request's log lines.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

const REQUEST_ID: &str = "x-request-id";

/// Gives every request its [`RequestId`] and sends it back.
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let value = HeaderValue::from_str(&id).ok();
    if let Some(v) = value.clone() {
        req.headers_mut().insert(REQUEST_ID, v);
    }
    req.extensions_mut().insert(RequestId(id));
    let mut res = next.run(req).await;
    if let Some(v) = value {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    res
}

/// The span of one request (tower-http's `TraceLayer`): its id, method and path, with
/// segments that look like tokens (fee-notice links, phone hand-offs, receipt checks)
/// left out, since logs must not carry credentials.
pub fn request_span(req: &Request) -> tracing::Span {
    let id = req
        .extensions()
        .get::<RequestId>()
        .map_or("-", |r| r.0.as_str());
    tracing::info_span!(
        "request",
        id,
        method = %req.method(),
        path = %redacted_path(req.uri().path()),
    )
}

/// A path with its token-like segments (16 or more letters, digits, `-` or `_`, with
/// at least one digit) replaced by `…`.
#[must_use]
pub fn redacted_path(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            let tokenish = seg.len() >= 16
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && seg.chars().any(|c| c.is_ascii_digit());
            if tokenish { "…" } else { seg }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The nonce of this response's Content-Security-Policy, put in the request's extensions
/// by [`content_security_policy`] and handed to Leptos so its scripts carry it.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// The policy for HTML pages: scripts only from this origin with this response's nonce
/// (plus `wasm-unsafe-eval` to compile the app's WebAssembly), styles and images from
/// this origin (QR codes may be data URLs), no frames, no plugins, forms only to us.
#[must_use]
pub fn csp_header(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Gives every request a fresh nonce and sends the policy with every HTML response.
pub async fn content_security_policy(mut req: Request, next: Next) -> Response {
    let nonce = hex::encode(rand::random::<[u8; 16]>());
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html && let Ok(v) = HeaderValue::from_str(&csp_header(&nonce)) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

/// What every render of the app is given: the services, the web settings and the CSP
/// nonce of its request.
pub fn leptos_context(
    services: services::Services,
    web: app::api::ssr::WebConfig,
) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        leptos::prelude::provide_context(services.clone());
        leptos::prelude::provide_context(web.clone());
        provide_csp_nonce();
    }
}

/// Answers a request with the app's page for its URL, given `value` in the render's
/// context: how a handler that must stay in axum (a post that shows its result once, a
/// link that did not work) answers with a page of the app, in the Layout and both
/// languages. The page reads `value` (`app::problem::Problem` for the not-found route).
pub async fn render_with<T>(state: &AppState, req: Request, value: T) -> Response
where
    T: Clone + Send + Sync + 'static,
{
    render_in(state, req, value, app::shell).await
}

/// As [`render_with`], in another document than the app's (`app::sandbox_shell`).
pub async fn render_in<T, V>(
    state: &AppState,
    req: Request,
    value: T,
    shell: fn(leptos::config::LeptosOptions) -> V,
) -> Response
where
    T: Clone + Send + Sync + 'static,
    V: leptos::IntoView + 'static,
{
    let base = leptos_context(state.services.clone(), state.web.clone());
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            base();
            leptos::prelude::provide_context(value.clone());
        },
        move || shell(options.clone()),
    );
    render(req).await
}

/// A posted form (`None` when it cannot be read) and the same request without its body,
/// to answer with one of the app's pages ([`render_with`]).
pub async fn read_form<T>(state: &AppState, req: Request) -> (Option<T>, Request)
where
    T: serde::de::DeserializeOwned,
{
    use axum::extract::FromRequest as _;
    let (parts, body) = req.into_parts();
    let page_request = Request::from_parts(parts.clone(), Body::empty());
    let form = axum::Form::<T>::from_request(Request::from_parts(parts, body), state)
        .await
        .ok()
        .map(|axum::Form(f)| f);
    (form, page_request)
}

/// The app's page telling the person what went wrong, at the request's URL.
pub async fn problem_page(
    state: &AppState,
    req: Request,
    problem: app::problem::Problem,
) -> Response {
    render_with(state, req, problem).await
}

/// Makes Leptos use the nonce of [`content_security_policy`] for its scripts; call in
/// the context of every render.
pub fn provide_csp_nonce() {
    if let Some(nonce) = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<CspNonce>().cloned())
    {
        leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

/// Adds the headers every response carries (pages, files, errors and refusals alike);
/// in production also HSTS, so a browser that has seen the site once never again
/// reaches it over plain HTTP.
pub fn with_security_headers<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    production: bool,
) -> Router<S> {
    let router = if production {
        router.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ))
    } else {
        router
    };
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
}

/// Gives every request a fresh [`app::caller::CallerContext`]: the extractors of
/// `app::caller` resolve who is calling from it, once per request.
pub async fn caller_context(
    State(services): State<services::Services>,
    mut req: Request,
    next: Next,
) -> Response {
    req.extensions_mut()
        .insert(app::caller::CallerContext::new(services));
    next.run(req).await
}

/// Finds the client's address once per request (the right-most untrusted
/// `X-Forwarded-For` hop behind a trusted proxy, else the TCP peer) and puts it in the
/// request as [`services::net::ClientIp`], with the [`services::net::ClientKey`] that
/// every per-client limit counts (the kiosk layer replaces it for an enrolled kiosk).
pub async fn client_address(
    axum::extract::State(trusted): axum::extract::State<
        std::sync::Arc<services::net::TrustedProxies>,
    >,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map_or(std::net::IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    let client = trusted.client_ip(
        peer,
        req.headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok()),
    );
    req.extensions_mut().insert(client);
    req.extensions_mut()
        .insert(services::net::ClientKey::address(client));
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::flash::own_path;
    use super::redacted_path;

    #[test]
    fn a_form_goes_back_to_a_path_of_this_site_only() {
        let host = Some("127.0.0.1:3000");
        assert_eq!(own_path("/can-bo?x=1", host), Some("/can-bo?x=1"));
        assert_eq!(
            own_path("http://127.0.0.1:3000/can-bo/ngoai-le?", host),
            Some("/can-bo/ngoai-le?")
        );
        assert_eq!(own_path("https://127.0.0.1:3000", host), Some("/"));
        assert_eq!(own_path("http://127.0.0.1:3000?a=1", host), Some("?a=1"));
        // Another site's address (a payment gateway, say) is not ours to change.
        assert_eq!(own_path("https://sandbox.vnpayment.vn/pay?x=1", host), None);
        assert_eq!(own_path("http://127.0.0.1:3000.evil.example/", host), None);
        assert_eq!(own_path("javascript:alert(1)", host), None);
    }

    #[test]
    fn tokens_stay_out_of_the_log() {
        let token = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        assert_eq!(redacted_path(&format!("/tb/{token}")), "/tb/…");
        assert_eq!(redacted_path(&format!("/tiep-tuc/{token}")), "/tiep-tuc/…");
        assert_eq!(
            redacted_path(&format!("/api/v1/receipts/verify/{token}/qr.svg")),
            "/api/v1/receipts/verify/…/qr.svg"
        );
        // Dossier codes, procedure codes, ids and words are kept.
        for path in [
            "/ho-so/000.00.31.H53-261201-0001",
            "/thu-tuc/2.000488",
            "/thanh-toan/12",
            "/can-bo/cau-hinh/thu-tuc",
            "/nop-ho-so/1.001612",
        ] {
            assert_eq!(redacted_path(path), path);
        }
    }
}
