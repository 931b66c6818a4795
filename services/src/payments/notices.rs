//! Fee notices: what is due for a dossier, line by line, fixed when it is issued.

use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::fees::FeeLine;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeLine {
    pub name: String,
    pub amount_vnd: i64,
    pub unit: String,
    pub legal_basis: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeNotice {
    pub id: i64,
    pub dossier_id: i64,
    pub amount_vnd: i64,
    /// `unpaid`, `paid` or `cancelled`.
    pub status: String,
    pub created_at: i64,
    pub paid_at: Option<i64>,
    pub lines: Vec<NoticeLine>,
}

/// Issues the notice of a dossier in the caller's transaction, from the fee lines in
/// force (the online rate where set and the dossier was filed online).
///
/// # Errors
/// Database errors.
pub async fn create_notice(
    conn: &mut AnyConnection,
    dossier_id: i64,
    agency_id: i64,
    lines: &[FeeLine],
    online: bool,
    now: i64,
) -> ServiceResult<i64> {
    let total = domain::fees::amount_due(lines, online);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO fee_notices (dossier_id, agency_id, amount_vnd, status, created_at) \
         VALUES ($1, $2, $3, 'unpaid', $4) RETURNING id",
    )
    .bind(dossier_id)
    .bind(agency_id)
    .bind(total)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    for (i, line) in lines.iter().enumerate() {
        let amount = match (online, line.online_amount_vnd) {
            (true, Some(rate)) => rate,
            _ => line.amount_vnd,
        };
        sqlx::query(
            "INSERT INTO fee_notice_lines (notice_id, position, name, amount_vnd, unit, legal_basis) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(i64::try_from(i).unwrap_or(0))
        .bind(&line.name)
        .bind(amount)
        .bind(&line.unit)
        .bind(&line.legal_basis)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
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
    let lines: Vec<(String, i64, String, String)> = sqlx::query_as(
        "SELECT name, amount_vnd, unit, legal_basis FROM fee_notice_lines WHERE notice_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&s.db.pool)
    .await?;
    if lines.is_empty() {
        return Err(ServiceError::Unexpected(anyhow::anyhow!(
            "notice {id} has no lines"
        )));
    }
    Ok(Some(FeeNotice {
        id,
        dossier_id,
        amount_vnd,
        status,
        created_at,
        paid_at,
        lines: lines
            .into_iter()
            .map(|(name, amount_vnd, unit, legal_basis)| NoticeLine {
                name,
                amount_vnd,
                unit,
                legal_basis,
            })
            .collect(),
    }))
}
