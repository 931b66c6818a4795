//! REST API v1 (JSON). Errors are always `{"error":{"code","message"}}`.

mod agencies;
mod auth;
pub mod error;
mod openapi;
mod procedures;

use crate::startup::AppState;
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
        .route(
            "/{*rest}",
            axum::routing::any(|| async { error::ApiError::NotFound }),
        )
}
