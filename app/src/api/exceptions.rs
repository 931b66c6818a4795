//! The payment exceptions queue for the staff page.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One credit as the queue shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ExceptionRow {
    pub id: i64,
    pub kind: domain::payment::ExceptionKind,
    pub amount_vnd: domain::Vnd,
    pub created_at: i64,
    pub open: bool,
    pub content: String,
    pub bank_reference: String,
    pub reference: Option<String>,
    pub dossier_code: Option<String>,
    pub due_vnd: Option<domain::Vnd>,
    pub resolution: Option<String>,
    pub reason: String,
    pub resolved_by: Option<String>,
}

/// The caller's queue; `all` includes resolved credits.
#[server(endpoint = "staff/payment-exceptions")]
pub async fn payment_exceptions(all: bool) -> Result<Vec<ExceptionRow>, AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    Ok(services::payments::exceptions::list(&s, &me, !all)
        .await?
        .into_iter()
        .map(|e| ExceptionRow {
            id: e.id,
            kind: e.kind,
            amount_vnd: e.amount_vnd,
            created_at: e.created_at,
            open: e.status == domain::payment::ExceptionStatus::Open,
            content: e.content,
            bank_reference: e.bank_reference,
            reference: e.reference,
            dossier_code: e.dossier_code,
            due_vnd: e.due_vnd,
            resolution: e.resolution,
            reason: e.reason,
            resolved_by: e.resolved_by,
        })
        .collect())
}

/// Resolves one credit of the caller's queue: `action` is `match` (to the dossier
/// `code`), `accept_late` or `refund`; the reason is kept in the audit log.
#[server(endpoint = "staff/payment-exceptions/resolve")]
pub async fn resolve_exception(
    id: i64,
    #[server(default)] action: String,
    #[server(default)] code: String,
    #[server(default)] reason: String,
) -> Result<domain::Text, AppError> {
    use crate::i18n::{Messages, text};
    use services::payments::exceptions::{self, Resolution};
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    let resolution = Resolution::parse(&action, &code).ok_or_else(|| {
        services::ServiceError::invalid_input(text!(Messages.no_resolution_chosen))
    })?;
    exceptions::resolve(&s, &me, id, &resolution, &reason).await?;
    Ok(crate::flash::done(text!(
        Messages.credit_id_resolved,
        id = id
    )))
}
