//! `GET /api/v1/procedures` and `GET /api/v1/procedures/{code}`.

use super::body::Fee;
use super::error::ApiError;
use super::extract::{Path, Query};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use domain::catalog::{Level, Procedure};
use serde::{Deserialize, Serialize};
use services::catalog::{self, SearchFilter};
use utoipa::{IntoParams, ToSchema};

/// The level of government a procedure belongs to (two tiers since 1/7/2025).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LevelName {
    Tinh,
    Xa,
}

impl From<LevelName> for Level {
    fn from(l: LevelName) -> Self {
        match l {
            LevelName::Tinh => Self::Tinh,
            LevelName::Xa => Self::Xa,
        }
    }
}

impl From<Level> for LevelName {
    fn from(l: Level) -> Self {
        match l {
            Level::Tinh => Self::Tinh,
            Level::Xa => Self::Xa,
        }
    }
}

/// What to search for; every part is optional.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Words of the name, accents optional (`khai sinh`).
    #[serde(default)]
    q: String,
    /// An agency's code (`000.00.31.H53`).
    #[serde(default)]
    agency: String,
    /// A field's slug.
    #[serde(default)]
    field: String,
    level: Option<LevelName>,
}

/// A procedure as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcedureItem {
    #[schema(example = "2.000488")]
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub level: LevelName,
    /// The field (lĩnh vực).
    pub field: String,
    pub field_slug: String,
    #[schema(example = "000.00.31.H53")]
    pub agency: String,
    pub agency_name: String,
    /// Fee lines in force today.
    pub fees: Vec<Fee>,
    /// Shown when there is no fee line: exempt, or set by the provincial council.
    pub fee_summary: String,
    /// Whether the fee can be paid online.
    pub online_payment: bool,
}

impl From<&Procedure> for ProcedureItem {
    fn from(p: &Procedure) -> Self {
        Self {
            code: p.code.clone(),
            name: p.name.clone(),
            name_en: p.name_en.clone(),
            level: p.level.into(),
            field: p.field.name.clone(),
            field_slug: p.field.slug.clone(),
            agency: p.agency_code.clone(),
            agency_name: p.agency_name.clone(),
            fees: p.fees.iter().map(Fee::from).collect(),
            fee_summary: p.fee_summary.clone(),
            online_payment: p.online_payment,
        }
    }
}

/// Procedures found, in relevance order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcedureList {
    pub items: Vec<ProcedureItem>,
    pub total: usize,
}

/// One procedure in full.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProcedureDetail {
    #[serde(flatten)]
    pub item: ProcedureItem,
    /// The documents a dossier holds.
    pub documents: Vec<String>,
    /// The processing time in working days.
    pub processing_days: i64,
    /// The dossier's form: `{"fields":[{name, label, type, required, …}]}`.
    #[schema(value_type = Object)]
    pub form: domain::catalog::FormSchema,
}

/// Search procedures (accent-insensitive), in relevance order.
#[utoipa::path(get, path = "/procedures", tag = "catalog", params(ListQuery),
    responses(
        (status = 200, description = "Matching procedures", body = ProcedureList),
        (status = 400, description = "Invalid filter", body = super::body::ErrorDoc),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Json<ProcedureList>, ApiError> {
    let non_empty = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_owned());
    let filter = SearchFilter {
        q: domain::text::clean(&q.q),
        agency: non_empty(&q.agency).map(|a| a.to_ascii_uppercase()),
        field: non_empty(&q.field),
        level: q.level.map(Level::from),
    };
    let list = catalog::search(&state.services, &filter).await?;
    Ok(Json(ProcedureList {
        total: list.len(),
        items: list.iter().map(ProcedureItem::from).collect(),
    }))
}

/// One procedure with its documents, processing time and dossier form.
#[utoipa::path(get, path = "/procedures/{code}", tag = "catalog",
    params(("code" = String, Path, example = "2.000488")),
    responses(
        (status = 200, description = "The procedure", body = ProcedureDetail),
        (status = 400, description = "Unreadable path", body = super::body::ErrorDoc),
        (status = 404, description = "Unknown code", body = super::body::ErrorDoc),
    ))]
pub async fn show(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ProcedureDetail>, ApiError> {
    let p = catalog::get(&state.services, &code).await?;
    Ok(Json(ProcedureDetail {
        item: ProcedureItem::from(&p),
        documents: p.documents.clone(),
        processing_days: p.processing_days,
        form: p.form,
    }))
}
