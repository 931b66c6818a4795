//! An officer decides a fee reduction claimed for a category of payer: accept it, or
//! refuse it with a reason, which cancels the notice before it is paid and reissues it
//! at the full amount. The citizen is told by SMS and sees the reason on the dossier.

use super::{Dossier, Key, Who, queries, row_for};
use crate::audit::{self, Actor as AuditActor};
use crate::error::ServiceResult;
use crate::staff::Staff;
use crate::{ServiceError, Services, jobs};
use domain::dossier::Channel;
use domain::fees::{CATEGORY_INPUT, FeeRequest, ReductionStatus};
use domain::form::FormValues;
use domain::{Date, PhoneNumber, Text};

/// What the officer decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Accept,
    /// With the reason the citizen will read.
    Refuse(String),
}

/// Decides the claimed reduction of a dossier of the officer's agency.
///
/// # Errors
/// `NotFound` outside the officer's agency; `Conflict` when nothing is claimed (or it was
/// decided already) or the fee is paid; `Invalid` (field `reason`) for a refusal
/// without a reason.
pub async fn decide_reduction(
    s: &Services,
    officer: &Staff,
    code: &str,
    decision: &Decision,
) -> ServiceResult<Dossier> {
    let who = Who::Staff(officer.clone());
    let reason = match decision {
        Decision::Accept => String::new(),
        Decision::Refuse(r) => {
            let r = domain::text::clean(r);
            if r.is_empty() || r.chars().count() > 500 {
                return Err(ServiceError::invalid(
                    "reason",
                    Text::new(
                        "Nhập lý do không chấp nhận (tối đa 500 ký tự); công dân sẽ đọc lý do này",
                        "Enter why the reduction is refused (at most 500 characters); the citizen will read it",
                    ),
                ));
            }
            r
        }
    };
    // What a reissue needs, read before the write transaction holds its connection.
    let pre = {
        let mut conn = s.db.pool.acquire().await?;
        row_for(&mut conn, &who, Key::Code(code)).await?
    };
    let procedure = crate::catalog::get(s, &pre.procedure_code).await?;
    let (procedure_id,): (i64,) = sqlx::query_as("SELECT procedure_id FROM dossiers WHERE id = $1")
        .bind(pre.id)
        .fetch_one(&s.db.pool)
        .await?;
    let lines = crate::catalog::fee_schedule(s, procedure_id).await?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let row = row_for(&mut tx, &who, Key::Id(pre.id)).await?;
    let claim = row.fee_claim();
    let Some(claim) = claim.filter(|c| c.status == ReductionStatus::Claimed) else {
        return Err(ServiceError::conflict(
            "Hồ sơ này không có đề nghị giảm phí đang chờ kiểm tra",
            "This dossier has no fee reduction waiting to be checked",
        ));
    };
    let code = row.code.clone().unwrap_or_default();
    let new_status = match decision {
        Decision::Accept => ReductionStatus::Accepted,
        Decision::Refuse(_) => ReductionStatus::Refused,
    };
    let mut full_amount = None;
    if matches!(decision, Decision::Refuse(_)) {
        let schedule = Schedule {
            lines: &lines,
            categories: &procedure.fee_categories,
        };
        full_amount = Some(reissue_at_full_amount(&mut tx, &row, &schedule, now).await?);
    }
    let done = sqlx::query(
        "UPDATE dossiers SET fee_reduction = $1, fee_reduction_note = $2, updated_at = $3 \
         WHERE id = $4 AND fee_reduction = 'claimed'",
    )
    .bind(new_status.as_str())
    .bind(&reason)
    .bind(now)
    .bind(row.id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(ServiceError::conflict(
            "Đề nghị giảm phí vừa được xử lý ở cửa sổ khác",
            "The reduction was just decided in another window",
        ));
    }
    let detail = match (&full_amount, decision) {
        (Some(amount), _) => format!(
            "{}: không chấp nhận, {amount} đ. Lý do: {reason}",
            claim.category_name
        ),
        (None, _) => format!("{}: chấp nhận", claim.category_name),
    };
    audit::record(
        &mut tx,
        now,
        AuditActor::Staff(officer.id),
        &format!(
            "fee.reduction.{}",
            if full_amount.is_some() {
                "refuse"
            } else {
                "accept"
            }
        ),
        &format!("dossier:{code}"),
        &detail,
    )
    .await?;
    let (phone,): (String,) = sqlx::query_as("SELECT phone FROM citizens WHERE id = $1")
        .bind(row.citizen_id)
        .fetch_one(&mut *tx)
        .await?;
    let body = match &full_amount {
        None => format!(
            "Một Cửa: Hồ sơ {code} - đề nghị giảm phí ({}) đã được chấp nhận. Bạn có thể thanh toán phí, lệ phí.",
            claim.category_name
        ),
        Some(amount) => {
            let short: String = reason.chars().take(120).collect();
            format!(
                "Một Cửa: Hồ sơ {code} - đề nghị giảm phí không được chấp nhận: {short}. Số tiền phải nộp: {} đ.",
                domain::Vnd::try_new(*amount)
                    .unwrap_or_default()
                    .display_vi()
                    .trim_end_matches(" đ")
            )
        }
    };
    // Queued with the decision: sent after the commit, retried if sending fails.
    if let Ok(phone) = PhoneNumber::parse(&phone) {
        jobs::enqueue(&mut tx, now, &jobs::Job::sms(&phone, body)).await?;
    }
    tx.commit().await?;
    jobs::wake();
    queries::get(s, &who, Key::Code(&code)).await
}

/// A procedure's whole fee schedule.
struct Schedule<'a> {
    lines: &'a [domain::fees::FeeLine],
    categories: &'a [domain::fees::PayerCategory],
}

/// Cancels the unpaid notice (and its live QR) and issues one at the full amount,
/// priced with the lines of the day the dossier was submitted; returns that amount.
async fn reissue_at_full_amount(
    conn: &mut sqlx::AnyConnection,
    row: &super::DossierRow,
    schedule: &Schedule<'_>,
    now: i64,
) -> ServiceResult<i64> {
    let notice: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, status, agency_id FROM fee_notices WHERE dossier_id = $1 AND status <> 'cancelled' \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(row.id)
    .fetch_optional(&mut *conn)
    .await?;
    if notice.as_ref().is_some_and(|(_, status, _)| {
        domain::payment::NoticeStatus::parse(status) == Some(domain::payment::NoticeStatus::Paid)
    }) {
        return Err(ServiceError::conflict(
            "Phí của hồ sơ đã được thanh toán; không thể phát hành lại thông báo phí",
            "The fee is paid already; the notice cannot be reissued",
        ));
    }
    let (agency_id,): (i64,) = sqlx::query_as("SELECT agency_id FROM dossiers WHERE id = $1")
        .bind(row.id)
        .fetch_one(&mut *conn)
        .await?;
    let mut answers: FormValues = serde_json::from_str(&row.form_json)
        .map_err(|e| anyhow::anyhow!("dossier {} form: {e}", row.id))?;
    answers.remove(CATEGORY_INPUT);
    let channel = Channel::parse(&row.channel)
        .ok_or_else(|| anyhow::anyhow!("unknown channel {}", row.channel))?;
    let day = Date::from_unix_vn(row.submitted_at.unwrap_or(now));
    let fee = domain::fees::compute(
        schedule.lines,
        schedule.categories,
        &FeeRequest {
            answers: &answers,
            category: None,
            online: channel.national_code() == 2,
            day,
        },
    )
    .map_err(|e| anyhow::anyhow!("dossier {} cannot be priced again: {e}", row.id))?;
    let replaced = notice.map(|(id, _, _)| id);
    if let Some(id) = replaced {
        use crate::payments::transitions::{self, Pending};
        use domain::payment::NoticeStatus;
        transitions::notice(conn, id, NoticeStatus::Cancelled, None, now).await?;
        transitions::pending_of_notice(conn, id, Pending::All, now).await?;
    }
    if fee.total_vnd > domain::Vnd::ZERO {
        crate::payments::create_notice(conn, row.id, agency_id, &fee, now, replaced).await?;
    }
    sqlx::query("UPDATE dossiers SET fee_due_vnd = $1 WHERE id = $2")
        .bind(fee.total_vnd.get())
        .bind(row.id)
        .execute(&mut *conn)
        .await?;
    Ok(fee.total_vnd.get())
}
