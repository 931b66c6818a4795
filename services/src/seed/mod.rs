//! Reference and demo data: the bank BIN table, demo agencies with collection accounts,
//! and the 50 procedures of `seed/procedures.json`. Seeding is idempotent.

use crate::Services;
use anyhow::Context as _;
use domain::catalog::FormSchema;
use forms::form_for;

mod forms;
pub mod load;
use serde::Deserialize;

const BANKS: &str = include_str!("../../seed/banks.json");
const AGENCIES: &str = include_str!("../../seed/agencies.json");
const PROCEDURES: &str = include_str!("../../seed/procedures.json");

#[derive(Deserialize)]
struct BankSeed {
    bin: String,
    short_name: String,
    code: String,
    swift: String,
    legal_name: String,
}

#[derive(Deserialize)]
struct AgencySeed {
    code: String,
    name: String,
    name_en: String,
    level: String,
    parent_code: Option<String>,
    tax_code: String,
    bank_bin: String,
    account_number: String,
    account_name: String,
    receipt_template: String,
    receipt_series: String,
}

#[derive(Deserialize)]
struct FeeSeed {
    name: String,
    #[serde(default)]
    name_en: String,
    amount_vnd: domain::Vnd,
    online_amount_vnd: Option<domain::Vnd>,
    unit: String,
    legal_basis: String,
    valid_from: String,
    #[serde(default)]
    pricing: domain::fees::Pricing,
}

#[derive(Deserialize)]
struct ProcedureSeed {
    code: String,
    national_code_verified: bool,
    name_vi: String,
    name_en: String,
    level: String,
    field_vi: String,
    field_en: String,
    agency_code: String,
    fee_lines: Vec<FeeSeed>,
    fee_summary: String,
    online_payment: bool,
    documents: Vec<String>,
    processing_days: i64,
    fee_note: String,
    source: String,
    #[serde(default)]
    fee_categories: Vec<domain::fees::PayerCategory>,
}

/// What a seeding run added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    pub banks: u64,
    pub agencies: u64,
    pub procedures: u64,
}

/// The slug of a field name: folded words joined by dashes.
#[must_use]
pub fn slug(name: &str) -> String {
    domain::text::words(name).join("-")
}

/// Inserts the bank table (reference data, needed in every deployment).
///
/// # Errors
/// Database errors or a malformed embedded file.
pub async fn seed_banks(db: &crate::Db) -> anyhow::Result<u64> {
    let banks: Vec<BankSeed> = serde_json::from_str(BANKS).context("seed/banks.json")?;
    let mut tx = db.begin_write().await?;
    let mut added = 0;
    for b in banks {
        added += sqlx::query(
            "INSERT INTO banks (bin, short_name, code, swift, legal_name) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (bin) DO NOTHING",
        )
        .bind(b.bin)
        .bind(b.short_name)
        .bind(b.code)
        .bind(b.swift)
        .bind(b.legal_name)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    tx.commit().await?;
    Ok(added)
}

/// Inserts the bank table, demo agencies and the procedure catalog.
///
/// # Errors
/// Database errors or a malformed embedded file.
pub async fn seed_demo(s: &Services) -> anyhow::Result<SeedReport> {
    let banks = seed_banks(&s.db).await?;
    let agencies: Vec<AgencySeed> = serde_json::from_str(AGENCIES).context("seed/agencies.json")?;
    let procedures: Vec<ProcedureSeed> =
        serde_json::from_str(PROCEDURES).context("seed/procedures.json")?;
    let mut report = SeedReport {
        banks,
        ..SeedReport::default()
    };
    let mut tx = s.db.begin_write().await?;
    for a in agencies {
        domain::catalog::AgencyCode::parse(&a.code)
            .with_context(|| format!("agency code {}", a.code))?;
        report.agencies += sqlx::query(
            "INSERT INTO agencies (code, name, name_en, level, parent_code, tax_code, bank_bin, \
             account_number, account_name, receipt_template, receipt_series) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (code) DO NOTHING",
        )
        .bind(a.code)
        .bind(a.name)
        .bind(a.name_en)
        .bind(a.level)
        .bind(a.parent_code)
        .bind(a.tax_code)
        .bind(a.bank_bin)
        .bind(a.account_number)
        .bind(a.account_name)
        .bind(a.receipt_template)
        .bind(a.receipt_series)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    for p in procedures {
        let field_slug = slug(&p.field_vi);
        sqlx::query("INSERT INTO fields (slug, name, name_en) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING")
            .bind(&field_slug)
            .bind(&p.field_vi)
            .bind(&p.field_en)
            .execute(&mut *tx)
            .await?;
        let schema = form_for(&p.field_vi, &p.name_vi);
        check_fees(&p, &schema)?;
        let form = serde_json::to_string(&schema)?;
        let categories = serde_json::to_string(&p.fee_categories)?;
        let documents = serde_json::to_string(&p.documents)?;
        let inserted: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO procedures (code, code_verified, name, name_en, level, field_id, agency_id, \
             online_payment, processing_days, documents, form_schema, fee_summary, fee_note, source, \
             fee_categories) \
             SELECT $1, $2, $3, $4, $5, f.id, a.id, $6, $7, $8, $9, $10, $11, $12, $15 \
             FROM fields f, agencies a WHERE f.slug = $13 AND a.code = $14 \
             ON CONFLICT (code) DO NOTHING RETURNING id",
        )
        .bind(&p.code)
        .bind(i64::from(p.national_code_verified))
        .bind(&p.name_vi)
        .bind(&p.name_en)
        .bind(&p.level)
        .bind(i64::from(p.online_payment))
        .bind(p.processing_days)
        .bind(documents)
        .bind(&form)
        .bind(&p.fee_summary)
        .bind(&p.fee_note)
        .bind(&p.source)
        .bind(&field_slug)
        .bind(&p.agency_code)
        .bind(&categories)
        .fetch_optional(&mut *tx)
        .await
        .with_context(|| format!("procedure {}", p.code))?;
        let id = match inserted {
            Some((id,)) => {
                report.procedures += 1;
                id
            }
            None => match seeded_unchanged(&mut tx, &p, &categories, &form).await? {
                // Seeded before fees had rules, never configured since: bring the
                // fee schedule, the categories and the form up to this seed.
                Some(id) => {
                    sqlx::query("DELETE FROM fee_lines WHERE procedure_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(
                        "UPDATE procedures SET fee_categories = $1, form_schema = $2 WHERE id = $3",
                    )
                    .bind(&categories)
                    .bind(&form)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    id
                }
                None => continue,
            },
        };
        for (position, fee) in p.fee_lines.iter().enumerate() {
            sqlx::query(
                "INSERT INTO fee_lines (procedure_id, position, name, name_en, amount_vnd, online_amount_vnd, \
                 unit, legal_basis, valid_from, pricing) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(id)
            .bind(i64::try_from(position)?)
            .bind(&fee.name)
            .bind(&fee.name_en)
            .bind(fee.amount_vnd.get())
            .bind(fee.online_amount_vnd.map(domain::Vnd::get))
            .bind(&fee.unit)
            .bind(&fee.legal_basis)
            .bind(&fee.valid_from)
            .bind(serde_json::to_string(&fee.pricing)?)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(report)
}

/// A stored fee line: name, English name, amount, online amount, unit, legal basis,
/// valid from, pricing.
type StoredLine = (
    String,
    String,
    i64,
    Option<i64>,
    String,
    String,
    String,
    String,
);

/// A procedure of an earlier seed that differs from this one and that no member of
/// staff has configured since (no fee line added in the audit log): its id, to bring
/// its fees, categories and form up to this seed. Fees seeded before fee rules existed
/// (the extra-record fee of 2.000488 charged on every request) are corrected this way.
async fn seeded_unchanged(
    conn: &mut sqlx::AnyConnection,
    p: &ProcedureSeed,
    categories: &str,
    form: &str,
) -> anyhow::Result<Option<i64>> {
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT p.id, p.fee_categories, p.form_schema FROM procedures p WHERE p.code = $1 \
         AND NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.action = 'procedure.fee_line_add' \
                         AND l.subject = 'procedure:' || p.code)",
    )
    .bind(&p.code)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, stored_categories, stored_form)) = row else {
        return Ok(None);
    };
    let stored: Vec<StoredLine> = sqlx::query_as(
        "SELECT name, name_en, amount_vnd, online_amount_vnd, unit, legal_basis, valid_from, pricing \
         FROM fee_lines WHERE procedure_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let seeded = p
        .fee_lines
        .iter()
        .map(|f| {
            Ok((
                f.name.clone(),
                f.name_en.clone(),
                f.amount_vnd.get(),
                f.online_amount_vnd.map(domain::Vnd::get),
                f.unit.clone(),
                f.legal_basis.clone(),
                f.valid_from.clone(),
                serde_json::to_string(&f.pricing)?,
            ))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let same = stored == seeded && stored_categories == categories && stored_form == form;
    Ok((!same).then_some(id))
}

/// Every seeded fee line must be one the configuration screen would accept.
fn check_fees(p: &ProcedureSeed, form: &FormSchema) -> anyhow::Result<()> {
    domain::fees::check_categories(&p.fee_categories)
        .map_err(|e| anyhow::anyhow!("fee categories of {}: {}", p.code, e[0].message.vi))?;
    for fee in &p.fee_lines {
        let line = domain::fees::FeeLine {
            name: fee.name.clone(),
            name_en: fee.name_en.clone(),
            amount_vnd: fee.amount_vnd,
            online_amount_vnd: fee.online_amount_vnd,
            unit: fee.unit.clone(),
            legal_basis: fee.legal_basis.clone(),
            valid_from: domain::Date::parse(&fee.valid_from)
                .with_context(|| format!("fee valid_from of {}", p.code))?,
            pricing: fee.pricing.clone(),
        };
        domain::fees::check_line(&line, form, &p.fee_categories).map_err(|e| {
            anyhow::anyhow!(
                "fee line {:?} of {}: {} ({})",
                fee.name,
                p.code,
                e[0].message.vi,
                e[0].field
            )
        })?;
    }
    Ok(())
}
