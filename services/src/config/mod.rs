//! Configuration by staff: each agency's collection account, receipt series and target
//! (admins), and each procedure's online payment and fee lines (the agency's managers,
//! or admins). Every change is audited with what it was and what it became, so the
//! audit log is the history of the configuration.

use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::staff::Staff;
use crate::{ServiceError, Services};
use domain::Text;
use domain::Vnd;
use serde::{Deserialize, Serialize};

mod fees;
mod procedures;
pub use fees::{add_fee_line, parse_line, preview_fee_line, set_fee_categories};
pub use procedures::{procedures, set_online_payment};

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
    pub name_en: String,
    #[sqlx(try_from = "i64")]
    pub amount_vnd: Vnd,
    #[sqlx(try_from = "crate::amounts::StoredAmount")]
    pub online_amount_vnd: Option<Vnd>,
    pub unit: String,
    pub legal_basis: String,
    pub valid_from: String,
    /// [`domain::fees::Pricing`] as stored (JSON).
    pub pricing: String,
}

impl FeeLineSettings {
    /// The line as the pricing function reads it.
    ///
    /// # Errors
    /// A malformed stored date or pricing.
    pub fn fee_line(&self) -> ServiceResult<domain::fees::FeeLine> {
        Ok(domain::fees::FeeLine {
            name: self.name.clone(),
            name_en: self.name_en.clone(),
            amount_vnd: self.amount_vnd,
            online_amount_vnd: self.online_amount_vnd,
            unit: self.unit.clone(),
            legal_basis: self.legal_basis.clone(),
            valid_from: domain::Date::parse(&self.valid_from)
                .map_err(|e| anyhow::anyhow!("fee line {} valid_from: {e}", self.id))?,
            pricing: serde_json::from_str(&self.pricing)
                .map_err(|e| anyhow::anyhow!("fee line {} pricing: {e}", self.id))?,
        })
    }
}

/// A procedure's payment settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureSettings {
    pub code: String,
    pub name: String,
    pub agency_code: String,
    pub online_payment: bool,
    pub fee_lines: Vec<FeeLineSettings>,
    /// The dossier form (its number fields are what a fee can count).
    pub form: domain::catalog::FormSchema,
    pub fee_categories: Vec<domain::fees::PayerCategory>,
}

/// A new fee line, as typed on the configuration screen (see
/// [`domain::fees::text`] for the tiers and reductions).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct FeeLineInput {
    pub name: String,
    pub name_en: String,
    pub amount_vnd: String,
    pub online_amount_vnd: String,
    pub online_percent: String,
    pub unit: String,
    pub legal_basis: String,
    pub valid_from: String,
    /// A number field of the form, or empty: once per request.
    pub count_field: String,
    /// `3: 1.000; 10: 500`.
    pub tiers: String,
    pub cap_vnd: String,
    /// Another number field that repeats the line (copies), or empty.
    pub per_field: String,
    pub per_unit: String,
    /// `sinh_vien: 100.000; ho_ngheo: 0%`.
    pub reductions: String,
}

pub(super) fn invalid(field: &'static str, vi: &str, en: &str) -> ServiceError {
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
    .bind(me.agency_scope()?)
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
    crate::staff::StaffGuard::Admin.require(me)?;
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
