//! The queue as administrators see it (`/can-bo/hang-doi`): counts by kind and state,
//! the given-up jobs without their content, and queueing one again (audited).

use super::{Job, wake};
use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::staff::{Staff, StaffGuard};
use crate::{ServiceError, Services};
use domain::PhoneNumber;
use serde::{Deserialize, Serialize};

/// How many jobs of one kind are in one state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Count {
    pub kind: String,
    pub status: String,
    pub jobs: i64,
}

/// A job that was given up, as the staff see it: never the text of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadJob {
    pub id: i64,
    pub kind: String,
    /// What it was for, personal numbers masked: `SMS 0912 *** 678`.
    pub subject: String,
    pub attempts: i64,
    pub last_error: String,
    pub created_at: i64,
    pub finished_at: i64,
}

/// The queue as the staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub counts: Vec<Count>,
    /// Newest first, at most [`DEAD_PAGE`].
    pub dead: Vec<DeadJob>,
}

/// Dead jobs listed at once.
pub const DEAD_PAGE: i64 = 200;

/// The queue's counts and its dead jobs, for administrators.
///
/// # Errors
/// `Forbidden` for other staff; database errors.
pub async fn overview(s: &Services, who: &Staff) -> ServiceResult<Overview> {
    StaffGuard::Admin.require(who)?;
    let counts: Vec<Count> = sqlx::query_as(
        "SELECT kind, status, COUNT(*) AS jobs FROM jobs GROUP BY kind, status ORDER BY kind, status",
    )
    .fetch_all(&s.db.pool)
    .await?;
    let rows: Vec<DeadRow> = sqlx::query_as(
        "SELECT id, kind, payload, attempts, last_error, created_at, finished_at FROM jobs \
         WHERE status = 'dead' ORDER BY id DESC LIMIT $1",
    )
    .bind(DEAD_PAGE)
    .fetch_all(&s.db.pool)
    .await?;
    let dead = rows
        .into_iter()
        .map(|r| DeadJob {
            id: r.id,
            subject: subject(&r.payload),
            kind: r.kind,
            attempts: r.attempts,
            last_error: r.last_error,
            created_at: r.created_at,
            finished_at: r.finished_at.unwrap_or(r.created_at),
        })
        .collect();
    Ok(Overview { counts, dead })
}

#[derive(sqlx::FromRow)]
struct DeadRow {
    id: i64,
    kind: String,
    payload: String,
    attempts: i64,
    last_error: String,
    created_at: i64,
    finished_at: Option<i64>,
}

/// What a job was for, without its content.
pub(super) fn subject(payload: &str) -> String {
    match serde_json::from_str::<Job>(payload) {
        Ok(Job::Sms { to, .. }) => format!(
            "SMS {}",
            PhoneNumber::parse(&to).map_or_else(|_| "***".to_owned(), |p| p.masked())
        ),
        Err(_) => "?".to_owned(),
    }
}

/// Queues a dead job again with a fresh count of attempts, for administrators; the
/// audit log keeps who did it.
///
/// # Errors
/// `Forbidden` for other staff; `NotFound` when the job is not dead (or not there).
pub async fn retry(s: &Services, who: &Staff, id: i64) -> ServiceResult<()> {
    StaffGuard::Admin.require(who)?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let payload: Option<(String,)> =
        sqlx::query_as("SELECT payload FROM jobs WHERE id = $1 AND status = 'dead'")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((payload,)) = payload else {
        return Err(ServiceError::NotFound);
    };
    if serde_json::from_str::<Job>(&payload).is_ok_and(|j| j.is_erased()) {
        return Err(ServiceError::conflict(
            "Nội dung tin nhắn đã được xoá sau 24 giờ nên không gửi lại được; công dân vẫn xem được trạng thái hồ sơ trên trang.",
            "The message's text was erased after 24 hours and cannot be sent again; the citizen still sees the dossier's status on the site.",
        ));
    }
    let requeued = sqlx::query(
        "UPDATE jobs SET status = 'queued', attempts = 0, run_at = $1, finished_at = NULL \
         WHERE id = $2 AND status = 'dead'",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if requeued == 0 {
        return Err(ServiceError::NotFound);
    }
    audit::record(
        &mut tx,
        now,
        Actor::Staff(who.id),
        "job.retry",
        &format!("job:{id}"),
        "",
    )
    .await?;
    tx.commit().await?;
    wake();
    Ok(())
}
