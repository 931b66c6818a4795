//! Fee notices: what is due for a dossier, line by line, fixed when it is issued.

use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::Vnd;
use domain::fees::{Charge, FeeBreakdown};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

/// One line of a notice as issued: `quantity × unit price = amount`, as priced by
/// [`domain::fees::compute`]. Notices issued before quantities were kept read as one
/// unit at their amount.
pub type NoticeLine = Charge;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeNotice {
    pub id: i64,
    pub dossier_id: i64,
    pub amount_vnd: Vnd,
    pub status: domain::payment::NoticeStatus,
    pub created_at: i64,
    pub paid_at: Option<i64>,
    pub lines: Vec<NoticeLine>,
}

/// Issues the notice of a dossier in the caller's transaction, with the lines and total
/// priced by [`domain::fees::compute`]; `replaces` is the notice it supersedes.
///
/// # Errors
/// Database errors; `Unexpected` for a breakdown with nothing to pay.
pub async fn create_notice(
    conn: &mut AnyConnection,
    dossier_id: i64,
    agency_id: i64,
    fee: &FeeBreakdown,
    now: i64,
    replaces: Option<i64>,
) -> ServiceResult<i64> {
    if fee.total_vnd == Vnd::ZERO {
        return Err(anyhow::anyhow!("a notice of dossier {dossier_id} with nothing to pay").into());
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO fee_notices (dossier_id, agency_id, amount_vnd, status, created_at, replaces_notice_id) \
         VALUES ($1, $2, $3, 'unpaid', $4, $5) RETURNING id",
    )
    .bind(dossier_id)
    .bind(agency_id)
    .bind(fee.total_vnd.get())
    .bind(now)
    .bind(replaces)
    .fetch_one(&mut *conn)
    .await?;
    for (i, line) in fee.lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO fee_notice_lines (notice_id, position, name, name_en, quantity, unit, \
             unit_price_vnd, amount_vnd, legal_basis, note, note_en) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(id)
        .bind(i64::try_from(i).unwrap_or(0))
        .bind(&line.name)
        .bind(&line.name_en)
        .bind(line.quantity)
        .bind(&line.unit)
        .bind(line.unit_price_vnd.get())
        .bind(line.amount_vnd.get())
        .bind(&line.legal_basis)
        .bind(line.note.as_ref().map(|n| n.vi.clone()).unwrap_or_default())
        .bind(line.note.as_ref().map(|n| n.en.clone()).unwrap_or_default())
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct LineRow {
    name: String,
    name_en: String,
    quantity: i64,
    unit: String,
    #[sqlx(try_from = "crate::amounts::StoredAmount")]
    unit_price_vnd: Option<Vnd>,
    #[sqlx(try_from = "i64")]
    amount_vnd: Vnd,
    legal_basis: String,
    note: String,
    note_en: String,
}

/// The lines of a notice, in order.
///
/// # Errors
/// Database errors.
pub async fn notice_lines(
    conn: &mut AnyConnection,
    notice_id: i64,
) -> ServiceResult<Vec<NoticeLine>> {
    let rows: Vec<LineRow> = sqlx::query_as(
        "SELECT name, name_en, quantity, unit, unit_price_vnd, amount_vnd, legal_basis, note, note_en \
         FROM fee_notice_lines WHERE notice_id = $1 ORDER BY position",
    )
    .bind(notice_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| NoticeLine {
            unit_price_vnd: r.unit_price_vnd.unwrap_or(r.amount_vnd),
            name: r.name,
            name_en: r.name_en,
            quantity: r.quantity,
            unit: r.unit,
            amount_vnd: r.amount_vnd,
            legal_basis: r.legal_basis,
            note: (!r.note.is_empty()).then(|| domain::Text::new(r.note, r.note_en)),
        })
        .collect())
}

/// The notice of a dossier (by internal id), if it has one.
///
/// # Errors
/// Database errors.
pub async fn notice_for(s: &Services, dossier_id: i64) -> ServiceResult<Option<FeeNotice>> {
    let row: Option<(i64, i64, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, amount_vnd, status, created_at, paid_at FROM fee_notices \
         WHERE dossier_id = $1 AND status <> 'cancelled' ORDER BY id DESC LIMIT 1",
    )
    .bind(dossier_id)
    .fetch_optional(&s.db.pool)
    .await?;
    let Some((id, amount_vnd, status, created_at, paid_at)) = row else {
        return Ok(None);
    };
    let mut conn = s.db.pool.acquire().await?;
    let lines = notice_lines(&mut conn, id).await?;
    if lines.is_empty() {
        return Err(ServiceError::Unexpected(anyhow::anyhow!(
            "notice {id} has no lines"
        )));
    }
    let status = domain::payment::NoticeStatus::parse(&status)
        .ok_or_else(|| anyhow::anyhow!("notice {id}: unknown status {status}"))?;
    Ok(Some(FeeNotice {
        id,
        dossier_id,
        amount_vnd: Vnd::stored(amount_vnd),
        status,
        created_at,
        paid_at,
        lines,
    }))
}
