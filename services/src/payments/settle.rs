//! Applying a provider's verified message about money, once for every provider: the
//! attempt it names is looked up, `domain::payment::classify` decides, and this
//! persists the decision (attempt and notice settled with their receipt, an attempt
//! failed, or an exception kept for staff) in the caller's transaction.

use super::transitions::{self, Pending};
use crate::Services;
use crate::db::Engine;
use crate::error::ServiceResult;
use domain::Vnd;
use domain::dossier::{Action, Actor, Status};
use domain::payment::{
    Credit, Decision, ExceptionKind, NoticeStatus, PaymentEvent, PaymentStatus, Provider, Target,
    classify,
};
use sqlx::AnyConnection;

/// The attempt a message names, with what the rule needs and what settling writes.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct Named {
    pub id: i64,
    pub notice_id: i64,
    #[sqlx(try_from = "i64")]
    pub amount_vnd: Vnd,
    #[sqlx(try_from = "String")]
    pub status: PaymentStatus,
    pub expires_at: i64,
    #[sqlx(try_from = "String")]
    pub provider: Provider,
    #[sqlx(try_from = "String")]
    pub notice_status: NoticeStatus,
    pub dossier_id: i64,
    pub dossier_status: String,
    pub collection_account: String,
}

impl Named {
    fn target(&self) -> Target<'_> {
        Target {
            status: self.status,
            notice_status: self.notice_status,
            amount_vnd: self.amount_vnd,
            expires_at: self.expires_at,
            collection_account: &self.collection_account,
        }
    }
}

/// The attempt with this reference (of this provider, when given).
pub(crate) async fn named(
    conn: &mut AnyConnection,
    reference: &str,
    provider: Option<Provider>,
) -> ServiceResult<Option<Named>> {
    Ok(sqlx::query_as(
        "SELECT pa.id, pa.notice_id, pa.amount_vnd, pa.status, pa.expires_at, pa.provider, \
         n.status AS notice_status, n.dossier_id, d.status AS dossier_status, \
         a.account_number AS collection_account FROM payment_attempts pa \
         JOIN fee_notices n ON n.id = pa.notice_id JOIN dossiers d ON d.id = n.dossier_id \
         JOIN agencies a ON a.id = n.agency_id WHERE pa.reference = $1 AND ($2 = '' OR pa.provider = $2)",
    )
    .bind(reference)
    .bind(provider.map_or("", Provider::as_str))
    .fetch_optional(&mut *conn)
    .await?)
}

/// What became of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The attempt (and its notice) is paid.
    Paid { attempt_id: i64 },
    /// The provider reported the attempt failed.
    Failed { attempt_id: i64 },
    /// Money kept for staff.
    Exception {
        kind: ExceptionKind,
        attempt_id: Option<i64>,
    },
    /// A failure report that changed nothing.
    Ignored {
        kind: ExceptionKind,
        attempt_id: Option<i64>,
    },
}

impl Applied {
    /// The attempt it concerns, if any.
    pub const fn attempt_id(self) -> Option<i64> {
        match self {
            Self::Paid { attempt_id } | Self::Failed { attempt_id } => Some(attempt_id),
            Self::Exception { attempt_id, .. } | Self::Ignored { attempt_id, .. } => attempt_id,
        }
    }

    /// The stored notification's outcome.
    const fn outcome(self) -> &'static str {
        match self {
            Self::Paid { .. } => "matched",
            Self::Failed { .. } => "failed",
            Self::Exception { .. } => "exception",
            Self::Ignored { .. } => "ignored",
        }
    }
}

/// The attempt a message names: its reference, the provider it must be of (`None`:
/// any), and what the caller read of it in the same transaction, if it did.
pub(crate) struct Reference<'a> {
    pub reference: &'a str,
    pub provider: Option<Provider>,
    pub read: Option<Named>,
}

/// Applies stored notification `notification_id`, which names `reference` (`None`: it
/// names nothing we issued), to its attempt: the deadline is checked at `moved_at`, the
/// records are written at `now`. Records the outcome on the notification.
pub(crate) async fn apply(
    s: &Services,
    tx: &mut AnyConnection,
    notification_id: i64,
    reference: Option<Reference<'_>>,
    credit: &Credit<'_>,
    moved_at: i64,
    now: i64,
) -> ServiceResult<Applied> {
    let applied =
        decide_and_apply(s, tx, notification_id, reference, credit, moved_at, now).await?;
    sqlx::query("UPDATE bank_notifications SET outcome = $1, attempt_id = $2 WHERE id = $3")
        .bind(applied.outcome())
        .bind(
            applied
                .attempt_id()
                .filter(|_| matches!(applied, Applied::Paid { .. } | Applied::Failed { .. })),
        )
        .bind(notification_id)
        .execute(&mut *tx)
        .await?;
    Ok(applied)
}

async fn decide_and_apply(
    s: &Services,
    tx: &mut AnyConnection,
    notification_id: i64,
    mut reference: Option<Reference<'_>>,
    credit: &Credit<'_>,
    moved_at: i64,
    now: i64,
) -> ServiceResult<Applied> {
    // Twice at most: when another transaction settles the same attempt between our
    // read and our guarded write, the second reading classifies what it did.
    for _ in 0..2 {
        let mut found = match reference.as_mut() {
            Some(r) => match r.read.take() {
                Some(read) => Some(read),
                None => named(tx, r.reference, r.provider).await?,
            },
            None => None,
        };
        // On PostgreSQL settling takes the notice first: a second provider's message
        // for the same notice waits here until the first commits, then reads what it
        // did (READ COMMITTED: the next statement sees the commit), instead of racing
        // it to the notice's guarded update or deadlocking on the two attempts. A
        // SQLite write transaction has the database to itself: what it read stands.
        if s.db.engine == Engine::Postgres
            && let (Some(n), Some(r)) = (&found, &reference)
        {
            sqlx::query("UPDATE fee_notices SET id = id WHERE id = $1")
                .bind(n.notice_id)
                .execute(&mut *tx)
                .await?;
            found = named(tx, r.reference, r.provider).await?;
        }
        let attempt_id = found.as_ref().map(|n| n.id);
        let decision = classify(found.as_ref().map(Named::target).as_ref(), credit, moved_at);
        match (decision, found) {
            (Decision::Apply(PaymentEvent::Confirmed), Some(n)) => {
                if !transitions::attempt(tx, n.id, n.status, PaymentEvent::Confirmed, now).await? {
                    continue;
                }
                settle(s, tx, &n.settled(), n.id, now).await?;
                return Ok(Applied::Paid { attempt_id: n.id });
            }
            (Decision::Apply(event), Some(n)) => {
                if !transitions::attempt(tx, n.id, n.status, event, now).await? {
                    continue;
                }
                return Ok(Applied::Failed { attempt_id: n.id });
            }
            // `classify` applies only to an attempt it was given.
            (Decision::Apply(_), None) => {
                return Err(anyhow::anyhow!("a decision to apply named no attempt").into());
            }
            (Decision::Exception(kind), _) => {
                record_exception(
                    tx,
                    notification_id,
                    kind,
                    attempt_id,
                    credit.amount_vnd,
                    now,
                )
                .await?;
                return Ok(Applied::Exception { kind, attempt_id });
            }
            (Decision::Ignore(kind), _) => return Ok(Applied::Ignored { kind, attempt_id }),
        }
    }
    Err(
        anyhow::anyhow!("attempt kept changing while notification {notification_id} was applied")
            .into(),
    )
}

/// Keeps a credit for staff.
async fn record_exception(
    conn: &mut AnyConnection,
    notification_id: i64,
    kind: ExceptionKind,
    attempt_id: Option<i64>,
    amount_vnd: Vnd,
    now: i64,
) -> ServiceResult<()> {
    sqlx::query(
        "INSERT INTO payment_exceptions (notification_id, kind, attempt_id, amount_vnd, status, created_at) \
         VALUES ($1, $2, $3, $4, 'open', $5)",
    )
    .bind(notification_id)
    .bind(kind.as_str())
    .bind(attempt_id)
    .bind(amount_vnd.get())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    tracing::warn!(
        kind = kind.as_str(),
        notification_id,
        "credit needs staff attention"
    );
    Ok(())
}

/// Records, already paid, the attempt that settles a notice from an exception: a
/// credit staff matched by hand (`BankTransfer`), or a late credit accepted (the
/// provider of the attempt it was late for). The late attempt itself stays as it was:
/// terminal states stay terminal. Returns the new attempt's id.
pub(crate) async fn record_from_exception(
    conn: &mut AnyConnection,
    notice_id: i64,
    provider: Provider,
    reference: &str,
    amount_vnd: Vnd,
    exception_id: i64,
    now: i64,
) -> ServiceResult<i64> {
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO payment_attempts (notice_id, reference, amount_vnd, status, provider, qr_payload, \
         pay_url, created_at, expires_at, updated_at, paid_at, exception_id) \
         VALUES ($1, $2, $3, 'paid', $4, '', '', $5, $5, $5, $5, $6) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(notice_id)
    .bind(reference)
    .bind(amount_vnd.get())
    .bind(provider.as_str())
    .bind(now)
    .bind(exception_id)
    .fetch_optional(&mut *conn)
    .await?;
    // The record's reference is the exception's own: taken means another member of
    // staff resolved the same credit a moment ago.
    inserted.map(|(id,)| id).ok_or_else(|| {
        crate::ServiceError::conflict(
            "Khoản này vừa được người khác xử lý",
            "Someone else just resolved this credit",
        )
    })
}

/// What a settled notice needs: its ids, the dossier's status, and how it was paid.
pub(crate) struct Settled<'a> {
    pub notice_id: i64,
    pub dossier_id: i64,
    pub dossier_status: &'a str,
    pub provider: Provider,
}

impl Named {
    fn settled(&self) -> Settled<'_> {
        Settled {
            notice_id: self.notice_id,
            dossier_id: self.dossier_id,
            dossier_status: &self.dossier_status,
            provider: self.provider,
        }
    }
}

/// Records a notice paid by `attempt_id` (already paid) in the caller's transaction:
/// the notice paid, its other live QRs cancelled, the receipt issued, a dossier waiting
/// for its fee moved on.
///
/// # Errors
/// `Conflict` when the notice was paid or replaced meanwhile.
pub(crate) async fn settle(
    s: &Services,
    tx: &mut AnyConnection,
    p: &Settled<'_>,
    attempt_id: i64,
    now: i64,
) -> ServiceResult<()> {
    transitions::notice(tx, p.notice_id, NoticeStatus::Paid, Some(attempt_id), now).await?;
    // Its other QRs: past their deadline they expired; still live they are cancelled.
    transitions::pending_of_notice(tx, p.notice_id, Pending::Settled, now).await?;
    if let Some(from) = Status::parse(p.dossier_status)
        && let Ok(to) = from.apply(Action::ConfirmPayment, Actor::System, "")
    {
        let moved = sqlx::query(
            "UPDATE dossiers SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
        )
        .bind(to.as_str())
        .bind(now)
        .bind(p.dossier_id)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?;
        // The event says what happened: nothing, if the dossier had moved on meanwhile.
        if moved.rows_affected() == 1 {
            sqlx::query(
            "INSERT INTO dossier_events (dossier_id, at, action, from_status, to_status, actor_kind) \
             VALUES ($1, $2, 'confirm_payment', $3, $4, 'system')",
        )
        .bind(p.dossier_id)
        .bind(now)
        .bind(from.as_str())
        .bind(to.as_str())
        .execute(&mut *tx)
        .await?;
        }
    }
    // Last: taking the next receipt number locks the agency's counter until the commit,
    // so every payment to that agency waits behind this one from here on.
    crate::receipts::issue(
        tx,
        &s.receipt_signer,
        p.notice_id,
        attempt_id,
        p.provider.receipt_method(),
        now,
    )
    .await?;
    Ok(())
}
