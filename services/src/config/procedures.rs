//! Procedures' payment settings: online payment and fee lines (the agency's managers,
//! or admins); audited.

use super::{FeeLineSettings, ProcedureSettings};
use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::staff::Staff;
use crate::{ServiceError, Services};

/// Procedures `me` may configure (managers: their agency; admins: all), with their
/// fee lines, newest first within each.
///
/// # Errors
/// `Forbidden` for officers.
pub async fn procedures(s: &Services, me: &Staff) -> ServiceResult<Vec<ProcedureSettings>> {
    crate::staff::StaffGuard::Supervisor.require(me)?;
    let rows: Vec<ProcedureRow> = sqlx::query_as(
        "SELECT p.id, p.code, p.name, a.code AS agency_code, p.online_payment, p.form_schema, p.fee_categories \
         FROM procedures p \
         JOIN agencies a ON a.id = p.agency_id WHERE ($1 = '' OR a.code = $1) ORDER BY a.code, p.code",
    )
    .bind(me.agency_scope()?)
    .fetch_all(&s.db.pool)
    .await?;
    // Every fee line in one query, grouped by procedure.
    let lines: Vec<(i64, FeeLineSettings)> = sqlx::query_as::<_, FeeLineRow>(
        "SELECT procedure_id, id, name, name_en, amount_vnd, online_amount_vnd, unit, legal_basis, valid_from, pricing \
         FROM fee_lines ORDER BY procedure_id, valid_from DESC, position",
    )
    .fetch_all(&s.db.pool)
    .await?
    .into_iter()
    .map(|r| (r.procedure_id, r.line))
    .collect();
    let mut by_procedure: std::collections::BTreeMap<i64, Vec<FeeLineSettings>> =
        std::collections::BTreeMap::new();
    for (procedure_id, line) in lines {
        by_procedure.entry(procedure_id).or_default().push(line);
    }
    rows.into_iter()
        .map(|r| {
            Ok(ProcedureSettings {
                fee_lines: by_procedure.remove(&r.id).unwrap_or_default(),
                form: serde_json::from_str(&r.form_schema)
                    .map_err(|e| anyhow::anyhow!("procedure {} form: {e}", r.code))?,
                fee_categories: serde_json::from_str(&r.fee_categories)
                    .map_err(|e| anyhow::anyhow!("procedure {} categories: {e}", r.code))?,
                code: r.code,
                name: r.name,
                agency_code: r.agency_code,
                online_payment: r.online_payment != 0,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct ProcedureRow {
    id: i64,
    code: String,
    name: String,
    agency_code: String,
    online_payment: i64,
    form_schema: String,
    fee_categories: String,
}

#[derive(sqlx::FromRow)]
struct FeeLineRow {
    procedure_id: i64,
    #[sqlx(flatten)]
    line: FeeLineSettings,
}

pub(super) async fn procedure_for(
    s: &Services,
    me: &Staff,
    code: &str,
) -> ServiceResult<(i64, bool)> {
    crate::staff::StaffGuard::Supervisor.require(me)?;
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT p.id, p.online_payment FROM procedures p JOIN agencies a ON a.id = p.agency_id \
         WHERE p.code = $1 AND ($2 = '' OR a.code = $2)",
    )
    .bind(code)
    .bind(me.agency_scope()?)
    .fetch_optional(&s.db.pool)
    .await?;
    row.map(|(id, on)| (id, on != 0))
        .ok_or(ServiceError::NotFound)
}

/// Opens or closes a procedure to online payment; audited.
///
/// # Errors
/// `Forbidden` for officers; `NotFound` outside the manager's agency.
pub async fn set_online_payment(
    s: &Services,
    me: &Staff,
    code: &str,
    on: bool,
) -> ServiceResult<()> {
    let (id, was) = procedure_for(s, me, code).await?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    sqlx::query("UPDATE procedures SET online_payment = $1 WHERE id = $2")
        .bind(i64::from(on))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        now,
        Actor::Staff(me.id),
        "procedure.online_payment",
        &format!("procedure:{code}"),
        &format!("online_payment: {was} → {on}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
