//! Procedures' payment settings: online payment and fee lines (the agency's managers,
//! or admins); audited.

use super::{FeeLineInput, FeeLineSettings, ProcedureSettings, invalid};
use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::staff::{Role, Staff};
use crate::{ServiceError, Services};
use domain::Date;

/// Procedures `me` may configure (managers: their agency; admins: all), with their
/// fee lines, newest first within each.
///
/// # Errors
/// `Forbidden` for officers.
pub async fn procedures(s: &Services, me: &Staff) -> ServiceResult<Vec<ProcedureSettings>> {
    if me.role == Role::Officer {
        return Err(ServiceError::Forbidden);
    }
    let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT p.id, p.code, p.name, a.code, p.online_payment FROM procedures p \
         JOIN agencies a ON a.id = p.agency_id WHERE ($1 = '' OR a.code = $1) ORDER BY a.code, p.code",
    )
    .bind(me.agency_scope()?)
    .fetch_all(&s.db.pool)
    .await?;
    // Every fee line in one query, grouped by procedure.
    let lines: Vec<(i64, FeeLineSettings)> = sqlx::query_as::<_, FeeLineRow>(
        "SELECT procedure_id, id, name, amount_vnd, online_amount_vnd, unit, legal_basis, valid_from \
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
    let out = rows
        .into_iter()
        .map(|(id, code, name, agency_code, online)| ProcedureSettings {
            code,
            name,
            agency_code,
            online_payment: online != 0,
            fee_lines: by_procedure.remove(&id).unwrap_or_default(),
        })
        .collect();
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct FeeLineRow {
    procedure_id: i64,
    #[sqlx(flatten)]
    line: FeeLineSettings,
}

async fn procedure_for(s: &Services, me: &Staff, code: &str) -> ServiceResult<(i64, bool)> {
    if me.role == Role::Officer {
        return Err(ServiceError::Forbidden);
    }
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

fn amount(raw: &str, field: &'static str) -> ServiceResult<i64> {
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' '))
        .collect();
    digits
        .parse::<i64>()
        .ok()
        .filter(|v| (0..=1_000_000_000).contains(v))
        .ok_or_else(|| {
            invalid(
                field,
                "Số tiền là số đồng, từ 0 đến 1.000.000.000",
                "The amount is a number of đồng, from 0 to 1,000,000,000",
            )
        })
}

/// Adds a fee line in force from a date (a later line of the same name replaces it
/// from its own date); audited.
///
/// # Errors
/// `Forbidden` for officers; `NotFound` outside the manager's agency; `Invalid` with
/// the field for anything missing or out of range.
pub async fn add_fee_line(
    s: &Services,
    me: &Staff,
    code: &str,
    input: &FeeLineInput,
) -> ServiceResult<FeeLineSettings> {
    let (id, _) = procedure_for(s, me, code).await?;
    let name = domain::text::clean(&input.name);
    if name.is_empty() || name.chars().count() > 200 {
        return Err(invalid(
            "name",
            "Nhập tên khoản phí, lệ phí",
            "Enter the name of the fee",
        ));
    }
    let amount_vnd = amount(&input.amount_vnd, "amount_vnd")?;
    let online_amount_vnd = if input.online_amount_vnd.trim().is_empty() {
        None
    } else {
        Some(amount(&input.online_amount_vnd, "online_amount_vnd")?)
    };
    if online_amount_vnd.is_some_and(|o| o > amount_vnd) {
        return Err(invalid(
            "online_amount_vnd",
            "Mức thu trực tuyến không được cao hơn mức thu thông thường",
            "The online rate cannot be higher than the normal rate",
        ));
    }
    let unit = domain::text::clean(&input.unit);
    let legal_basis = domain::text::clean(&input.legal_basis);
    if unit.is_empty() {
        return Err(invalid(
            "unit",
            "Nhập đơn vị tính (ví dụ: lần, bản)",
            "Enter the unit (for example: per request)",
        ));
    }
    if legal_basis.is_empty() {
        return Err(invalid(
            "legal_basis",
            "Nhập căn cứ pháp lý (văn bản quy định mức thu)",
            "Enter the legal basis (the act that sets the fee)",
        ));
    }
    let valid_from =
        Date::parse(&input.valid_from).map_err(|e| ServiceError::invalid("valid_from", e))?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let (position,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM fee_lines WHERE procedure_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let (line_id,): (i64,) = sqlx::query_as(
        "INSERT INTO fee_lines (procedure_id, position, name, amount_vnd, online_amount_vnd, unit, legal_basis, valid_from) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(id)
    .bind(position)
    .bind(&name)
    .bind(amount_vnd)
    .bind(online_amount_vnd)
    .bind(&unit)
    .bind(&legal_basis)
    .bind(valid_from.to_string())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        now,
        Actor::Staff(me.id),
        "procedure.fee_line_add",
        &format!("procedure:{code}"),
        &format!(
            "{name}: {amount_vnd} đ{} từ {valid_from} ({legal_basis})",
            online_amount_vnd
                .map(|o| format!(", trực tuyến {o} đ"))
                .unwrap_or_default()
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(FeeLineSettings {
        id: line_id,
        name,
        amount_vnd,
        online_amount_vnd,
        unit,
        legal_basis,
        valid_from: valid_from.to_string(),
    })
}
