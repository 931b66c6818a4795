//! `GET /api/v1/agencies`.

use super::error::ApiError;
use super::procedures::LevelName;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

/// The account an agency collects its fees on.
#[derive(Debug, Serialize, ToSchema)]
pub struct CollectionAccount {
    /// The bank's NAPAS BIN; none while not configured.
    pub bank_bin: Option<String>,
    pub bank: Option<String>,
    pub account_number: String,
    pub account_name: String,
}

/// An agency.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyItem {
    #[schema(example = "000.00.31.H53")]
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub level: LevelName,
    /// The agency above it, if any.
    pub parent: Option<String>,
    pub collection_account: CollectionAccount,
}

/// Every agency.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyList {
    pub items: Vec<AgencyItem>,
    pub total: usize,
}

/// Agencies with their collection accounts.
#[utoipa::path(get, path = "/agencies", tag = "catalog",
    responses((status = 200, description = "Agencies", body = AgencyList)))]
pub async fn list(State(state): State<AppState>) -> Result<Json<AgencyList>, ApiError> {
    let agencies = services::catalog::agencies(&state.services).await?;
    let items: Vec<AgencyItem> = agencies
        .into_iter()
        .map(|a| AgencyItem {
            code: a.code,
            name: a.name,
            name_en: a.name_en,
            level: a.level.into(),
            parent: a.parent_code,
            collection_account: CollectionAccount {
                bank_bin: a.bank_bin,
                bank: a.bank_name,
                account_number: a.account_number,
                account_name: a.account_name,
            },
        })
        .collect();
    Ok(Json(AgencyList {
        total: items.len(),
        items,
    }))
}
