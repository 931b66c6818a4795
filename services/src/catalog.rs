//! The procedure catalog: agencies, fields, procedures with fee lines, and search.

use crate::{ServiceError, Services, error::ServiceResult};
use anyhow::Context as _;
use domain::catalog::{Agency, Bank, Field, FormSchema, Level, Procedure};
use domain::fees::{FeeLine, in_force};
use domain::search::{SearchDoc, rank};
use std::collections::HashMap;

/// Filters of a catalog search; empty means "any".
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    pub q: String,
    pub agency: Option<String>,
    pub field: Option<String>,
    pub level: Option<Level>,
}

#[derive(sqlx::FromRow)]
struct ProcedureRow {
    id: i64,
    code: String,
    name: String,
    name_en: String,
    level: String,
    field_slug: String,
    field_name: String,
    field_name_en: String,
    agency_code: String,
    agency_name: String,
    online_payment: i64,
    processing_days: i64,
    documents: String,
    form_schema: String,
    fee_summary: String,
    fee_note: String,
    fee_categories: String,
}

#[derive(sqlx::FromRow)]
struct FeeRow {
    procedure_id: i64,
    name: String,
    name_en: String,
    #[sqlx(try_from = "i64")]
    amount_vnd: domain::Vnd,
    #[sqlx(try_from = "crate::amounts::StoredAmount")]
    online_amount_vnd: Option<domain::Vnd>,
    unit: String,
    legal_basis: String,
    valid_from: String,
    pricing: String,
}

/// A research note that says the fee is not verified against the act.
const UNSURE_MARK: &str = "[UNSURE]";

const PROCEDURE_SELECT: &str = "SELECT p.id, p.code, p.name, p.name_en, p.level, \
     f.slug AS field_slug, f.name AS field_name, f.name_en AS field_name_en, \
     a.code AS agency_code, a.name AS agency_name, p.online_payment, p.processing_days, \
     p.documents, p.form_schema, p.fee_summary, p.fee_note, p.fee_categories \
     FROM procedures p JOIN fields f ON f.id = p.field_id JOIN agencies a ON a.id = p.agency_id";

/// Procedures matching the filters, best first for the query (catalog order when empty).
///
/// # Errors
/// Database errors.
pub async fn search(s: &Services, filter: &SearchFilter) -> ServiceResult<Vec<Procedure>> {
    let sql = format!(
        "{PROCEDURE_SELECT} WHERE ($1 = '' OR a.code = $1) AND ($2 = '' OR f.slug = $2) \
         AND ($3 = '' OR p.level = $3) ORDER BY p.id"
    );
    let rows: Vec<ProcedureRow> = sqlx::query_as(&sql)
        .bind(filter.agency.clone().unwrap_or_default())
        .bind(filter.field.clone().unwrap_or_default())
        .bind(filter.level.map(Level::as_str).unwrap_or_default())
        .fetch_all(&s.db.pool)
        .await?;
    let docs: Vec<SearchDoc<'_>> = rows
        .iter()
        .map(|r| SearchDoc {
            code: &r.code,
            name_vi: &r.name,
            name_en: &r.name_en,
            field: &r.field_name,
        })
        .collect();
    let order: Vec<usize> = rank(&filter.q, &docs)
        .into_iter()
        .map(|h| h.index)
        .collect();
    let mut fees = fee_lines(s, None).await?;
    let today = s.today();
    let mut rows: Vec<Option<ProcedureRow>> = rows.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| rows[i].take())
        .map(|row| {
            let lines = fees.remove(&row.id).unwrap_or_default();
            to_procedure(row, &lines, today)
        })
        .collect()
}

/// One procedure by its code.
///
/// # Errors
/// `NotFound` for an unknown code.
pub async fn get(s: &Services, code: &str) -> ServiceResult<Procedure> {
    let sql = format!("{PROCEDURE_SELECT} WHERE p.code = $1");
    let row: ProcedureRow = sqlx::query_as(&sql)
        .bind(code.trim().to_ascii_uppercase())
        .fetch_optional(&s.db.pool)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let lines = fee_lines(s, Some(row.id))
        .await?
        .remove(&row.id)
        .unwrap_or_default();
    to_procedure(row, &lines, s.today())
}

/// Every fee line of a procedure, in force or not (a notice reissued later is priced
/// with the lines of its original day).
///
/// # Errors
/// Database errors or a malformed stored line.
pub async fn fee_schedule(s: &Services, procedure_id: i64) -> ServiceResult<Vec<FeeLine>> {
    Ok(fee_lines(s, Some(procedure_id))
        .await?
        .remove(&procedure_id)
        .unwrap_or_default())
}

async fn fee_lines(s: &Services, only: Option<i64>) -> ServiceResult<HashMap<i64, Vec<FeeLine>>> {
    let rows: Vec<FeeRow> = sqlx::query_as(
        "SELECT procedure_id, name, name_en, amount_vnd, online_amount_vnd, unit, legal_basis, valid_from, \
         pricing FROM fee_lines WHERE ($1 = 0 OR procedure_id = $1) ORDER BY procedure_id, position",
    )
    .bind(only.unwrap_or(0))
    .fetch_all(&s.db.pool)
    .await?;
    let mut map: HashMap<i64, Vec<FeeLine>> = HashMap::new();
    for r in rows {
        let valid_from = domain::Date::parse(&r.valid_from)
            .map_err(|e| anyhow::anyhow!("fee line valid_from {:?}: {e}", r.valid_from))?;
        let pricing = serde_json::from_str(&r.pricing)
            .with_context(|| format!("fee line pricing {:?}", r.pricing))?;
        map.entry(r.procedure_id).or_default().push(FeeLine {
            name: r.name,
            name_en: r.name_en,
            amount_vnd: r.amount_vnd,
            online_amount_vnd: r.online_amount_vnd,
            unit: r.unit,
            legal_basis: r.legal_basis,
            valid_from,
            pricing,
        });
    }
    Ok(map)
}

fn to_procedure(
    row: ProcedureRow,
    lines: &[FeeLine],
    today: domain::Date,
) -> ServiceResult<Procedure> {
    let level =
        Level::parse(&row.level).ok_or_else(|| anyhow::anyhow!("bad level {:?}", row.level))?;
    let documents: Vec<String> =
        serde_json::from_str(&row.documents).context("procedure documents are not a JSON list")?;
    let form: FormSchema =
        serde_json::from_str(&row.form_schema).context("procedure form schema is not valid")?;
    let fee_categories = serde_json::from_str(&row.fee_categories)
        .context("procedure fee categories are not valid")?;
    Ok(Procedure {
        code: row.code,
        name: row.name,
        name_en: row.name_en,
        level,
        field: Field {
            slug: row.field_slug,
            name: row.field_name,
            name_en: row.field_name_en,
        },
        agency_code: row.agency_code,
        agency_name: row.agency_name,
        fees: in_force(lines, today),
        fee_summary: row.fee_summary,
        fee_categories,
        fee_unsure: row.fee_note.contains(UNSURE_MARK).then_some(row.fee_note),
        online_payment: row.online_payment != 0,
        documents,
        processing_days: row.processing_days,
        form,
    })
}

#[derive(sqlx::FromRow)]
struct AgencyRow {
    code: String,
    name: String,
    name_en: String,
    level: String,
    parent_code: Option<String>,
    bank_bin: Option<String>,
    bank_name: Option<String>,
    account_number: String,
    account_name: String,
}

/// All agencies, provincial first.
///
/// # Errors
/// Database errors.
pub async fn agencies(s: &Services) -> ServiceResult<Vec<Agency>> {
    let rows: Vec<AgencyRow> = sqlx::query_as(
        "SELECT a.code, a.name, a.name_en, a.level, a.parent_code, a.bank_bin, \
         b.short_name AS bank_name, a.account_number, a.account_name \
         FROM agencies a LEFT JOIN banks b ON b.bin = a.bank_bin ORDER BY a.level, a.code",
    )
    .fetch_all(&s.db.pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Agency {
                level: Level::parse(&r.level)
                    .ok_or_else(|| anyhow::anyhow!("bad level {:?}", r.level))?,
                code: r.code,
                name: r.name,
                name_en: r.name_en,
                parent_code: r.parent_code,
                bank_bin: r.bank_bin,
                bank_name: r.bank_name,
                account_number: r.account_number,
                account_name: r.account_name,
            })
        })
        .collect()
}

/// All fields, by name.
///
/// # Errors
/// Database errors.
pub async fn fields(s: &Services) -> ServiceResult<Vec<Field>> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT slug, name, name_en FROM fields ORDER BY name")
            .fetch_all(&s.db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, name, name_en)| Field {
            slug,
            name,
            name_en,
        })
        .collect())
}

/// The bank BIN table.
///
/// # Errors
/// Database errors.
pub async fn banks(s: &Services) -> ServiceResult<Vec<Bank>> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT bin, short_name, code, swift, legal_name FROM banks ORDER BY short_name",
    )
    .fetch_all(&s.db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(bin, short_name, code, swift, legal_name)| Bank {
            bin,
            short_name,
            code,
            swift,
            legal_name,
        })
        .collect())
}
