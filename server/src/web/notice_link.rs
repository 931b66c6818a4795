//! `GET /tb/{token}`: the link of a fee notice, texted to the applicant and printed on
//! the desk slip. No sign-in: the signed token names one notice; opening it leaves a
//! cookie scoped to that dossier's payments and lands on the payment page with a live
//! dynamic QR (the one already live, or a new one), or on the paid attempt.

use crate::state::AppState;
use crate::web::html::escape;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use services::ServiceError;
use services::dossiers::Who;
use services::payments::links;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route("/tb/{token}", axum::routing::get(open))
}

async fn open(
    State(state): State<AppState>,
    axum::Extension(client): axum::Extension<services::net::ClientIp>,
    Path(token): Path<String>,
) -> Response {
    let s = &state.services;
    let link = match links::open(s, &token, &client.to_string()).await {
        Ok(link) => link,
        Err(e) => return refused(&e),
    };
    let who = Who::NoticeHolder(link.dossier_id);
    let target = match link.paid_attempt_id {
        Some(id) => Ok(id),
        None => services::payments::start_attempt(s, &who, &link.dossier_code)
            .await
            .map(|(a, _)| a.id),
    };
    let mut res = match target {
        Ok(id) => Redirect::to(&format!("/thanh-toan/{id}")).into_response(),
        Err(e) => refused(&e),
    };
    app::cookies::NOTICE.set_on(
        res.headers_mut(),
        &links::token(s, link.notice_id),
        links::COOKIE_SECONDS,
        state.secure_cookies,
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn refused(e: &ServiceError) -> Response {
    let (status, vi, en) = match e {
        ServiceError::NotFound => (
            StatusCode::NOT_FOUND,
            "Đường dẫn thanh toán không hợp lệ hoặc thông báo phí đã bị huỷ. Vui lòng liên hệ Bộ phận Một cửa.".to_owned(),
            "This payment link is not valid or the fee notice was cancelled. Please contact the one-stop desk.".to_owned(),
        ),
        other => {
            if matches!(other, ServiceError::Unexpected(_)) {
                tracing::error!(error = ?other, "fee notice link failed");
            }
            let status = match other {
                ServiceError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                ServiceError::Conflict(_) => StatusCode::CONFLICT,
                ServiceError::Invalid { .. } => StatusCode::BAD_REQUEST,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            let text = other.text();
            (status, text.vi.clone(), text.en)
        }
    };
    (
        status,
        Html(crate::web::html::page(
            "Một Cửa",
            "sandbox-page",
            &format!(
                "<h1>Thanh toán phí, lệ phí</h1>\
             <p data-testid=\"notice-link-problem\">{}</p><p lang=\"en\">{}</p>",
                escape(&vi),
                escape(&en)
            ),
        )),
    )
        .into_response()
}
