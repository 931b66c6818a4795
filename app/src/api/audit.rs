//! The audit log screen's reads.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Entries per page.
pub const PAGE: i64 = 100;

/// One entry.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AuditLine {
    pub id: i64,
    pub at: i64,
    /// `staff`, `citizen`, `system` or `cli`.
    pub actor_kind: String,
    /// The officer's name for a staff entry, else none.
    pub actor_name: Option<String>,
    pub actor_id: Option<i64>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// A page of the log for managers and admins; `before` pages back.
#[server(endpoint = "staff/audit")]
pub async fn audit_log(q: String, before: Option<i64>) -> Result<Vec<AuditLine>, AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    Ok(services::audit::search(&s, &me, &q, before, PAGE)
        .await?
        .into_iter()
        .map(|r| AuditLine {
            actor_name: r.actor_name,
            actor_id: r.actor_id,
            id: r.id,
            at: r.at,
            actor_kind: r.actor_kind,
            action: r.action,
            subject: r.subject,
            detail: r.detail,
        })
        .collect())
}
