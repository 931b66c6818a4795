//! Procedures' fee schedules as staff configure them: fee lines with their rules
//! (counts, tiers, caps, copies, online rate, reductions) and the categories of payer,
//! checked by `domain::fees`, shown as a worked example before saving, dated and
//! audited with the example.

use super::procedures::procedure_for;
use super::{FeeLineInput, FeeLineSettings};
use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::staff::Staff;
use crate::{ServiceError, Services};
use domain::Vnd;
use domain::catalog::FormSchema;
use domain::fees::text::{parse_amount, parse_categories, parse_reductions, parse_tiers};
use domain::fees::{Example, FeeLine, PayerCategory, Pricing, example_text, examples};
use domain::form::FieldProblem;
use domain::{Date, Text};

fn problem(field: &str, vi: &str, en: &str) -> FieldProblem {
    FieldProblem {
        field: field.to_owned(),
        message: Text::new(vi, en),
    }
}

fn optional(raw: &str) -> Option<String> {
    let v = domain::text::clean(raw);
    (!v.is_empty()).then_some(v)
}

/// Builds the line the input describes and checks it against the procedure's form and
/// categories.
///
/// # Errors
/// `InvalidForm` with every problem, each named by its input.
pub fn parse_line(
    input: &FeeLineInput,
    form: &FormSchema,
    categories: &[PayerCategory],
) -> ServiceResult<FeeLine> {
    let mut problems = Vec::new();
    let amount = |raw: &str, field: &str, problems: &mut Vec<FieldProblem>| -> Option<Vnd> {
        let v = parse_amount(raw);
        if v.is_none() {
            problems.push(problem(
                field,
                "Số tiền là số đồng, ví dụ 200.000",
                "The amount is a number of đồng, e.g. 200,000",
            ));
        }
        v
    };
    let amount_vnd = amount(&input.amount_vnd, "amount_vnd", &mut problems).unwrap_or_default();
    let online_amount_vnd = optional(&input.online_amount_vnd)
        .and_then(|raw| amount(&raw, "online_amount_vnd", &mut problems));
    let cap_vnd = optional(&input.cap_vnd).and_then(|raw| amount(&raw, "cap_vnd", &mut problems));
    let online_percent = optional(&input.online_percent).and_then(|raw| {
        let v = raw.trim_end_matches('%').trim().parse::<u8>().ok();
        if v.is_none() {
            problems.push(problem(
                "online_percent",
                "Tỷ lệ thu trực tuyến là số phần trăm, ví dụ 90",
                "The online share is a percentage, e.g. 90",
            ));
        }
        v
    });
    let tiers = parse_tiers(&input.tiers).unwrap_or_else(|item| {
        problems.push(FieldProblem {
            field: "tiers".to_owned(),
            message: Text::new(
                format!("Viết mỗi bậc dạng \"từ đơn vị thứ: số tiền\", ví dụ 3: 1.000 (không hiểu \"{item}\")"),
                format!("Write each tier as \"from unit: amount\", e.g. 3: 1,000 (cannot read \"{item}\")"),
            ),
        });
        Vec::new()
    });
    let reductions = parse_reductions(&input.reductions).unwrap_or_else(|item| {
        problems.push(FieldProblem {
            field: "reductions".to_owned(),
            message: Text::new(
                format!("Viết mỗi mức giảm dạng \"mã đối tượng: số tiền\" hoặc \"mã: 50%\" (không hiểu \"{item}\")"),
                format!("Write each reduction as \"category code: amount\" or \"code: 50%\" (cannot read \"{item}\")"),
            ),
        });
        Vec::new()
    });
    let valid_from = Date::parse(&input.valid_from).unwrap_or_else(|e| {
        problems.push(FieldProblem {
            field: "valid_from".to_owned(),
            message: e.into(),
        });
        Date::from_days_since_epoch(0)
    });
    let line = FeeLine {
        name: domain::text::clean(&input.name),
        name_en: domain::text::clean(&input.name_en),
        amount_vnd,
        online_amount_vnd,
        unit: domain::text::clean(&input.unit),
        legal_basis: domain::text::clean(&input.legal_basis),
        valid_from,
        pricing: Pricing {
            count_field: optional(&input.count_field),
            tiers,
            cap_vnd,
            per_field: optional(&input.per_field),
            per_unit: domain::text::clean(&input.per_unit),
            online_percent,
            reductions,
        },
    };
    if let Err(more) = domain::fees::check_line(&line, form, categories) {
        problems.extend(more.into_iter().map(|p| FieldProblem {
            field: p.field.to_owned(),
            message: p.message,
        }));
    }
    if problems.is_empty() {
        Ok(line)
    } else {
        Err(ServiceError::InvalidForm(problems))
    }
}

async fn schedule_of(s: &Services, id: i64) -> ServiceResult<(FormSchema, Vec<PayerCategory>)> {
    let (form, categories): (String, String) =
        sqlx::query_as("SELECT form_schema, fee_categories FROM procedures WHERE id = $1")
            .bind(id)
            .fetch_one(&s.db.pool)
            .await?;
    Ok((
        serde_json::from_str(&form).map_err(|e| anyhow::anyhow!("procedure {id} form: {e}"))?,
        serde_json::from_str(&categories)
            .map_err(|e| anyhow::anyhow!("procedure {id} categories: {e}"))?,
    ))
}

/// What the line would charge for typical requests, without saving it.
///
/// # Errors
/// As [`add_fee_line`].
pub async fn preview_fee_line(
    s: &Services,
    me: &Staff,
    code: &str,
    input: &FeeLineInput,
) -> ServiceResult<Vec<Example>> {
    let (id, _) = procedure_for(s, me, code).await?;
    let (form, categories) = schedule_of(s, id).await?;
    let line = parse_line(input, &form, &categories)?;
    Ok(examples(&line, &categories))
}

/// Adds a fee line in force from a date (a later line of the same name replaces it
/// from its own date); audited with its worked example.
///
/// # Errors
/// `Forbidden` for officers; `NotFound` outside the manager's agency; `InvalidForm`
/// with each problem for anything missing, out of range or inconsistent.
pub async fn add_fee_line(
    s: &Services,
    me: &Staff,
    code: &str,
    input: &FeeLineInput,
) -> ServiceResult<FeeLineSettings> {
    let (id, _) = procedure_for(s, me, code).await?;
    let (form, categories) = schedule_of(s, id).await?;
    let line = parse_line(input, &form, &categories)?;
    let example = example_text(&examples(&line, &categories), false);
    let pricing = serde_json::to_string(&line.pricing).map_err(anyhow::Error::from)?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let (position,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM fee_lines WHERE procedure_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let (line_id,): (i64,) = sqlx::query_as(
        "INSERT INTO fee_lines (procedure_id, position, name, name_en, amount_vnd, online_amount_vnd, unit, \
         legal_basis, valid_from, pricing) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(id)
    .bind(position)
    .bind(&line.name)
    .bind(&line.name_en)
    .bind(line.amount_vnd.get())
    .bind(line.online_amount_vnd.map(Vnd::get))
    .bind(&line.unit)
    .bind(&line.legal_basis)
    .bind(line.valid_from.to_string())
    .bind(&pricing)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        now,
        Actor::Staff(me.id),
        "procedure.fee_line_add",
        &format!("procedure:{code}"),
        &format!(
            "{}: {}/{} từ {} ({}); {pricing}; ví dụ: {example}",
            line.name, line.amount_vnd, line.unit, line.valid_from, line.legal_basis
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(FeeLineSettings {
        id: line_id,
        name: line.name,
        name_en: line.name_en,
        amount_vnd: line.amount_vnd,
        online_amount_vnd: line.online_amount_vnd,
        unit: line.unit,
        legal_basis: line.legal_basis,
        valid_from: line.valid_from.to_string(),
        pricing,
    })
}

/// Replaces the categories of payer a procedure reduces (one per line, see
/// [`domain::fees::text::parse_categories`]); audited with before and after. A category
/// still named by a fee line's reduction cannot be removed.
///
/// # Errors
/// `Forbidden` for officers; `NotFound` outside the manager's agency; `Invalid`
/// (field `categories`) for a malformed list or a category still in use.
pub async fn set_fee_categories(
    s: &Services,
    me: &Staff,
    code: &str,
    text: &str,
) -> ServiceResult<Vec<PayerCategory>> {
    let (id, _) = procedure_for(s, me, code).await?;
    let categories = parse_categories(text).map_err(|line| {
        ServiceError::invalid(
            "categories",
            Text::new(
                format!("Dòng {line}: viết \"mã | tên | giấy tờ chứng minh | căn cứ pháp lý\""),
                format!("Line {line}: write \"code | name | proof | legal basis\""),
            ),
        )
    })?;
    domain::fees::check_categories(&categories)
        .map_err(|p| ServiceError::invalid("categories", p[0].message.clone()))?;
    let lines: Vec<(String, String)> =
        sqlx::query_as("SELECT name, pricing FROM fee_lines WHERE procedure_id = $1")
            .bind(id)
            .fetch_all(&s.db.pool)
            .await?;
    for (name, pricing) in &lines {
        let pricing: Pricing = serde_json::from_str(pricing).map_err(anyhow::Error::from)?;
        if let Some(r) = pricing
            .reductions
            .iter()
            .find(|r| !categories.iter().any(|c| c.code == r.category))
        {
            return Err(ServiceError::invalid(
                "categories",
                Text::new(
                    format!(
                        "Đối tượng \"{}\" đang dùng ở mức thu \"{name}\"",
                        r.category
                    ),
                    format!("Category \"{}\" is used by the fee \"{name}\"", r.category),
                ),
            ));
        }
    }
    let (before,): (String,) =
        sqlx::query_as("SELECT fee_categories FROM procedures WHERE id = $1")
            .bind(id)
            .fetch_one(&s.db.pool)
            .await?;
    let after = serde_json::to_string(&categories).map_err(anyhow::Error::from)?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    sqlx::query("UPDATE procedures SET fee_categories = $1 WHERE id = $2")
        .bind(&after)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        now,
        Actor::Staff(me.id),
        "procedure.fee_categories",
        &format!("procedure:{code}"),
        &format!("{before} → {after}"),
    )
    .await?;
    tx.commit().await?;
    Ok(categories)
}
