//! Configuration by staff: each agency's collection account, receipt series and target
//! (admins), and each procedure's online payment and fee lines (the agency's managers,
//! or admins). Every change is audited with what it was and what it became, so the
//! audit log is the history of the configuration.

use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::staff::{Role, Staff};
use crate::{ServiceError, Services};
use domain::{Date, Text};
use serde::{Deserialize, Serialize};

/// An agency's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct AgencySettings {
    pub code: String,
    pub name: String,
    pub bank_bin: Option<String>,
    pub account_number: String,
    pub account_name: String,
    pub receipt_template: String,
    pub receipt_series: String,
    pub online_target_pct: i64,
}

/// What an admin changes.
#[derive(Debug, Clone, Default)]
pub struct AgencyInput {
    pub bank_bin: String,
    pub account_number: String,
    pub account_name: String,
    pub receipt_template: String,
    pub receipt_series: String,
    pub online_target_pct: String,
}

/// A bank of the NAPAS table, for the account's BIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Bank {
    pub bin: String,
    pub short_name: String,
}

/// A fee line as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct FeeLineSettings {
    pub id: i64,
    pub name: String,
    pub amount_vnd: i64,
    pub online_amount_vnd: Option<i64>,
    pub unit: String,
    pub legal_basis: String,
    pub valid_from: String,
}

/// A procedure's payment settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureSettings {
    pub code: String,
    pub name: String,
    pub agency_code: String,
    pub online_payment: bool,
    pub fee_lines: Vec<FeeLineSettings>,
}

/// A new fee line, as typed.
#[derive(Debug, Clone, Default)]
pub struct FeeLineInput {
    pub name: String,
    pub amount_vnd: String,
    pub online_amount_vnd: String,
    pub unit: String,
    pub legal_basis: String,
    pub valid_from: String,
}

fn scope(me: &Staff) -> ServiceResult<String> {
    match (me.role, me.agency_code.as_deref()) {
        (Role::Admin, _) => Ok(String::new()),
        (_, Some(code)) => Ok(code.to_owned()),
        (_, None) => Err(ServiceError::Forbidden),
    }
}

fn invalid(field: &'static str, vi: &str, en: &str) -> ServiceError {
    ServiceError::invalid(field, Text::new(vi, en))
}

/// The banks of the NAPAS table.
///
/// # Errors
/// Database errors.
pub async fn banks(s: &Services) -> ServiceResult<Vec<Bank>> {
    Ok(
        sqlx::query_as("SELECT bin, short_name FROM banks ORDER BY short_name")
            .fetch_all(&s.db.pool)
            .await?,
    )
}

/// Agencies `me` may see the settings of (admins: all; others: their own).
///
/// # Errors
/// `Forbidden` for staff without an agency who are not admins.
pub async fn agencies(s: &Services, me: &Staff) -> ServiceResult<Vec<AgencySettings>> {
    Ok(sqlx::query_as(
        "SELECT code, name, bank_bin, account_number, account_name, receipt_template, receipt_series, \
         online_target_pct FROM agencies WHERE ($1 = '' OR code = $1) ORDER BY code",
    )
    .bind(scope(me)?)
    .fetch_all(&s.db.pool)
    .await?)
}

/// Changes an agency's collection account, receipt series and target (admins only).
///
/// # Errors
/// `Forbidden` for anyone but an admin; `NotFound` for an unknown agency; `Invalid`
/// with the field for a bank not in the table, an account number that is not 6–19
/// digits, an empty account name, a receipt series not in the prescribed form or a
/// target outside 0–100.
pub async fn update_agency(
    s: &Services,
    me: &Staff,
    code: &str,
    input: &AgencyInput,
) -> ServiceResult<AgencySettings> {
    if me.role != Role::Admin {
        return Err(ServiceError::Forbidden);
    }
    let bin = input.bank_bin.trim();
    let known: Option<(String,)> = sqlx::query_as("SELECT bin FROM banks WHERE bin = $1")
        .bind(bin)
        .fetch_optional(&s.db.pool)
        .await?;
    if known.is_none() {
        return Err(invalid(
            "bank_bin",
            "Chọn một ngân hàng trong danh sách",
            "Choose a bank from the list",
        ));
    }
    let account: String = input
        .account_number
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if !(6..=19).contains(&account.len()) || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(
            "account_number",
            "Số tài khoản gồm 6 đến 19 chữ số",
            "The account number has 6 to 19 digits",
        ));
    }
    let name = domain::text::clean(&input.account_name).to_uppercase();
    if name.is_empty() || name.chars().count() > 70 {
        return Err(invalid(
            "account_name",
            "Nhập tên chủ tài khoản (tối đa 70 ký tự)",
            "Enter the account holder's name (at most 70 characters)",
        ));
    }
    let series = domain::receipt::Series::parse(&input.receipt_template, &input.receipt_series)
        .map_err(|e| ServiceError::invalid("receipt_series", e))?;
    let target: i64 = input
        .online_target_pct
        .trim()
        .trim_end_matches('%')
        .trim()
        .parse()
        .ok()
        .filter(|t| (0..=100).contains(t))
        .ok_or_else(|| {
            invalid(
                "online_target_pct",
                "Chỉ tiêu là một số từ 0 đến 100 (%)",
                "The target is a number from 0 to 100 (%)",
            )
        })?;
    let before = agencies(s, me)
        .await?
        .into_iter()
        .find(|a| a.code == code)
        .ok_or(ServiceError::NotFound)?;
    let after = AgencySettings {
        bank_bin: Some(bin.to_owned()),
        account_number: account,
        account_name: name,
        receipt_template: series.template().to_owned(),
        receipt_series: series.tail().to_owned(),
        online_target_pct: target,
        ..before.clone()
    };
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    sqlx::query(
        "UPDATE agencies SET bank_bin = $1, account_number = $2, account_name = $3, receipt_template = $4, \
         receipt_series = $5, online_target_pct = $6 WHERE code = $7",
    )
    .bind(&after.bank_bin)
    .bind(&after.account_number)
    .bind(&after.account_name)
    .bind(&after.receipt_template)
    .bind(&after.receipt_series)
    .bind(after.online_target_pct)
    .bind(code)
    .execute(&mut *tx)
    .await?;
    let changes = [
        (
            "bank_bin",
            before.bank_bin.clone().unwrap_or_default(),
            after.bank_bin.clone().unwrap_or_default(),
        ),
        (
            "account_number",
            before.account_number.clone(),
            after.account_number.clone(),
        ),
        (
            "account_name",
            before.account_name.clone(),
            after.account_name.clone(),
        ),
        (
            "receipt_series",
            format!("{}/{}", before.receipt_template, before.receipt_series),
            format!("{}/{}", after.receipt_template, after.receipt_series),
        ),
        (
            "online_target_pct",
            before.online_target_pct.to_string(),
            after.online_target_pct.to_string(),
        ),
    ]
    .into_iter()
    .filter(|(_, b, a)| b != a)
    .map(|(f, b, a)| format!("{f}: {b} → {a}"))
    .collect::<Vec<_>>()
    .join("; ");
    audit::record(
        &mut tx,
        now,
        Actor::Staff(me.id),
        "agency.update",
        &format!("agency:{code}"),
        &changes,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

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
    .bind(scope(me)?)
    .fetch_all(&s.db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, code, name, agency_code, online) in rows {
        let fee_lines = sqlx::query_as(
            "SELECT id, name, amount_vnd, online_amount_vnd, unit, legal_basis, valid_from FROM fee_lines \
             WHERE procedure_id = $1 ORDER BY valid_from DESC, position",
        )
        .bind(id)
        .fetch_all(&s.db.pool)
        .await?;
        out.push(ProcedureSettings {
            code,
            name,
            agency_code,
            online_payment: online != 0,
            fee_lines,
        });
    }
    Ok(out)
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
    .bind(scope(me)?)
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
