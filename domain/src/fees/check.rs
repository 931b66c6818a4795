//! What the configuration screen refuses, and the worked example it shows before saving.

use super::{FeeLine, FeeRequest, PayerCategory, Pays, compute};
use crate::catalog::{FieldType, FormSchema};
use crate::form::FormValues;
use crate::{Date, Text, Vnd};

/// Largest amount one line, tier, cap or reduction may set.
pub const MAX_AMOUNT_VND: i64 = 1_000_000_000;

/// A problem with one input of the fee line form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeLineProblem {
    pub field: &'static str,
    pub message: Text,
}

fn problem(field: &'static str, vi: &str, en: &str) -> FeeLineProblem {
    FeeLineProblem {
        field,
        message: Text::new(vi, en),
    }
}

fn number_field(form: &FormSchema, name: &str) -> bool {
    form.fields
        .iter()
        .any(|f| f.name == name && f.kind == FieldType::Number)
}

/// Checks a fee line against the procedure's form (counts must be number fields of it)
/// and its categories of payer.
///
/// # Errors
/// Every problem, each named by the input it belongs to.
pub fn check_line(
    line: &FeeLine,
    form: &FormSchema,
    categories: &[PayerCategory],
) -> Result<(), Vec<FeeLineProblem>> {
    let mut out = Vec::new();
    let amount_ok = |v: Vnd| v.get() <= MAX_AMOUNT_VND;
    if line.name.trim().is_empty() || line.name.chars().count() > 200 {
        out.push(problem(
            "name",
            "Nhập tên khoản phí, lệ phí",
            "Enter the name of the fee",
        ));
    }
    if !amount_ok(line.amount_vnd) {
        out.push(problem(
            "amount_vnd",
            "Số tiền là số đồng, từ 0 đến 1.000.000.000",
            "The amount is a number of đồng, from 0 to 1,000,000,000",
        ));
    }
    if let Some(online) = line.online_amount_vnd {
        if !amount_ok(online) || online > line.amount_vnd {
            out.push(problem(
                "online_amount_vnd",
                "Mức thu trực tuyến không được cao hơn mức thu thông thường",
                "The online rate cannot be higher than the normal rate",
            ));
        } else if !line.pricing.tiers.is_empty() {
            out.push(problem(
                "online_amount_vnd",
                "Dòng có bậc giá: đặt mức thu trực tuyến theo tỷ lệ phần trăm",
                "A line with tiers takes its online rate as a percentage",
            ));
        }
    }
    if line.unit.trim().is_empty() {
        out.push(problem(
            "unit",
            "Nhập đơn vị tính (ví dụ: lần, bản, trang)",
            "Enter the unit (for example: request, copy, page)",
        ));
    }
    if line.legal_basis.trim().is_empty() {
        out.push(problem(
            "legal_basis",
            "Nhập căn cứ pháp lý (văn bản quy định mức thu)",
            "Enter the legal basis (the act that sets the fee)",
        ));
    }
    let p = &line.pricing;
    if let Some(f) = &p.count_field
        && !number_field(form, f)
    {
        out.push(problem(
            "count_field",
            "Số lượng phải lấy từ một ô số của tờ khai",
            "The quantity must come from a number field of the form",
        ));
    }
    if let Some(f) = &p.per_field {
        if !number_field(form, f) || p.count_field.as_ref() == Some(f) {
            out.push(problem(
                "per_field",
                "Số bản phải lấy từ một ô số khác của tờ khai",
                "The number of copies must come from another number field of the form",
            ));
        }
        if p.per_unit.trim().is_empty() {
            out.push(problem(
                "per_unit",
                "Nhập đơn vị của số bản (ví dụ: bản)",
                "Enter the unit of the copies (for example: copy)",
            ));
        }
    }
    if !p.tiers.is_empty() && p.count_field.is_none() {
        out.push(problem(
            "tiers",
            "Bậc giá cần ô số lượng để đếm",
            "Tiers need a quantity field to count",
        ));
    }
    let mut previous = 1;
    for t in &p.tiers {
        if t.from <= previous || !amount_ok(t.amount_vnd) {
            out.push(problem(
                "tiers",
                "Mỗi bậc giá bắt đầu từ đơn vị thứ 2 trở đi, tăng dần, với số tiền từ 0 đến 1.000.000.000",
                "Each tier starts from the 2nd unit on, in increasing order, with an amount from 0 to 1,000,000,000",
            ));
            break;
        }
        previous = t.from;
    }
    if let Some(cap) = p.cap_vnd
        && (!(1..=MAX_AMOUNT_VND).contains(&cap.get()) || p.count_field.is_none())
    {
        out.push(problem(
            "cap_vnd",
            "Mức tối đa cần ô số lượng và là số đồng từ 1 đến 1.000.000.000",
            "A cap needs a quantity field and is a number of đồng from 1 to 1,000,000,000",
        ));
    }
    if p.online_percent.is_some_and(|pct| pct > 100) {
        out.push(problem(
            "online_percent",
            "Tỷ lệ thu trực tuyến từ 0 đến 100%",
            "The online share is from 0 to 100%",
        ));
    }
    let mut seen: Vec<&str> = Vec::new();
    for r in &p.reductions {
        let known = categories.iter().any(|c| c.code == r.category);
        let pays_ok = match r.pays {
            Pays::AmountVnd(a) => amount_ok(a),
            Pays::Percent(pct) => pct <= 100,
        };
        if !known || !pays_ok || seen.contains(&r.category.as_str()) {
            out.push(problem(
                "reductions",
                "Mỗi mức giảm gắn với một đối tượng đã khai báo, một lần, với số tiền hoặc tỷ lệ (0–100%) hợp lệ",
                "Each reduction names a declared category once, with a valid amount or share (0–100%)",
            ));
            break;
        }
        seen.push(&r.category);
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
}

/// Checks a procedure's categories of payer.
///
/// # Errors
/// Every problem, named `categories`.
pub fn check_categories(categories: &[PayerCategory]) -> Result<(), Vec<FeeLineProblem>> {
    let mut out = Vec::new();
    for (i, c) in categories.iter().enumerate() {
        let code_ok = !c.code.is_empty()
            && c.code.len() <= 40
            && c.code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        let unique = !categories[..i].iter().any(|o| o.code == c.code);
        if !code_ok || !unique {
            out.push(problem(
                "categories",
                "Mã đối tượng gồm chữ thường không dấu, số và dấu gạch dưới, không trùng nhau",
                "A category code is lower-case letters, digits and underscores, each used once",
            ));
        }
        if c.name.trim().is_empty() || c.proof.trim().is_empty() || c.legal_basis.trim().is_empty()
        {
            out.push(problem(
                "categories",
                "Mỗi đối tượng cần tên, giấy tờ chứng minh và căn cứ pháp lý",
                "Each category needs a name, the proof it requires and its legal basis",
            ));
        }
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
}

/// One case of the worked example: what a request of that shape pays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub case: Text,
    pub amount_vnd: Vnd,
}

/// What the line charges for a few typical requests: 1, 2 and 5 units, each tier's
/// first unit, where the cap starts to bite, 2 copies, online and each reduction, all
/// priced by [`compute`] itself.
#[must_use]
pub fn examples(line: &FeeLine, categories: &[PayerCategory]) -> Vec<Example> {
    let p = &line.pricing;
    // Priced on the day the line comes into force.
    let day: Date = line.valid_from;
    let price = |n: i64, groups: i64, online: bool, category: Option<&str>| -> Option<Vnd> {
        let mut answers = FormValues::new();
        if let Some(f) = &p.count_field {
            answers.insert(f.clone(), n.to_string());
        }
        if let Some(f) = &p.per_field {
            answers.insert(f.clone(), groups.to_string());
        }
        let req = FeeRequest {
            answers: &answers,
            category,
            online,
            day,
        };
        compute(std::slice::from_ref(line), categories, &req)
            .ok()
            .map(|b| b.total_vnd)
    };
    let shape = |n: i64, groups: i64| -> (String, String) {
        let counted = if p.count_field.is_some() {
            format!("{n} {}", line.unit)
        } else {
            format!("1 {}", line.unit)
        };
        if p.per_field.is_some() {
            (
                format!("{groups} {} × {counted}", p.per_unit),
                format!("{groups} × {counted}"),
            )
        } else {
            (counted.clone(), counted)
        }
    };
    let mut counts: Vec<i64> = if p.count_field.is_some() {
        let mut c = vec![1, 2, 5];
        c.extend(p.tiers.iter().map(|t| i64::from(t.from)));
        if let Some(cap) = p.cap_vnd
            && let Some(n) =
                (1..=1000).find(|n| price(*n, 1, false, None).is_some_and(|a| a >= cap))
        {
            c.push(n);
        }
        c.sort_unstable();
        c.dedup();
        c
    } else {
        vec![1]
    };
    counts.truncate(8);
    let mut out = Vec::new();
    let mut push = |vi: String, en: String, amount: Option<Vnd>| {
        if let Some(amount_vnd) = amount {
            out.push(Example {
                case: Text::new(vi, en),
                amount_vnd,
            });
        }
    };
    for n in &counts {
        let (vi, en) = shape(*n, 1);
        push(vi, en, price(*n, 1, false, None));
    }
    let last = counts.last().copied().unwrap_or(1);
    if p.per_field.is_some() {
        let (vi, en) = shape(last, 2);
        push(vi, en, price(last, 2, false, None));
    }
    if line.online_amount_vnd.is_some() || p.online_percent.is_some() {
        let (vi, en) = shape(1, 1);
        push(
            format!("Nộp trực tuyến, {vi}"),
            format!("Filed online, {en}"),
            price(1, 1, true, None),
        );
    }
    for r in &p.reductions {
        if let Some(c) = categories.iter().find(|c| c.code == r.category) {
            let (vi, en) = shape(1, 1);
            push(
                format!("{}, {vi}", c.name),
                format!("{}, {en}", c.name_in(true)),
                price(1, 1, false, Some(&c.code)),
            );
        }
    }
    out
}

/// The worked example as one line: `1 bản: 2.000 đ; 5 bản: 11.000 đ`.
#[must_use]
pub fn example_text(examples: &[Example], english: bool) -> String {
    examples
        .iter()
        .map(|e| {
            let v = e.amount_vnd;
            let amount = if english {
                v.display_en()
            } else {
                v.display_vi()
            };
            format!("{}: {amount}", e.case.get(english))
        })
        .collect::<Vec<_>>()
        .join("; ")
}
