//! Every change of an attempt's or a notice's status goes through here: the domain
//! decides the next status (`PaymentStatus::apply`; a notice is only ever settled or
//! cancelled while unpaid), and a guarded UPDATE (`WHERE status = <from>`) writes it.
//! A row that moved meanwhile is reported, never silently overwritten.

use crate::ServiceError;
use crate::error::ServiceResult;
use domain::Localized as _;
use domain::payment::{NoticeStatus, PaymentEvent, PaymentStatus};
use sqlx::AnyConnection;

/// Moves attempt `id` from `from` by `event`. Returns whether this call moved it
/// (`false`: another transaction changed it first).
///
/// # Errors
/// `Conflict` when the domain forbids the transition (a terminal status).
pub(crate) async fn attempt(
    conn: &mut AnyConnection,
    id: i64,
    from: PaymentStatus,
    event: PaymentEvent,
    now: i64,
) -> ServiceResult<bool> {
    let to = from
        .apply(event)
        .map_err(|e| ServiceError::Conflict(e.text()))?;
    let paid_at = (to == PaymentStatus::Paid).then_some(now);
    let done = sqlx::query(
        "UPDATE payment_attempts SET status = $1, updated_at = $2, paid_at = COALESCE($3, paid_at) \
         WHERE id = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(paid_at)
    .bind(id)
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?;
    let moved = done.rows_affected() == 1;
    if moved {
        // Every node's waiting pages hear of it once this transaction commits.
        super::events::publish(conn, id).await?;
    }
    Ok(moved)
}

/// Which pending attempts of a notice are closed, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pending {
    /// Every live one is cancelled (the notice was replaced).
    All,
    /// Those past their deadline (`expires_at <= now`) time out.
    Overdue,
    /// Every one (the notice was paid): past its deadline it timed out, otherwise it is
    /// cancelled.
    Settled,
}

impl Pending {
    /// What happens to a pending attempt with this deadline at `now`, if anything.
    const fn event(self, expires_at: i64, now: i64) -> Option<PaymentEvent> {
        let overdue = expires_at <= now;
        match self {
            Self::All => Some(PaymentEvent::Cancel),
            Self::Overdue if overdue => Some(PaymentEvent::TimedOut),
            Self::Overdue => None,
            Self::Settled if overdue => Some(PaymentEvent::TimedOut),
            Self::Settled => Some(PaymentEvent::Cancel),
        }
    }
}

/// Closes the notice's pending attempts as `which` says, each through [`attempt`], in
/// one read; returns the ids this call moved. A notice has at most one live attempt
/// per provider.
pub(crate) async fn pending_of_notice(
    conn: &mut AnyConnection,
    notice_id: i64,
    which: Pending,
    now: i64,
) -> ServiceResult<Vec<i64>> {
    let pending: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, expires_at FROM payment_attempts WHERE notice_id = $1 AND status = 'pending' \
         AND ($2 = 0 OR expires_at <= $3) ORDER BY id",
    )
    .bind(notice_id)
    .bind(i64::from(which == Pending::Overdue))
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    let mut moved = Vec::new();
    for (id, expires_at) in pending {
        if let Some(event) = which.event(expires_at, now)
            && attempt(conn, id, PaymentStatus::Pending, event, now).await?
        {
            moved.push(id);
        }
    }
    Ok(moved)
}

/// Settles (`to` paid, by `paid_attempt`) or cancels an unpaid notice.
///
/// # Errors
/// `Conflict` when the notice is no longer unpaid (paid or replaced meanwhile).
pub(crate) async fn notice(
    conn: &mut AnyConnection,
    id: i64,
    to: NoticeStatus,
    paid_attempt: Option<i64>,
    now: i64,
) -> ServiceResult<()> {
    if to == NoticeStatus::Unpaid || (to == NoticeStatus::Paid) != paid_attempt.is_some() {
        return Err(
            anyhow::anyhow!("notice {id}: no transition to {to} with {paid_attempt:?}").into(),
        );
    }
    let done = sqlx::query(
        "UPDATE fee_notices SET status = $1, paid_at = COALESCE($2, paid_at), \
         paid_attempt_id = COALESCE($3, paid_attempt_id) WHERE id = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind(paid_attempt.map(|_| now))
    .bind(paid_attempt)
    .bind(id)
    .bind(NoticeStatus::Unpaid.as_str())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(ServiceError::conflict(
            "Thông báo phí này đã được thanh toán hoặc thay thế",
            "This fee notice has already been paid or replaced",
        ))
    }
}
