//! Bank credit notifications: stored raw (a replay changes nothing), matched by the
//! reference in the transfer content, applied in one transaction; anything that does
//! not match exactly becomes an exception for staff. Nothing acknowledged is lost.

use super::settle::{self, Applied};
use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::Text;
use domain::payment::{Credit, ExceptionKind, find_references};
use serde::Deserialize;

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
    /// Recorded for staff.
    Exception { kind: ExceptionKind },
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
    let outcome = if credit_type == "in" || credit_type == "credit" {
        // The first reference in the content that names an attempt we issued.
        let mut reference = None;
        for r in find_references(&credit.content) {
            if settle::named(&mut tx, &r, None).await?.is_some() {
                reference = Some(r);
                break;
            }
        }
        let money = Credit {
            amount_vnd: credit.amount,
            // A bank reports the account credited; an empty one matches no agency.
            account: Some(credit.account_number.as_str()),
            moved: true,
        };
        let applied = settle::apply(
            s,
            &mut tx,
            notification_id,
            reference.as_deref().map(|r| (r, None)),
            &money,
            now,
        )
        .await?;
        match applied {
            Applied::Paid { attempt_id } => Outcome::Paid { attempt_id },
            Applied::Exception { kind, .. } => Outcome::Exception { kind },
            Applied::Failed { .. } | Applied::Ignored { .. } => {
                return Err(anyhow::anyhow!("a bank credit moved money: {applied:?}").into());
            }
        }
    } else {
        sqlx::query("UPDATE bank_notifications SET outcome = 'ignored' WHERE id = $1")
            .bind(notification_id)
            .execute(&mut *tx)
            .await?;
        Outcome::Ignored
    };
    tx.commit().await?;
    if let Outcome::Paid { attempt_id } = outcome {
        s.payment_events.notify(attempt_id);
    }
    Ok(outcome)
}
