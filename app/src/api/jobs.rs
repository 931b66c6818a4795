//! The job queue screen (`/can-bo/hang-doi`): counts, dead jobs, and queueing one again.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How many jobs of one kind are in one state.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct JobCount {
    pub kind: String,
    pub status: String,
    pub jobs: i64,
}

/// A job that was given up.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DeadJob {
    pub id: i64,
    pub kind: String,
    /// What it was for, personal numbers masked.
    pub subject: String,
    pub attempts: i64,
    pub last_error: String,
    pub created_at: i64,
    pub finished_at: i64,
}

/// The queue for administrators.
#[server(endpoint = "staff/jobs")]
pub async fn job_queue() -> Result<(Vec<JobCount>, Vec<DeadJob>), AppError> {
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    let o = services::jobs::overview(&s, &me).await?;
    Ok((
        o.counts
            .into_iter()
            .map(|c| JobCount {
                kind: c.kind,
                status: c.status,
                jobs: c.jobs,
            })
            .collect(),
        o.dead
            .into_iter()
            .map(|d| DeadJob {
                id: d.id,
                kind: d.kind,
                subject: d.subject,
                attempts: d.attempts,
                last_error: d.last_error,
                created_at: d.created_at,
                finished_at: d.finished_at,
            })
            .collect(),
    ))
}

/// Queues a dead job again (administrators; audited).
#[server(endpoint = "staff/jobs/retry")]
pub async fn retry_job(id: i64) -> Result<domain::Text, AppError> {
    use crate::i18n::{Jobs, Lang, fill};
    let s = crate::api::ssr::services()?;
    let crate::caller::StaffMember(me) = crate::caller::get().await?;
    services::jobs::retry(&s, &me, id).await?;
    Ok(crate::flash::done(Lang::both(|l| {
        fill!(l.of::<Jobs>().queued_again, id = id)
    })))
}
