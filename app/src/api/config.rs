//! The configuration screens' reads (changes are plain form posts, `server/src/back_office.rs`).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An agency's settings.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AgencyRow {
    pub code: String,
    pub name: String,
    pub bank_bin: String,
    pub account_number: String,
    pub account_name: String,
    pub receipt_template: String,
    pub receipt_series: String,
    pub online_target_pct: i64,
}

/// The agencies screen.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AgenciesView {
    pub can_edit: bool,
    /// (BIN, short name).
    pub banks: Vec<(String, String)>,
    pub agencies: Vec<AgencyRow>,
}

/// A fee line.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FeeRow {
    pub name: String,
    pub amount_vnd: i64,
    pub online_amount_vnd: Option<i64>,
    pub unit: String,
    pub legal_basis: String,
    pub valid_from: String,
}

/// A procedure's payment settings.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ProcedureRow {
    pub code: String,
    pub name: String,
    pub agency_code: String,
    pub online_payment: bool,
    pub fees: Vec<FeeRow>,
}

#[cfg(feature = "ssr")]
async fn me() -> Result<(services::Services, services::staff::Staff), AppError> {
    use services::accounts::Identity;
    let s = crate::api::ssr::services()?;
    let Some(Identity::Staff(id)) = crate::api::ssr::identity().await? else {
        return Err(AppError::Unauthenticated);
    };
    let me = services::staff::get(&s, id).await?;
    Ok((s, me))
}

/// Agencies with their collection accounts, receipt series and targets.
#[server(endpoint = "staff/config/agencies")]
pub async fn config_agencies() -> Result<AgenciesView, AppError> {
    let (s, me) = me().await?;
    let agencies = services::config::agencies(&s, &me)
        .await?
        .into_iter()
        .map(|a| AgencyRow {
            code: a.code,
            name: a.name,
            bank_bin: a.bank_bin.unwrap_or_default(),
            account_number: a.account_number,
            account_name: a.account_name,
            receipt_template: a.receipt_template,
            receipt_series: a.receipt_series,
            online_target_pct: a.online_target_pct,
        })
        .collect();
    let banks = services::config::banks(&s)
        .await?
        .into_iter()
        .map(|b| (b.bin, b.short_name))
        .collect();
    Ok(AgenciesView {
        can_edit: me.role == services::staff::Role::Admin,
        banks,
        agencies,
    })
}

/// Procedures with their online payment and fee lines.
#[server(endpoint = "staff/config/procedures")]
pub async fn config_procedures() -> Result<Vec<ProcedureRow>, AppError> {
    let (s, me) = me().await?;
    Ok(services::config::procedures(&s, &me)
        .await?
        .into_iter()
        .map(|p| ProcedureRow {
            code: p.code,
            name: p.name,
            agency_code: p.agency_code,
            online_payment: p.online_payment,
            fees: p
                .fee_lines
                .into_iter()
                .map(|f| FeeRow {
                    name: f.name,
                    amount_vnd: f.amount_vnd,
                    online_amount_vnd: f.online_amount_vnd,
                    unit: f.unit,
                    legal_basis: f.legal_basis,
                    valid_from: f.valid_from,
                })
                .collect(),
        })
        .collect())
}
