//! The one pricing function: a procedure's lines, the form's answers, the payer's
//! category, the channel and the date → priced lines and a total.

use super::{FeeLine, PayerCategory, Pays, in_force};
use crate::date::Date;
use crate::form::FormValues;
use crate::{Text, Vnd};
use serde::{Deserialize, Serialize};

/// The largest total a request can come to (a dynamic QR carries at most 13 digits; no
/// fee in force comes near).
pub const MAX_TOTAL_VND: i64 = 10_000_000_000;

/// What the price depends on.
#[derive(Debug, Clone, Copy)]
pub struct FeeRequest<'a> {
    /// The dossier form's answers (number fields count the units).
    pub answers: &'a FormValues,
    /// The category of payer claimed ([`PayerCategory::code`]), if any.
    pub category: Option<&'a str>,
    /// Filed online (the online rate applies).
    pub online: bool,
    /// The day the lines must be in force.
    pub day: Date,
}

/// One priced line, as the form, the fee notice and the receipt show it:
/// `quantity × unit price = amount`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charge {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name_en: String,
    pub quantity: i64,
    pub unit: String,
    pub unit_price_vnd: Vnd,
    pub amount_vnd: Vnd,
    pub legal_basis: String,
    /// Why the amount is not the normal price: a cap, an online rate, a reduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

impl Charge {
    /// The name in the chosen language.
    #[must_use]
    pub fn name_in(&self, english: bool) -> &str {
        crate::l10n::pick(&self.name, &self.name_en, english)
    }
}

/// Every priced line and what they add up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeBreakdown {
    pub lines: Vec<Charge>,
    pub total_vnd: Vnd,
    /// The category claimed, when it is one of the procedure's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<PayerCategory>,
    /// Some line is lower because of the category.
    #[serde(default)]
    pub reduced: bool,
}

/// Why a request cannot be priced yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeeError {
    /// A count the fee needs (`field`) is missing or not a whole number from 1.
    Count { field: String },
    /// The category claimed is not one this procedure reduces.
    UnknownCategory,
    /// The total is beyond any fee (a typing error in a count).
    TooLarge,
}

impl FeeError {
    /// The form input the applicant must correct (`fee` when none in particular).
    #[must_use]
    pub fn field(&self) -> &str {
        match self {
            Self::Count { field } => field,
            Self::UnknownCategory => super::CATEGORY_INPUT,
            Self::TooLarge => "fee",
        }
    }

    /// As a problem of the form, shown next to that input.
    #[must_use]
    pub fn problem(&self) -> crate::form::FieldProblem {
        crate::form::FieldProblem {
            field: self.field().to_owned(),
            message: crate::Localized::text(self),
        }
    }
}

impl crate::Localized for FeeError {
    fn text(&self) -> Text {
        match self {
            Self::Count { .. } => Text::new(
                "Nhập số lượng (số bản, số trang…) để tính phí",
                "Enter the quantity (copies, pages…) to work out the fee",
            ),
            Self::UnknownCategory => Text::new(
                "Đối tượng miễn, giảm này không áp dụng cho thủ tục",
                "This reduction does not apply to the procedure",
            ),
            Self::TooLarge => Text::new(
                "Số lượng quá lớn, vui lòng kiểm tra lại",
                "The quantity is too large; please check it",
            ),
        }
    }
}
crate::localized_error!(FeeError);

/// Prices a request: for each line in force on `req.day`, the units counted from the
/// answers, the tiers, the cap, the online rate and the category's reduction.
///
/// # Errors
/// [`FeeError`] when a needed count is missing or invalid, the category is unknown, or
/// the total exceeds [`MAX_TOTAL_VND`].
pub fn compute(
    lines: &[FeeLine],
    categories: &[PayerCategory],
    req: &FeeRequest<'_>,
) -> Result<FeeBreakdown, FeeError> {
    let category = match req.category.map(str::trim) {
        None | Some("") => None,
        Some(code) => Some(
            categories
                .iter()
                .find(|c| c.code == code)
                .ok_or(FeeError::UnknownCategory)?,
        ),
    };
    let mut out = Vec::new();
    let mut total: i64 = 0;
    let mut reduced = false;
    for line in in_force(lines, req.day) {
        let priced = price_line(&line, req, category)?;
        reduced |= priced.reduced;
        for c in priced.charges {
            total = total
                .checked_add(c.amount_vnd.get())
                .filter(|t| *t <= MAX_TOTAL_VND)
                .ok_or(FeeError::TooLarge)?;
            out.push(c);
        }
    }
    Ok(FeeBreakdown {
        lines: out,
        total_vnd: Vnd::computed(total),
        category: category.cloned(),
        reduced,
    })
}

struct Priced {
    charges: Vec<Charge>,
    reduced: bool,
}

/// A whole number from 1 read from a form answer (`1.000` and `1 000` allowed).
fn count(answers: &FormValues, field: &str) -> Result<i64, FeeError> {
    answers
        .get(field)
        .map(|v| v.replace(['.', ' '], ""))
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|n| (1..=crate::form::MAX_NUMBER).contains(n))
        .and_then(|n| i64::try_from(n).ok())
        .ok_or_else(|| FeeError::Count {
            field: field.to_owned(),
        })
}

/// `pct` % of `amount`, rounded half up to a whole đồng.
fn percent(amount: i64, pct: u8) -> i64 {
    let v = (i128::from(amount) * i128::from(pct) + 50) / 100;
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn mul(a: i64, b: i64) -> Result<i64, FeeError> {
    a.checked_mul(b)
        .filter(|v| *v <= MAX_TOTAL_VND)
        .ok_or(FeeError::TooLarge)
}

/// A band of units at one price: units `from..=to`.
struct Band {
    from: i64,
    to: i64,
    price: i64,
    open: bool,
}

fn bands(line: &FeeLine, first_price: i64, n: i64) -> Vec<Band> {
    let mut starts: Vec<(i64, i64)> = vec![(1, first_price)];
    starts.extend(
        line.pricing
            .tiers
            .iter()
            .map(|t| (i64::from(t.from), t.amount_vnd.get())),
    );
    let mut out = Vec::new();
    for (i, (from, price)) in starts.iter().enumerate() {
        if *from > n {
            break;
        }
        let next = starts.get(i + 1).map(|(f, _)| f - 1);
        let to = next.map_or(n, |end| end.min(n));
        out.push(Band {
            from: *from,
            to,
            price: *price,
            open: next.is_none(),
        });
    }
    out
}

fn money(v: i64) -> (String, String) {
    let t = Vnd::text_of(v);
    (t.vi, t.en)
}

fn price_line(
    line: &FeeLine,
    req: &FeeRequest<'_>,
    category: Option<&PayerCategory>,
) -> Result<Priced, FeeError> {
    let p = &line.pricing;
    let n = match &p.count_field {
        Some(f) => count(req.answers, f)?,
        None => 1,
    };
    let groups = match &p.per_field {
        Some(f) => count(req.answers, f)?,
        None => 1,
    };
    let first_price = match (req.online, line.online_amount_vnd) {
        (true, Some(rate)) => rate,
        _ => line.amount_vnd,
    };
    let bands = bands(line, first_price.get(), n);
    let mut per_group: i64 = 0;
    for b in &bands {
        per_group = per_group
            .checked_add(mul(b.to - b.from + 1, b.price)?)
            .ok_or(FeeError::TooLarge)?;
    }
    let cap = p.cap_vnd.map(Vnd::get).filter(|c| per_group > *c);
    let normal = mul(cap.unwrap_or(per_group), groups)?;
    let group_unit = if p.per_field.is_some() {
        p.per_unit.clone()
    } else if p.count_field.is_some() {
        "lần".to_owned()
    } else {
        line.unit.clone()
    };

    // Percentages and reductions replace the amount as a whole.
    let mut adjusted: Option<(i64, Text)> = None;
    if req.online
        && let Some(pct) = p.online_percent
    {
        adjusted = Some((
            percent(normal, pct),
            Text::new(
                format!("Nộp trực tuyến: thu {pct}% mức thu"),
                format!("Filed online: {pct}% of the normal rate"),
            ),
        ));
    }
    let mut reduced = false;
    if let Some(cat) = category
        && let Some(r) = p.reductions.iter().find(|r| r.category == cat.code)
    {
        let base = adjusted.as_ref().map_or(normal, |(a, _)| *a);
        let amount = match r.pays {
            Pays::AmountVnd(a) => mul(a.get(), groups)?,
            Pays::Percent(pct) => percent(base, pct),
        }
        .min(base);
        let name_en = if cat.name_en.is_empty() {
            &cat.name
        } else {
            &cat.name_en
        };
        let note = if amount == 0 {
            Text::new(
                format!("Miễn cho {} ({})", cat.name, cat.legal_basis),
                format!("Exempt: {name_en} ({})", cat.legal_basis),
            )
        } else {
            Text::new(
                format!("Mức giảm cho {} ({})", cat.name, cat.legal_basis),
                format!("Reduced rate: {name_en} ({})", cat.legal_basis),
            )
        };
        reduced = amount < base;
        adjusted = Some((amount, note));
    }

    let charge = |quantity: i64,
                  unit: String,
                  unit_price: i64,
                  amount: i64,
                  note,
                  (suffix_vi, suffix_en): (&str, &str)| {
        Charge {
            name: format!("{}{suffix_vi}", line.name),
            name_en: if line.name_en.is_empty() {
                String::new()
            } else {
                format!("{}{suffix_en}", line.name_en)
            },
            quantity,
            unit,
            unit_price_vnd: Vnd::computed(unit_price),
            amount_vnd: Vnd::computed(amount),
            legal_basis: line.legal_basis.clone(),
            note,
        }
    };
    let charges = if let Some((amount, note)) = adjusted {
        let (q, unit_price) = if groups > 1 && amount % groups == 0 {
            (groups, amount / groups)
        } else {
            (1, amount)
        };
        vec![charge(
            q,
            group_unit,
            unit_price,
            amount,
            Some(note),
            ("", ""),
        )]
    } else if let Some(cap) = cap {
        let (vi, en) = money(cap);
        let note = Text::new(
            format!("Mức tối đa {vi}/{group_unit}"),
            format!("Capped at {en} per {group_unit}"),
        );
        vec![charge(
            groups,
            group_unit,
            cap,
            normal,
            Some(note),
            ("", ""),
        )]
    } else {
        let charged: Vec<&Band> = bands.iter().filter(|b| b.price > 0).collect();
        let label = charged.len() > 1;
        let mut out = Vec::new();
        for b in charged {
            let qty = mul(b.to - b.from + 1, groups)?;
            let u = &line.unit;
            let (suffix_vi, suffix_en) = match (label, b.open, b.from == b.to) {
                (false, _, _) => (String::new(), String::new()),
                (true, true, _) => (
                    format!(" (từ {u} thứ {})", b.from),
                    format!(" ({u} {} onwards)", b.from),
                ),
                (true, false, true) => (format!(" ({u} {})", b.from), format!(" ({u} {})", b.from)),
                (true, false, false) => (
                    format!(" ({u} {}–{})", b.from, b.to),
                    format!(" ({u} {}–{})", b.from, b.to),
                ),
            };
            out.push(charge(
                qty,
                line.unit.clone(),
                b.price,
                mul(qty, b.price)?,
                None,
                (&suffix_vi, &suffix_en),
            ));
        }
        out
    };
    Ok(Priced { charges, reduced })
}
