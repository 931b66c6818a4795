//! `GET /api/v1/procedures` and `GET /api/v1/procedures/{code}`.

use super::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use domain::catalog::{Level, Procedure};
use serde::Deserialize;
use serde_json::{Value, json};
use services::catalog::{self, SearchFilter};

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    level: String,
}

fn item(p: &Procedure) -> Value {
    json!({
        "code": p.code,
        "name": p.name,
        "name_en": p.name_en,
        "level": p.level.as_str(),
        "field": p.field.name,
        "field_slug": p.field.slug,
        "agency": p.agency_code,
        "agency_name": p.agency_name,
        "fees": p.fees.iter().map(|f| json!({
            "name": f.name,
            "amount_vnd": f.amount_vnd,
            "online_amount_vnd": f.online_amount_vnd,
            "unit": f.unit,
            "legal_basis": f.legal_basis,
            "valid_from": f.valid_from.to_string(),
        })).collect::<Vec<_>>(),
        "fee_summary": p.fee_summary,
        "online_payment": p.online_payment,
    })
}

/// Search in relevance order.
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    let level = match q.level.trim() {
        "" => None,
        l => Some(Level::parse(l).ok_or_else(|| {
            ApiError::bad_request(
                "invalid_level",
                domain::Text::new(
                    "level phải là `tinh` hoặc `xa`",
                    "level must be `tinh` or `xa`",
                ),
            )
        })?),
    };
    let non_empty = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_owned());
    let filter = SearchFilter {
        q: domain::text::clean(&q.q),
        agency: non_empty(&q.agency).map(|a| a.to_ascii_uppercase()),
        field: non_empty(&q.field),
        level,
    };
    let list = catalog::search(&state.services, &filter).await?;
    Ok(Json(
        json!({ "items": list.iter().map(item).collect::<Vec<_>>(), "total": list.len() }),
    ))
}

/// One procedure with documents, processing time and its dossier form.
pub async fn show(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let p = catalog::get(&state.services, &code).await?;
    let mut v = item(&p);
    v["documents"] = json!(p.documents);
    v["processing_days"] = json!(p.processing_days);
    v["form"] = json!(p.form);
    Ok(Json(v))
}
