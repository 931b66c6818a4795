//! Refunds for the staff pages: the list, asking, deciding, recording the transfer.

use crate::error::AppError;
use domain::payment::RefundStatus;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One refund as the list shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RefundRow {
    pub id: i64,
    pub status: RefundStatus,
    pub amount_vnd: domain::Vnd,
    pub reason: String,
    pub dossier_code: Option<String>,
    pub exception_id: Option<i64>,
    pub requested_by: String,
    pub requested_at: i64,
    pub decided_by: Option<String>,
    pub decision_note: String,
    pub bank_reference: Option<String>,
    /// The caller may approve or reject it (a manager of the agency who did not ask).
    pub may_decide: bool,
}

/// The caller's agency's refunds; `all` includes rejected and paid-out ones.
#[server(endpoint = "staff/refunds")]
pub async fn refunds(all: bool) -> Result<Vec<RefundRow>, AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    let manager = me.role == services::staff::Role::Manager;
    Ok(services::payments::refunds::list(&s, &me, !all)
        .await?
        .into_iter()
        .map(|r| RefundRow {
            may_decide: manager
                && r.status == RefundStatus::Requested
                && r.requested_by_id != me.id,
            id: r.id,
            status: r.status,
            amount_vnd: r.amount_vnd,
            reason: r.reason,
            dossier_code: r.dossier_code,
            exception_id: r.exception_id,
            requested_by: r.requested_by,
            requested_at: r.requested_at,
            decided_by: r.decided_by,
            decision_note: r.decision_note,
            bank_reference: r.bank_reference,
        })
        .collect())
}

/// Asks to refund the paid fee of dossier `code`, with a reason.
#[server(endpoint = "staff/refunds/request")]
pub async fn request_refund(
    code: String,
    #[server(default)] reason: String,
) -> Result<domain::Text, AppError> {
    use crate::i18n::{Refunds, text};
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    let r = services::payments::refunds::request_for_dossier(&s, &me, &code, &reason).await?;
    Ok(crate::flash::done(text!(
        Refunds.refund_requested,
        id = r.id
    )))
}

/// A manager approves (`decision=approve`) or rejects (`reject`, with a note) a refund.
#[server(endpoint = "staff/refunds/decide")]
pub async fn decide_refund(
    id: i64,
    #[server(default)] decision: String,
    #[server(default)] note: String,
) -> Result<domain::Text, AppError> {
    use crate::i18n::{Refunds, text};
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    let approve = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(
                services::ServiceError::invalid_input(text!(Refunds.no_decision_chosen)).into(),
            );
        }
    };
    services::payments::refunds::decide(&s, &me, id, approve, &note).await?;
    Ok(crate::flash::done(if approve {
        text!(Refunds.refund_approved, id = id)
    } else {
        text!(Refunds.refund_rejected, id = id)
    }))
}

/// Records the transfer back, with the bank's reference.
#[server(endpoint = "staff/refunds/pay-out")]
pub async fn record_refund(
    id: i64,
    #[server(default)] bank_reference: String,
) -> Result<domain::Text, AppError> {
    use crate::i18n::{Refunds, text};
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    services::payments::refunds::pay_out(&s, &me, id, &bank_reference).await?;
    Ok(crate::flash::done(text!(Refunds.refund_paid_out, id = id)))
}
