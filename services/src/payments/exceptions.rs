//! The exceptions queue: credits that did not pay a notice by themselves (the kinds of
//! `domain::payment::ExceptionKind`). Staff resolve each with a reason: match it to a
//! notice, accept a late payment, or mark it for refund. Officers and managers see
//! their agency's (by the attempt's notice, or by the account that received the
//! money); admins see all. Every resolution is audited.

use super::gateway::Gateway;
use super::settle::{self, Settled};
use crate::audit::{self, Actor};
use crate::dossiers::{self, Key, Who};
use crate::error::ServiceResult;
use crate::staff::Staff;
use crate::{ServiceError, Services};
use domain::Text;
use domain::Vnd;
use domain::payment::{
    Credit, ExceptionKind, ExceptionStatus, MatchRefusal, NoticeStatus, Provider, manual_match,
};
use serde::{Deserialize, Serialize};

/// One credit waiting for (or resolved by) staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct PaymentException {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: ExceptionKind,
    #[sqlx(try_from = "i64")]
    pub amount_vnd: Vnd,
    pub created_at: i64,
    #[sqlx(try_from = "String")]
    pub status: ExceptionStatus,
    /// The transfer message as the bank gave it.
    pub content: String,
    /// The bank's transaction reference (FT…).
    pub bank_reference: String,
    pub account_number: String,
    /// The payment reference it named, when it named one.
    pub reference: Option<String>,
    pub dossier_code: Option<String>,
    /// What was due on that notice.
    #[sqlx(try_from = "crate::amounts::StoredAmount")]
    pub due_vnd: Option<Vnd>,
    pub resolution: Option<String>,
    pub reason: String,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<i64>,
}

/// What staff decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The credit pays this dossier's unpaid notice (its amount must be exact).
    Match { dossier_code: String },
    /// A late payment of its own attempt, accepted: the notice is paid.
    AcceptLate,
    /// The money goes back to the payer (done at the bank); nothing is paid here.
    Refund,
}

impl Resolution {
    /// From a form's `action` and `code`.
    #[must_use]
    pub fn parse(action: &str, dossier_code: &str) -> Option<Self> {
        match action {
            "match" => Some(Self::Match {
                dossier_code: dossier_code.trim().to_owned(),
            }),
            "accept_late" => Some(Self::AcceptLate),
            "refund" => Some(Self::Refund),
            _ => None,
        }
    }

    fn label(&self) -> &'static str {
        match self {
            Self::Match { .. } => "matched",
            Self::AcceptLate => "accepted_late",
            Self::Refund => "refund",
        }
    }
}

const SELECT: &str = "SELECT e.id, e.kind, e.amount_vnd, e.created_at, e.status, bn.content, \
     bn.reference_code AS bank_reference, bn.account_number, pa.reference, d.code AS dossier_code, \
     n.amount_vnd AS due_vnd, e.resolution, e.reason, st.full_name AS resolved_by, e.resolved_at \
     FROM payment_exceptions e JOIN bank_notifications bn ON bn.id = e.notification_id \
     LEFT JOIN payment_attempts pa ON pa.id = e.attempt_id \
     LEFT JOIN fee_notices n ON n.id = pa.notice_id \
     LEFT JOIN dossiers d ON d.id = n.dossier_id \
     LEFT JOIN staff st ON st.id = e.resolved_by";

/// The account a bank notification `bn` credited, written as agencies' accounts are
/// stored (digits only, as `domain::payment::account_key` compares them).
macro_rules! credited {
    () => {
        "REPLACE(REPLACE(REPLACE(bn.account_number, ' ', ''), '-', ''), '.', '')"
    };
}

/// The agencies' condition: an exception belongs to the agency of its notice and to
/// the agency whose account a bank says received the money (they differ for a wrong
/// account). A gateway names no account, and an agency without one receives nothing.
const SCOPE: &str = concat!(
    "($1 = '' OR EXISTS (SELECT 1 FROM agencies a WHERE a.code = $1 AND \
     (a.id = n.agency_id OR (bn.provider = 'bank' AND a.account_number <> '' \
      AND a.account_number = ",
    credited!(),
    "))))"
);

/// Exceptions `me` may see, open ones first, newest first; `open_only` hides resolved.
///
/// # Errors
/// `Forbidden` for staff without an agency who are not admins.
pub async fn list(
    s: &Services,
    me: &Staff,
    open_only: bool,
) -> ServiceResult<Vec<PaymentException>> {
    let scope = me.agency_scope()?;
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE {SCOPE} AND ($2 = 0 OR e.status = 'open') \
         ORDER BY CASE WHEN e.status = 'open' THEN 0 ELSE 1 END, e.id DESC LIMIT 500"
    ))
    .bind(scope)
    .bind(i64::from(open_only))
    .fetch_all(&s.db.pool)
    .await?)
}

async fn one(s: &Services, me: &Staff, id: i64) -> ServiceResult<PaymentException> {
    let scope = me.agency_scope()?;
    sqlx::query_as(&format!("{SELECT} WHERE e.id = $2 AND {SCOPE}"))
        .bind(scope)
        .bind(id)
        .fetch_optional(&s.db.pool)
        .await?
        .ok_or(ServiceError::NotFound)
}

fn refused(vi: &str, en: &str) -> ServiceError {
    ServiceError::invalid("action", Text::new(vi, en))
}

fn refusal(why: MatchRefusal) -> ServiceError {
    match why {
        MatchRefusal::Kind => refused(
            "Khoản này không ghép được vào hồ sơ; hãy đánh dấu hoàn tiền (hoặc chấp nhận muộn nếu đến sau hạn)",
            "This credit cannot be matched to a dossier; mark it for refund (or accept it as late)",
        ),
        MatchRefusal::Account => refused(
            "Tiền được chuyển vào tài khoản khác tài khoản thu của cơ quan giải quyết hồ sơ này; không ghép được",
            "The money reached another account than this dossier's agency's collection account; it cannot be matched",
        ),
        MatchRefusal::Amount => refused(
            "Số tiền chuyển khác số tiền phải nộp; không ghép được, hãy đánh dấu hoàn tiền",
            "The amount differs from what is due; it cannot be matched, mark it for refund",
        ),
    }
}

/// Resolves an open exception with a reason; audited.
///
/// # Errors
/// `NotFound` outside the caller's scope; `Invalid` without a reason, for a
/// resolution that does not fit (an amount that differs from what is due, a notice
/// already paid, accepting what is not late); `Conflict` when already resolved.
pub async fn resolve(
    s: &Services,
    me: &Staff,
    id: i64,
    resolution: &Resolution,
    reason: &str,
) -> ServiceResult<PaymentException> {
    let reason = domain::text::clean(reason);
    if reason.chars().count() < 5 {
        return Err(ServiceError::invalid(
            "reason",
            Text::new(
                "Vui lòng ghi lý do xử lý (ít nhất 5 ký tự)",
                "Please give the reason (at least 5 characters)",
            ),
        ));
    }
    let found = one(s, me, id).await?;
    if found.status != ExceptionStatus::Open {
        return Err(ServiceError::conflict(
            "Khoản này đã được xử lý",
            "This credit has already been resolved",
        ));
    }
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let mut paid_attempt = None;
    let mut subject = found.dossier_code.clone();
    match resolution {
        Resolution::Refund => {
            // The money goes back from the account that received it: that agency's
            // refund, approved by its manager (`refunds`).
            let agency: Option<(Option<i64>,)> = sqlx::query_as(
                concat!(
                    "SELECT COALESCE( \
                   (SELECT a.id FROM agencies a JOIN bank_notifications bn \
                    ON a.account_number = ",
                    credited!(),
                    " JOIN payment_exceptions e ON e.notification_id = bn.id \
                    WHERE e.id = $1 AND bn.provider = 'bank' AND a.account_number <> '' ORDER BY a.id LIMIT 1), \
                   (SELECT n.agency_id FROM payment_exceptions e JOIN payment_attempts pa ON pa.id = e.attempt_id \
                    JOIN fee_notices n ON n.id = pa.notice_id WHERE e.id = $1)) AS agency_id"
                ),
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(agency_id) = agency.and_then(|(a,)| a) else {
                return Err(refused(
                    "Không xác định được cơ quan nhận khoản tiền này để hoàn",
                    "Cannot tell which agency received this money to refund it",
                ));
            };
            super::refunds::insert(
                &mut tx,
                super::refunds::Subject::Exception(id),
                agency_id,
                found.amount_vnd,
                &reason,
                me,
                now,
            )
            .await?;
        }
        Resolution::AcceptLate => {
            if found.kind != ExceptionKind::Late {
                return Err(refused(
                    "Chỉ chấp nhận muộn được khoản thanh toán đến sau khi mã QR hết hạn",
                    "Only a payment that arrived after its QR expired can be accepted as late",
                ));
            }
            let (notice_id, notice_status, dossier_id, dossier_status, reference, provider): (
                i64,
                String,
                i64,
                String,
                String,
                String,
            ) = sqlx::query_as(
                "SELECT n.id, n.status, d.id, d.status, pa.reference, pa.provider FROM payment_exceptions e \
                 JOIN payment_attempts pa ON pa.id = e.attempt_id JOIN fee_notices n ON n.id = pa.notice_id \
                 JOIN dossiers d ON d.id = n.dossier_id WHERE e.id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if NoticeStatus::parse(&notice_status) != Some(NoticeStatus::Unpaid) {
                return Err(refused(
                    "Thông báo phí này đã được thanh toán; hãy đánh dấu hoàn tiền",
                    "This notice is already paid; mark the credit for refund",
                ));
            }
            let provider = Provider::parse(&provider)
                .ok_or_else(|| anyhow::anyhow!("unknown provider {provider}"))?;
            // Its own record: the late attempt stays expired.
            let attempt_id = settle::record_from_exception(
                &mut tx,
                notice_id,
                provider,
                &format!("{reference}-L"),
                found.amount_vnd,
                id,
                now,
            )
            .await?;
            let settled = Settled {
                notice_id,
                dossier_id,
                dossier_status: &dossier_status,
                provider,
            };
            settle::settle(s, &mut tx, &settled, attempt_id, now).await?;
            paid_attempt = Some(attempt_id);
        }
        Resolution::Match { dossier_code } => {
            if !found.kind.matchable() {
                return Err(refusal(MatchRefusal::Kind));
            }
            let dossier = dossiers::get(s, &Who::Staff(me.clone()), Key::Code(dossier_code))
                .await
                .map_err(|e| match e {
                    ServiceError::NotFound => ServiceError::invalid(
                        "code",
                        Text::new(
                            "Không tìm thấy hồ sơ mã này trong cơ quan của bạn",
                            "No dossier with this code in your agency",
                        ),
                    ),
                    other => other,
                })?;
            let notice = super::notice_for(s, dossier.id)
                .await?
                .filter(|n| n.status == NoticeStatus::Unpaid)
                .ok_or_else(|| {
                    refused(
                        "Hồ sơ này không có thông báo phí chưa thanh toán",
                        "This dossier has no unpaid fee notice",
                    )
                })?;
            let (provider, collection_account): (String, String) = sqlx::query_as(
                "SELECT bn.provider, a.account_number FROM payment_exceptions e \
                 JOIN bank_notifications bn ON bn.id = e.notification_id \
                 JOIN fee_notices n ON n.id = $2 JOIN agencies a ON a.id = n.agency_id WHERE e.id = $1",
            )
            .bind(id)
            .bind(notice.id)
            .fetch_one(&mut *tx)
            .await?;
            let credit = Credit {
                amount_vnd: found.amount_vnd,
                // A bank names the account credited; a gateway does not.
                account: (provider == <super::notifications::VietQrBank as Gateway>::CHANNEL)
                    .then_some(found.account_number.as_str()),
                moved: true,
            };
            manual_match(found.kind, &credit, notice.amount_vnd, &collection_account)
                .map_err(refusal)?;
            // A bank transfer recorded by staff: paid, but not by the dynamic QR.
            let attempt_id = settle::record_from_exception(
                &mut tx,
                notice.id,
                Provider::BankTransfer,
                &format!("NH{id}"),
                notice.amount_vnd,
                id,
                now,
            )
            .await?;
            // The dossier as this transaction sees it (the read above went through the
            // pool, which does not see writes not yet committed).
            let (dossier_status,): (String,) =
                sqlx::query_as("SELECT status FROM dossiers WHERE id = $1")
                    .bind(dossier.id)
                    .fetch_one(&mut *tx)
                    .await?;
            let settled = Settled {
                notice_id: notice.id,
                dossier_id: dossier.id,
                dossier_status: &dossier_status,
                provider: Provider::BankTransfer,
            };
            settle::settle(s, &mut tx, &settled, attempt_id, now).await?;
            paid_attempt = Some(attempt_id);
            subject = dossier.summary.code.clone();
        }
    }
    let done = sqlx::query(
        "UPDATE payment_exceptions SET status = 'resolved', resolution = $1, reason = $2, resolved_by = $3, \
         resolved_at = $4 WHERE id = $5 AND status = 'open'",
    )
    .bind(resolution.label())
    .bind(&reason)
    .bind(me.id)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(ServiceError::conflict(
            "Khoản này vừa được người khác xử lý",
            "Someone else just resolved this credit",
        ));
    }
    audit::record(
        &mut tx,
        now,
        Actor::Staff(me.id),
        &format!("payment_exception.{}", resolution.label()),
        &format!("payment_exception:{id}"),
        &format!(
            "{} {reason}",
            subject.map(|c| format!("dossier:{c}")).unwrap_or_default()
        ),
    )
    .await?;
    tx.commit().await?;
    if let Some(a) = paid_attempt {
        s.payment_events.notify(a);
    }
    one(s, me, id).await
}
