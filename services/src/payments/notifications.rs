//! Bank credit notifications: stored raw (a replay changes nothing), matched by the
//! reference in the transfer content, applied in one transaction; anything that does
//! not match exactly becomes an exception for staff. Nothing acknowledged is lost.

use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::Text;
use domain::dossier::{Action, Actor, Status};
use domain::payment::{PaymentEvent, PaymentStatus, find_references};
use serde::Deserialize;
use sqlx::AnyConnection;

/// A balance-change webhook body.
#[derive(Debug, Clone, Deserialize)]
pub struct BankCredit {
    pub id: String,
    #[serde(default)]
    pub gateway: String,
    #[serde(default)]
    pub transaction_date: String,
    #[serde(default)]
    pub account_number: String,
    #[serde(default)]
    pub content: String,
    pub transfer_type: String,
    pub amount: i64,
    #[serde(default)]
    pub reference_code: String,
}

/// What became of a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The attempt (id) is paid.
    Paid { attempt_id: i64 },
    /// Seen before: nothing changed.
    Replay,
    /// Not a credit: recorded, nothing to match.
    Ignored,
    /// Recorded for staff: `unknown_reference`, `wrong_amount`, `late` or `duplicate`.
    Exception { kind: &'static str },
}

/// Takes a verified notification body.
///
/// # Errors
/// `Invalid` for a body that is not a notification (answered 400, so the sender keeps it).
pub async fn receive_bank(s: &Services, raw_body: &str) -> ServiceResult<Outcome> {
    let credit: BankCredit = serde_json::from_str(raw_body).map_err(|e| {
        ServiceError::invalid_input(Text::new(
            format!("Thông báo không đúng định dạng: {e}"),
            format!("Malformed notification: {e}"),
        ))
    })?;
    if credit.id.trim().is_empty() {
        return Err(ServiceError::invalid_input(Text::new(
            "Thiếu id giao dịch",
            "Missing id",
        )));
    }
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO bank_notifications (provider, event_id, raw_body, received_at, amount_vnd, content, \
         account_number, reference_code, outcome) VALUES ('bank', $1, $2, $3, $4, $5, $6, $7, 'pending') \
         ON CONFLICT (provider, event_id) DO NOTHING RETURNING id",
    )
    .bind(credit.id.trim())
    .bind(raw_body)
    .bind(now)
    .bind(credit.amount)
    .bind(&credit.content)
    .bind(&credit.account_number)
    .bind(&credit.reference_code)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((notification_id,)) = inserted else {
        tx.commit().await?;
        return Ok(Outcome::Replay);
    };
    let credit_type = credit.transfer_type.trim().to_ascii_lowercase();
    let outcome = if credit_type != "in" && credit_type != "credit" {
        Outcome::Ignored
    } else {
        apply(s, &mut tx, notification_id, &credit, now).await?
    };
    let (label, attempt) = match &outcome {
        Outcome::Paid { attempt_id } => ("matched", Some(*attempt_id)),
        Outcome::Exception { .. } => ("exception", None),
        _ => ("ignored", None),
    };
    sqlx::query("UPDATE bank_notifications SET outcome = $1, attempt_id = $2 WHERE id = $3")
        .bind(label)
        .bind(attempt)
        .bind(notification_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if let Outcome::Paid { attempt_id } = outcome {
        s.payment_events.notify(attempt_id);
    }
    Ok(outcome)
}

#[derive(sqlx::FromRow)]
struct Target {
    id: i64,
    notice_id: i64,
    amount_vnd: i64,
    status: String,
    expires_at: i64,
    notice_status: String,
    dossier_id: i64,
    dossier_status: String,
}

async fn exception(
    conn: &mut AnyConnection,
    notification_id: i64,
    kind: &'static str,
    attempt_id: Option<i64>,
    amount: i64,
    now: i64,
) -> ServiceResult<Outcome> {
    sqlx::query(
        "INSERT INTO payment_exceptions (notification_id, kind, attempt_id, amount_vnd, status, created_at) \
         VALUES ($1, $2, $3, $4, 'open', $5)",
    )
    .bind(notification_id)
    .bind(kind)
    .bind(attempt_id)
    .bind(amount)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    tracing::warn!(kind, notification_id, "bank credit needs staff attention");
    Ok(Outcome::Exception { kind })
}

async fn apply(
    s: &Services,
    tx: &mut AnyConnection,
    notification_id: i64,
    credit: &BankCredit,
    now: i64,
) -> ServiceResult<Outcome> {
    let mut target: Option<Target> = None;
    for reference in find_references(&credit.content) {
        target = sqlx::query_as(
            "SELECT pa.id, pa.notice_id, pa.amount_vnd, pa.status, pa.expires_at, n.status AS notice_status, \
             n.dossier_id, d.status AS dossier_status FROM payment_attempts pa \
             JOIN fee_notices n ON n.id = pa.notice_id JOIN dossiers d ON d.id = n.dossier_id \
             WHERE pa.reference = $1",
        )
        .bind(&reference)
        .fetch_optional(&mut *tx)
        .await?;
        if target.is_some() {
            break;
        }
    }
    let Some(t) = target else {
        return exception(
            tx,
            notification_id,
            "unknown_reference",
            None,
            credit.amount,
            now,
        )
        .await;
    };
    if t.notice_status == "paid" || t.status == "paid" {
        return exception(
            tx,
            notification_id,
            "duplicate",
            Some(t.id),
            credit.amount,
            now,
        )
        .await;
    }
    if credit.amount != t.amount_vnd {
        return exception(
            tx,
            notification_id,
            "wrong_amount",
            Some(t.id),
            credit.amount,
            now,
        )
        .await;
    }
    let status = PaymentStatus::parse(&t.status).unwrap_or(PaymentStatus::Failed);
    if status != PaymentStatus::Pending || now > t.expires_at {
        return exception(tx, notification_id, "late", Some(t.id), credit.amount, now).await;
    }
    status
        .apply(PaymentEvent::Confirmed)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    confirm(
        s,
        tx,
        &Paid {
            attempt_id: t.id,
            notice_id: t.notice_id,
            dossier_id: t.dossier_id,
            dossier_status: &t.dossier_status,
            method: crate::receipts::METHOD_VIETQR,
        },
        now,
    )
    .await?;
    Ok(Outcome::Paid { attempt_id: t.id })
}

/// A confirmed payment to record.
pub(crate) struct Paid<'a> {
    pub attempt_id: i64,
    pub notice_id: i64,
    pub dossier_id: i64,
    pub dossier_status: &'a str,
    /// How it was paid, as the receipt says it.
    pub method: &'a str,
}

/// Records a confirmed payment in the caller's transaction: attempt and notice paid,
/// other live attempts cancelled, the receipt issued, a dossier waiting for its fee
/// moved on.
pub(crate) async fn confirm(
    s: &Services,
    tx: &mut AnyConnection,
    p: &Paid<'_>,
    now: i64,
) -> ServiceResult<()> {
    sqlx::query("UPDATE payment_attempts SET status = 'paid', paid_at = $1, updated_at = $1 WHERE id = $2 AND status = 'pending'")
        .bind(now)
        .bind(p.attempt_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE fee_notices SET status = 'paid', paid_at = $1, paid_attempt_id = $2 WHERE id = $3 AND status = 'unpaid'",
    )
    .bind(now)
    .bind(p.attempt_id)
    .bind(p.notice_id)
    .execute(&mut *tx)
    .await?;
    // Other live QRs of the notice can no longer be paid.
    sqlx::query("UPDATE payment_attempts SET status = 'cancelled', updated_at = $1 WHERE notice_id = $2 AND status = 'pending'")
        .bind(now)
        .bind(p.notice_id)
        .execute(&mut *tx)
        .await?;
    crate::receipts::issue(
        tx,
        &s.receipt_signer,
        p.notice_id,
        p.attempt_id,
        p.method,
        now,
    )
    .await?;
    // A dossier waiting for its fee moves on.
    if let Some(from) = Status::parse(p.dossier_status)
        && let Ok(to) = from.apply(Action::ConfirmPayment, Actor::System, "")
    {
        sqlx::query(
            "UPDATE dossiers SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
        )
        .bind(to.as_str())
        .bind(now)
        .bind(p.dossier_id)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?;
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
    Ok(())
}
