//! Liveness and readiness probes.

use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(crate::metrics::scrape))
}

/// 200 while the process is up, with the build profile and Leptos' settings (so an
/// operator, and the smoke test of `make run`, can see a release runs as `PROD`).
async fn healthz(State(state): State<AppState>) -> Json<serde_json::Value> {
    let leptos_env = match state.leptos_options.env {
        leptos::config::Env::PROD => "PROD",
        leptos::config::Env::DEV => "DEV",
    };
    Json(json!({
        "status": "ok",
        "build": crate::config::build_profile(),
        "leptos_env": leptos_env,
    }))
}

/// 200 only when the database answers.
async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    if state.services.db.ping().await {
        (StatusCode::OK, Json(json!({"status": "ready"})))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "database unavailable"})),
        )
    }
}
