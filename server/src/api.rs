//! REST API v1 (JSON). Errors are always `{"error":{"code","message"}}`.

mod agencies;
mod auth;
pub mod dossiers;
pub mod error;
pub mod notifications;
mod openapi;
mod openapi_dossiers;
mod payment_events;
pub mod payments;
mod procedures;
mod qr_photo;
mod receipts;
pub mod reports;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/procedures", get(procedures::list))
        .route("/procedures/{code}", get(procedures::show))
        .route("/agencies", get(agencies::list))
        .route("/auth/otp", post(auth::request_otp))
        .route("/auth/token", post(auth::token))
        .route("/me", get(auth::me))
        .route("/dossiers", post(dossiers::create).get(dossiers::mine))
        .route("/dossiers/{code}", get(dossiers::show))
        .route(
            "/dossiers/{code}/attachments",
            post(dossiers::attach).layer(axum::extract::DefaultBodyLimit::max(
                dossiers::UPLOAD_BODY_LIMIT,
            )),
        )
        .route("/attachments/{id}", get(dossiers::download))
        .route("/dossiers/{code}/payments", post(payments::start))
        .route("/payments/{id}", get(payments::show))
        .route("/payments/{id}/qr.svg", get(payments::svg))
        .route("/payments/{id}/events", get(payment_events::events))
        .route("/payments/{id}/receipt.pdf", get(receipts::pdf))
        .route("/receipts/verify/{token}", get(receipts::verify))
        .route("/receipts/verify/{token}/qr.svg", get(receipts::verify_qr))
        .route("/receipts/public-key", get(receipts::public_key))
        .route("/lookup", get(dossiers::lookup))
        .route("/staff/reports/monthly", get(reports::monthly))
        .route("/staff/reports/monthly.csv", get(reports::monthly_csv))
        .route("/staff/reports/monthly.xlsx", get(reports::monthly_xlsx))
        .route(
            "/qr/read",
            post(qr_photo::read).layer(axum::extract::DefaultBodyLimit::max(
                services::qr::PHOTO_MAX_BYTES,
            )),
        )
        .route("/payment-notifications/bank", post(notifications::bank))
        .route("/payment-notifications/vnpay", get(crate::web::vnpay::ipn))
        .route(
            "/{*rest}",
            axum::routing::any(|| async { error::ApiError::NotFound }),
        )
        // Most answers are someone's own (dossiers, payments, the caller's details, with a
        // cookie or a token): no cache keeps them unless a handler says otherwise.
        .layer(
            tower_http::set_header::SetResponseHeaderLayer::if_not_present(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("private, no-store"),
            ),
        )
}
