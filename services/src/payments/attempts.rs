//! Payment attempts: one live dynamic QR per notice at a time, all attempts kept.

use super::transitions::{self, Pending};
use crate::dossiers::{self, Key, Who};
use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::Text;
use domain::Vnd;
use domain::payment::{PaymentStatus, Provider, reference};
use rand::Rng as _;
use serde::{Deserialize, Serialize};

/// One try at paying a notice, with everything the payment page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub id: i64,
    pub notice_id: i64,
    pub dossier_code: String,
    pub reference: String,
    pub amount_vnd: Vnd,
    pub status: PaymentStatus,
    pub qr_payload: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub agency_name: String,
    pub bank_bin: String,
    pub bank_name: String,
    pub account_number: String,
    pub account_name: String,
    pub provider: Provider,
    /// The gateway page to pay at (VNPAY); empty for a QR.
    pub pay_url: String,
}

#[derive(sqlx::FromRow)]
pub(super) struct AttemptRow {
    id: i64,
    notice_id: i64,
    dossier_id: i64,
    dossier_code: Option<String>,
    reference: String,
    #[sqlx(try_from = "i64")]
    amount_vnd: Vnd,
    status: String,
    qr_payload: String,
    created_at: i64,
    expires_at: i64,
    agency_name: String,
    bank_bin: Option<String>,
    bank_name: Option<String>,
    account_number: String,
    account_name: String,
    #[sqlx(try_from = "String")]
    provider: Provider,
    pay_url: String,
}

pub(super) const ATTEMPT_SELECT: &str = "SELECT pa.id, pa.notice_id, n.dossier_id, d.code AS dossier_code, \
     pa.reference, pa.amount_vnd, pa.status, pa.qr_payload, pa.created_at, pa.expires_at, \
     a.name AS agency_name, a.bank_bin, b.short_name AS bank_name, a.account_number, a.account_name, \
     pa.provider, pa.pay_url FROM payment_attempts pa JOIN fee_notices n ON n.id = pa.notice_id \
     JOIN dossiers d ON d.id = n.dossier_id JOIN agencies a ON a.id = n.agency_id \
     LEFT JOIN banks b ON b.bin = a.bank_bin";

impl AttemptRow {
    pub(super) fn into_attempt(self, now: i64) -> ServiceResult<Attempt> {
        let mut status = PaymentStatus::parse(&self.status)
            .ok_or_else(|| anyhow::anyhow!("unknown payment status {}", self.status))?;
        // A pending attempt past its deadline reads as expired even before it is stored so.
        if status == PaymentStatus::Pending && now >= self.expires_at {
            status = PaymentStatus::Expired;
        }
        Ok(Attempt {
            id: self.id,
            notice_id: self.notice_id,
            dossier_code: self.dossier_code.unwrap_or_default(),
            reference: self.reference,
            amount_vnd: self.amount_vnd,
            status,
            qr_payload: self.qr_payload,
            created_at: self.created_at,
            expires_at: self.expires_at,
            agency_name: self.agency_name,
            bank_bin: self.bank_bin.unwrap_or_default(),
            bank_name: self.bank_name.unwrap_or_default(),
            account_number: self.account_number,
            account_name: self.account_name,
            provider: self.provider,
            pay_url: self.pay_url,
        })
    }
}

/// Starts paying the dossier's notice by dynamic VietQR: the live QR if there is one,
/// otherwise a new one valid for the configured time. Returns the attempt and whether
/// it is new.
///
/// # Errors
/// As [`super::gateway::start`]; `Conflict` when the agency has no collection account.
pub async fn start_attempt(s: &Services, who: &Who, code: &str) -> ServiceResult<(Attempt, bool)> {
    let bank = super::notifications::VietQrBank::new(s.bank_webhook_secret.clone());
    super::gateway::start(s, &bank, who, code, "", false).await
}

/// Marks the notice's overdue attempts expired and returns its live attempt of
/// `provider`, if any (one live attempt per notice and provider, enforced by the
/// database's `payment_attempts_one_live` index).
pub(super) async fn live_attempt(
    tx: &mut sqlx::AnyConnection,
    notice_id: i64,
    provider: Provider,
    now: i64,
) -> ServiceResult<Option<AttemptRow>> {
    transitions::pending_of_notice(tx, notice_id, Pending::Overdue, now).await?;
    live_row(tx, notice_id, provider).await
}

async fn live_row(
    tx: &mut sqlx::AnyConnection,
    notice_id: i64,
    provider: Provider,
) -> ServiceResult<Option<AttemptRow>> {
    Ok(sqlx::query_as(&format!(
        "{ATTEMPT_SELECT} WHERE pa.notice_id = $1 AND pa.status = 'pending' AND pa.provider = $2"
    ))
    .bind(notice_id)
    .bind(provider.as_str())
    .fetch_optional(&mut *tx)
    .await?)
}

/// A pending attempt about to be created.
pub(super) struct NewAttempt {
    pub notice_id: i64,
    pub amount_vnd: Vnd,
    pub provider: Provider,
    pub now: i64,
    pub expires_at: i64,
}

/// Creates a pending attempt under a fresh unique reference; `payload` gives the
/// provider's QR payload and payment URL for a reference. Returns the attempt and
/// whether it is new: when another request created the notice's live attempt of this
/// provider first (the database allows one), that one is returned.
pub(super) async fn insert_attempt(
    s: &Services,
    tx: &mut sqlx::AnyConnection,
    new: &NewAttempt,
    payload: impl Fn(&str) -> ServiceResult<super::gateway::Shown>,
) -> ServiceResult<(Attempt, bool)> {
    for _ in 0..5 {
        let r = {
            let mut rng = rand::thread_rng();
            reference(s.today(), || {
                rng.gen_range(0..domain::payment::REFERENCE_ALPHABET.len())
            })
        };
        let super::gateway::Shown {
            qr_payload,
            pay_url,
        } = payload(&r)?;
        // Either unique index may refuse the row: the reference (drawn again) or the
        // one live attempt per notice and provider (another request won the race; on
        // PostgreSQL this waits for it to commit, and the next statement sees its row).
        let inserted: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO payment_attempts (notice_id, reference, amount_vnd, status, provider, qr_payload, \
             pay_url, created_at, expires_at, updated_at) VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $7) \
             ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(new.notice_id)
        .bind(&r)
        .bind(new.amount_vnd.get())
        .bind(new.provider.as_str())
        .bind(&qr_payload)
        .bind(&pay_url)
        .bind(new.now)
        .bind(new.expires_at)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((id,)) = inserted {
            let row: AttemptRow = sqlx::query_as(&format!("{ATTEMPT_SELECT} WHERE pa.id = $1"))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            return Ok((row.into_attempt(new.now)?, true));
        }
        if let Some(row) = live_row(tx, new.notice_id, new.provider).await? {
            return Ok((row.into_attempt(new.now)?, false));
        }
    }
    Err(anyhow::anyhow!("no free payment reference after 5 tries").into())
}

/// The unpaid notice of a dossier `who` may pay.
///
/// # Errors
/// `NotFound` for someone else's dossier; `Invalid` when nothing is due; `Conflict`
/// when the notice is paid already.
pub(super) async fn due_notice(
    s: &Services,
    who: &Who,
    code: &str,
) -> ServiceResult<super::FeeNotice> {
    let dossier = dossiers::get(s, who, Key::Code(code)).await?;
    if dossier
        .fee_claim
        .as_ref()
        .is_some_and(|c| !domain::fees::ReductionStatus::payable(Some(c.status)))
    {
        return Err(ServiceError::conflict(
            "Cán bộ đang kiểm tra giấy tờ chứng minh đối tượng được giảm phí. Bạn sẽ nhận tin nhắn khi có thể thanh toán.",
            "An officer is checking the proof of your fee reduction. You will get a text message when you can pay.",
        ));
    }
    let notice = super::notice_for(s, dossier.id).await?.ok_or_else(|| {
        ServiceError::invalid_input(Text::new(
            "Hồ sơ này không phải nộp phí, lệ phí",
            "No fee is due for this dossier",
        ))
    })?;
    if notice.status == domain::payment::NoticeStatus::Paid {
        return Err(ServiceError::conflict(
            "Phí, lệ phí của hồ sơ này đã được thanh toán",
            "The fee of this dossier has already been paid",
        ));
    }
    Ok(notice)
}

/// One attempt, for the dossier's owner or its agency's staff.
///
/// # Errors
/// `NotFound` for anyone else.
pub async fn get_attempt(s: &Services, who: &Who, id: i64) -> ServiceResult<Attempt> {
    let row: AttemptRow = sqlx::query_as(&format!("{ATTEMPT_SELECT} WHERE pa.id = $1"))
        .bind(id)
        .fetch_optional(&s.db.pool)
        .await?
        .ok_or(ServiceError::NotFound)?;
    dossiers::get(s, who, Key::Id(row.dossier_id)).await?;
    row.into_attempt(s.now())
}

/// Every attempt of a dossier's notices, newest first, with its outcome.
///
/// # Errors
/// `NotFound` for someone else's dossier.
pub async fn attempts_for(s: &Services, who: &Who, code: &str) -> ServiceResult<Vec<Attempt>> {
    let dossier = dossiers::get(s, who, Key::Code(code)).await?;
    let rows: Vec<AttemptRow> = sqlx::query_as(&format!(
        "{ATTEMPT_SELECT} WHERE n.dossier_id = $1 ORDER BY pa.id DESC"
    ))
    .bind(dossier.id)
    .fetch_all(&s.db.pool)
    .await?;
    let now = s.now();
    rows.into_iter().map(|r| r.into_attempt(now)).collect()
}
