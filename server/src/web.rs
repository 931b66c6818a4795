//! Web plumbing around the Leptos app: the language switch, server functions with
//! errors carried back to pages when JavaScript is off, and security headers.

use crate::startup::AppState;
use axum::body::Body;
use axum::extract::{Path, Query, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine as _;
use serde::Deserialize;
use tower_http::set_header::SetResponseHeaderLayer;

pub fn routes<F>(context: F) -> Router<AppState>
where
    F: Fn() + Clone + Send + Sync + 'static,
{
    let server_fns = {
        let context = context.clone();
        move |req: Request<Body>| {
            let context = context.clone();
            async move { leptos_axum::handle_server_fns_with_context(context, req).await }
        }
    };
    Router::new()
        .route("/ngon-ngu/{lang}", get(switch_language))
        .route(
            "/api/{*fn_name}",
            axum::routing::post(server_fns.clone()).get(server_fns).layer(middleware::from_fn(carry_errors_without_js)),
        )
}

#[derive(Deserialize)]
struct Next_ {
    next: Option<String>,
}

/// Sets the `lang` cookie and goes back to the page (works without JavaScript).
async fn switch_language(Path(lang): Path<String>, Query(q): Query<Next_>) -> Response {
    let lang = if lang == "en" { "en" } else { "vi" };
    // Only same-site paths, so the switch cannot be used as an open redirect.
    let next = q.next.filter(|n| n.starts_with('/') && !n.starts_with("//")).unwrap_or_else(|| "/".to_owned());
    let mut res = Redirect::to(&next).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("lang={lang}; Path=/; Max-Age=31536000; SameSite=Lax")) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// When a plain form (no JavaScript) posts to a server function that fails, Leptos
/// redirects back without the error. This puts the error in the URL the way Leptos's
/// `ServerAction` reads it (`__path`, `__err`), so the page shows it next to the field.
async fn carry_errors_without_js(req: Request, next: Next) -> Response {
    let accepts_html = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let referer = req.headers().get(header::REFERER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let res = next.run(req).await;
    let (Some(referer), true) = (referer, accepts_html) else { return res };
    let Some(fn_path) = res.headers().get("serverfnerror").and_then(|v| v.to_str().ok()).map(str::to_owned) else {
        return res;
    };
    let Ok(body) = http_body_util::BodyExt::collect(res.into_body()).await.map(|b| b.to_bytes()) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let (base, query) = referer.split_once('?').unwrap_or((&referer, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("__path=") && !p.starts_with("__err="))
        .map(str::to_owned)
        .collect();
    pairs.push(format!("__path={}", app::components::layout::urlencode(&fn_path)));
    pairs.push(format!("__err={}", base64::engine::general_purpose::URL_SAFE.encode(&body).replace('=', "%3D")));
    Redirect::to(&format!("{base}?{}", pairs.join("&"))).into_response()
}

/// Headers every response carries.
pub fn security_headers() -> tower::ServiceBuilder<
    tower::layer::util::Stack<
        SetResponseHeaderLayer<HeaderValue>,
        tower::layer::util::Stack<
            SetResponseHeaderLayer<HeaderValue>,
            tower::layer::util::Stack<SetResponseHeaderLayer<HeaderValue>, tower::layer::util::Identity>,
        >,
    >,
> {
    tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
}
