//! `GET /api/v1/agencies`.

use super::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

pub async fn list(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let agencies = services::catalog::agencies(&state.services).await?;
    let items: Vec<Value> = agencies
        .into_iter()
        .map(|a| {
            json!({
                "code": a.code,
                "name": a.name,
                "name_en": a.name_en,
                "level": a.level.as_str(),
                "parent": a.parent_code,
                "collection_account": {
                    "bank_bin": a.bank_bin,
                    "bank": a.bank_name,
                    "account_number": a.account_number,
                    "account_name": a.account_name,
                },
            })
        })
        .collect();
    Ok(Json(json!({ "items": items, "total": items.len() })))
}
