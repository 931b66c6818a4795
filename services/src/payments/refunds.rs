//! Refunds (hoàn phí): asked for with a reason by staff of the agency that holds the
//! money, approved or rejected by a manager of that agency who did not ask
//! (`domain::payment::RefundStatus`), recorded with the outgoing transfer's reference
//! once made. Then the refunded notice's receipt is cancelled (kept, with its
//! cancellation), the citizen is texted, and the monthly report counts the money
//! separately. Every step is audited.

use crate::audit::{self, Actor};
use crate::dossiers::{self, Key, Who};
use crate::error::ServiceResult;
use crate::staff::{Role, Staff};
use crate::{ServiceError, Services, jobs};
use domain::Vnd;
use domain::payment::{NoticeStatus, RefundAction, RefundStatus, bank_reference};
use domain::{Localized as _, PhoneNumber, Text};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

/// One refund as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Refund {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub status: RefundStatus,
    #[sqlx(try_from = "i64")]
    pub amount_vnd: Vnd,
    pub reason: String,
    pub agency_code: String,
    /// The dossier whose fee goes back, when known.
    pub dossier_code: Option<String>,
    /// The credit kept as an exception, for a refund of one.
    pub exception_id: Option<i64>,
    pub requested_by: String,
    /// Who asked (the staff id): they may not decide.
    pub requested_by_id: i64,
    pub requested_at: i64,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub decision_note: String,
    pub bank_reference: Option<String>,
    pub paid_out_at: Option<i64>,
}

const SELECT: &str = "SELECT r.id, r.status, r.amount_vnd, r.reason, a.code AS agency_code, \
     COALESCE(dn.code, de.code) AS dossier_code, r.exception_id, rq.full_name AS requested_by, \
     r.requested_by AS requested_by_id, r.requested_at, dc.full_name AS decided_by, r.decided_at, r.decision_note, r.bank_reference, \
     r.paid_out_at FROM refunds r JOIN agencies a ON a.id = r.agency_id \
     JOIN staff rq ON rq.id = r.requested_by LEFT JOIN staff dc ON dc.id = r.decided_by \
     LEFT JOIN fee_notices n ON n.id = r.notice_id LEFT JOIN dossiers dn ON dn.id = n.dossier_id \
     LEFT JOIN payment_exceptions e ON e.id = r.exception_id \
     LEFT JOIN payment_attempts ea ON ea.id = e.attempt_id \
     LEFT JOIN fee_notices en ON en.id = ea.notice_id LEFT JOIN dossiers de ON de.id = en.dossier_id";

/// Refunds `me` may see (their agency's; every agency's for an admin), those still to
/// act on first, newest first; `open_only` hides rejected and paid-out ones.
///
/// # Errors
/// `Forbidden` for staff without an agency who are not admins.
pub async fn list(s: &Services, me: &Staff, open_only: bool) -> ServiceResult<Vec<Refund>> {
    let scope = me.agency_scope()?;
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE ($1 = '' OR a.code = $1) \
         AND ($2 = 0 OR r.status IN ('requested', 'approved')) \
         ORDER BY CASE WHEN r.status IN ('requested', 'approved') THEN 0 ELSE 1 END, r.id DESC LIMIT 200"
    ))
    .bind(scope)
    .bind(i64::from(open_only))
    .fetch_all(&s.db.pool)
    .await?)
}

async fn one(conn: &mut AnyConnection, me: &Staff, id: i64) -> ServiceResult<Refund> {
    let scope = me.agency_scope()?;
    sqlx::query_as(&format!(
        "{SELECT} WHERE r.id = $2 AND ($1 = '' OR a.code = $1)"
    ))
    .bind(scope)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ServiceError::NotFound)
}

/// The live refund of a dossier's notice, if any, for its page.
///
/// # Errors
/// `NotFound` for a dossier `who` may not see.
pub async fn of_dossier(
    s: &Services,
    who: &Who,
    code: &str,
) -> ServiceResult<Option<RefundStatus>> {
    let d = dossiers::get(s, who, Key::Code(code)).await?;
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT r.status FROM refunds r JOIN fee_notices n ON n.id = r.notice_id \
         WHERE n.dossier_id = $1 AND r.status <> 'rejected' ORDER BY r.id DESC LIMIT 1",
    )
    .bind(d.id)
    .fetch_optional(&s.db.pool)
    .await?;
    Ok(row.and_then(|(st,)| RefundStatus::parse(&st)))
}

fn reason_of(reason: &str) -> ServiceResult<String> {
    let reason = domain::text::clean(reason);
    if reason.chars().count() < 5 {
        return Err(ServiceError::invalid(
            "reason",
            Text::new(
                "Vui lòng ghi lý do hoàn phí (ít nhất 5 ký tự)",
                "Please give the reason for the refund (at least 5 characters)",
            ),
        ));
    }
    Ok(reason)
}

fn already() -> ServiceError {
    ServiceError::conflict(
        "Khoản này đã có yêu cầu hoàn phí",
        "A refund of this payment has already been asked for",
    )
}

/// Asks to refund the paid fee of dossier `code` (of `me`'s agency), with a reason.
///
/// # Errors
/// `NotFound` outside `me`'s agency; `Invalid` without a reason; `Conflict` when the
/// fee is not paid or a refund of it is already live.
pub async fn request_for_dossier(
    s: &Services,
    me: &Staff,
    code: &str,
    reason: &str,
) -> ServiceResult<Refund> {
    let reason = reason_of(reason)?;
    let d = dossiers::get(s, &Who::Staff(me.clone()), Key::Code(code)).await?;
    of_agency(me, &d.summary.agency_code)?;
    let notice = super::notice_for(s, d.id)
        .await?
        .filter(|n| n.status == NoticeStatus::Paid)
        .ok_or_else(|| {
            ServiceError::conflict(
                "Hồ sơ này chưa nộp phí, không có gì để hoàn",
                "This dossier's fee is not paid; there is nothing to refund",
            )
        })?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let (agency_id,): (i64,) = sqlx::query_as("SELECT agency_id FROM fee_notices WHERE id = $1")
        .bind(notice.id)
        .fetch_one(&mut *tx)
        .await?;
    let id = insert(
        &mut tx,
        Subject::Notice(notice.id),
        agency_id,
        notice.amount_vnd,
        &reason,
        me,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        now,
        Actor::Staff(me.id),
        "refund.request",
        &format!("refund:{id}"),
        &format!("dossier:{code} {reason}"),
    )
    .await?;
    let refund = one(&mut tx, me, id).await?;
    tx.commit().await?;
    Ok(refund)
}

/// What a refund gives back.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Subject {
    Notice(i64),
    Exception(i64),
}

/// Records a refund request in the caller's transaction (an exception marked for
/// refund asks through here); returns its id.
///
/// # Errors
/// `Conflict` when a refund of the same payment is live (the database's unique index).
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    subject: Subject,
    agency_id: i64,
    amount_vnd: Vnd,
    reason: &str,
    me: &Staff,
    now: i64,
) -> ServiceResult<i64> {
    let (notice, exception) = match subject {
        Subject::Notice(n) => (Some(n), None),
        Subject::Exception(e) => (None, Some(e)),
    };
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO refunds (notice_id, exception_id, agency_id, amount_vnd, reason, status, requested_by, \
         requested_at) VALUES ($1, $2, $3, $4, $5, 'requested', $6, $7) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(notice)
    .bind(exception)
    .bind(agency_id)
    .bind(amount_vnd.get())
    .bind(reason)
    .bind(me.id)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    inserted.map(|(id,)| id).ok_or_else(already)
}

/// A manager of the refund's agency approves or rejects it, with a note; never the
/// person who asked.
///
/// # Errors
/// `Forbidden` for anyone but a manager; `NotFound` outside their agency; `Conflict`
/// when the refund is not waiting, or for the person who asked.
pub async fn decide(
    s: &Services,
    me: &Staff,
    id: i64,
    approve: bool,
    note: &str,
) -> ServiceResult<Refund> {
    if me.role != Role::Manager {
        return Err(ServiceError::Forbidden);
    }
    let note = domain::text::clean(note);
    let action = if approve {
        RefundAction::Approve
    } else {
        RefundAction::Reject
    };
    if !approve && note.chars().count() < 5 {
        return Err(ServiceError::invalid(
            "note",
            Text::new(
                "Vui lòng ghi lý do từ chối (ít nhất 5 ký tự)",
                "Please give the reason for rejecting (at least 5 characters)",
            ),
        ));
    }
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let refund = one(&mut tx, me, id).await?;
    let to = refund
        .status
        .apply(action, refund.requested_by_id == me.id)
        .map_err(|e| ServiceError::Conflict(e.text()))?;
    let done = sqlx::query(
        "UPDATE refunds SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4 \
         WHERE id = $5 AND status = $6",
    )
    .bind(to.as_str())
    .bind(me.id)
    .bind(now)
    .bind(&note)
    .bind(id)
    .bind(refund.status.as_str())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(moved());
    }
    // A credit whose refund is refused goes back to the queue, to be matched or
    // refunded another way.
    if let (false, Some(exception)) = (approve, refund.exception_id) {
        sqlx::query(
            "UPDATE payment_exceptions SET status = 'open', resolution = NULL, resolved_by = NULL, \
             resolved_at = NULL WHERE id = $1 AND status = 'resolved' AND resolution = 'refund'",
        )
        .bind(exception)
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        &mut tx,
        now,
        Actor::Staff(me.id),
        if approve {
            "refund.approve"
        } else {
            "refund.reject"
        },
        &format!("refund:{id}"),
        &note,
    )
    .await?;
    let refund = one(&mut tx, me, id).await?;
    tx.commit().await?;
    Ok(refund)
}

/// Only staff of the agency that holds the money act on its refunds (an admin of the
/// centre sees them but does not move money).
fn of_agency(me: &Staff, agency_code: &str) -> ServiceResult<()> {
    if me.agency_code.as_deref() == Some(agency_code) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

fn moved() -> ServiceError {
    ServiceError::conflict(
        "Yêu cầu hoàn phí vừa được người khác xử lý",
        "Someone else just acted on this refund",
    )
}

/// Records that the money went back (staff of the agency, after approval), with the
/// outgoing transfer's reference: the refunded notice's receipt is cancelled (kept,
/// with the refund as its reason) and the citizen is texted.
///
/// # Errors
/// `NotFound` outside `me`'s agency; `Invalid` for a reference that is not a bank's;
/// `Conflict` before approval or after it was recorded.
pub async fn pay_out(s: &Services, me: &Staff, id: i64, reference: &str) -> ServiceResult<Refund> {
    let reference =
        bank_reference(reference).map_err(|e| ServiceError::invalid("bank_reference", e.text()))?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let refund = one(&mut tx, me, id).await?;
    of_agency(me, &refund.agency_code)?;
    let to = refund
        .status
        .apply(RefundAction::PayOut, false)
        .map_err(|e| ServiceError::Conflict(e.text()))?;
    let done = sqlx::query(
        "UPDATE refunds SET status = $1, bank_reference = $2, paid_out_by = $3, paid_out_at = $4 \
         WHERE id = $5 AND status = $6",
    )
    .bind(to.as_str())
    .bind(&reference)
    .bind(me.id)
    .bind(now)
    .bind(id)
    .bind(refund.status.as_str())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(moved());
    }
    // The receipt of a refunded notice no longer stands; its number stays used.
    sqlx::query(
        "UPDATE receipts SET status = 'cancelled', cancelled_at = $1, cancellation_reason = $2, refund_id = $3 \
         WHERE status = 'issued' AND notice_id = (SELECT notice_id FROM refunds WHERE id = $3)",
    )
    .bind(now)
    .bind(format!("Hoàn phí: {}", refund.reason))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        now,
        Actor::Staff(me.id),
        "refund.pay_out",
        &format!("refund:{id}"),
        &format!(
            "{} {reference}",
            refund
                .dossier_code
                .as_deref()
                .map(|c| format!("dossier:{c}"))
                .unwrap_or_default()
        ),
    )
    .await?;
    let phone: Option<(String,)> = match &refund.dossier_code {
        Some(code) => {
            sqlx::query_as("SELECT applicant_phone FROM dossiers WHERE code = $1")
                .bind(code)
                .fetch_optional(&mut *tx)
                .await?
        }
        None => None,
    };
    let refund = one(&mut tx, me, id).await?;
    // The citizen's text is queued with the pay-out: sent after the commit, retried if
    // sending fails.
    if let (Some((phone,)), Some(code)) = (phone, &refund.dossier_code)
        && let Ok(phone) = PhoneNumber::parse(&phone)
    {
        let amount = refund.amount_vnd.display_vi();
        // Only a refunded fee cancels its receipt; a credit paid twice or late leaves
        // the fee and its receipt standing.
        let body = if refund.exception_id.is_some() {
            format!(
                "Một Cửa: Đã hoàn trả {amount} chuyển thêm cho hồ sơ {code}, mã giao dịch {reference}. Phí của hồ sơ và biên lai vẫn giữ nguyên."
            )
        } else {
            format!(
                "Một Cửa: Đã hoàn phí hồ sơ {code}: {amount}, mã giao dịch {reference}. Biên lai của khoản phí này đã được huỷ."
            )
        };
        jobs::enqueue(&mut tx, now, &jobs::Job::sms(&phone, body)).await?;
    }
    tx.commit().await?;
    jobs::wake();
    Ok(refund)
}
