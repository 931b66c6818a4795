//! Catalog reads for the pages.

use crate::error::AppError;
use domain::catalog::{Agency, Field, Procedure};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Agencies and fields for the search filters.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Filters {
    pub agencies: Vec<Agency>,
    pub fields: Vec<Field>,
}

/// Searches the catalog; empty strings mean "any".
#[server(endpoint = "catalog/search")]
pub async fn search_procedures(
    q: String,
    agency: String,
    field: String,
    level: String,
) -> Result<Vec<Procedure>, AppError> {
    use services::catalog::{self, SearchFilter};
    let s = crate::api::ssr::services()?;
    let non_empty = |v: String| (!v.trim().is_empty()).then(|| v.trim().to_owned());
    let filter = SearchFilter {
        q: domain::text::clean(&q),
        agency: non_empty(agency),
        field: non_empty(field),
        level: domain::catalog::Level::parse(&level),
    };
    Ok(catalog::search(&s, &filter).await?)
}

/// One procedure by code.
#[server(endpoint = "catalog/procedure")]
pub async fn get_procedure(code: String) -> Result<Procedure, AppError> {
    let s = crate::api::ssr::services()?;
    let result = services::catalog::get(&s, &code).await;
    crate::api::ssr::not_found_status(&result);
    Ok(result?)
}

/// The search filter choices.
#[server(endpoint = "catalog/filters")]
pub async fn get_filters() -> Result<Filters, AppError> {
    let s = crate::api::ssr::services()?;
    Ok(Filters {
        agencies: services::catalog::agencies(&s).await?,
        fields: services::catalog::fields(&s).await?,
    })
}
