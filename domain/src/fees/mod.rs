//! Fee schedules of procedures and the one function that prices a request.
//!
//! Vietnamese fee law (phí, lệ phí) charges in a handful of shapes, all expressed by a
//! [`FeeLine`] and its [`Pricing`]:
//!
//! - a fixed amount per request (TT 244/2016/TT-BTC Điều 4: 200.000 đ per criminal-record
//!   request);
//! - a unit price per unit counted from a form answer (copies, pages, persons), with tiers
//!   from the N-th unit on (TT 244/2016: 5.000 đ per record from the third; TT 226/2016/TT-BTC
//!   Điều 4: 2.000 đ per page, 1.000 đ from the third page);
//! - a cap per unit or per request (TT 226/2016: at most 200.000 đ per certified copy);
//! - reductions or exemptions for declared categories of payer, each with the proof it
//!   needs and its legal basis (TT 244/2016: 100.000 đ for students, people with meritorious
//!   services and martyrs' relatives);
//! - an online rate (TT 75/2022/TT-BTC: 10.000 đ instead of 20.000 đ when filed online),
//!   as an amount or a percentage;
//! - free procedures: no line at all.
//!
//! [`compute`] turns a procedure's lines, the form's answers, the payer's category, the
//! channel and the date into priced lines and a total. It runs in the browser (the live
//! total on the form), on the server (the fee notice) and in the configuration screen
//! (the worked example), so the three never disagree.

mod check;
mod compute;
mod describe;
#[cfg(test)]
mod tests;
pub mod text;

pub use check::{
    Example, FeeLineProblem, MAX_AMOUNT_VND, check_categories, check_line, example_text, examples,
};
pub use compute::{Charge, FeeBreakdown, FeeError, FeeRequest, MAX_TOTAL_VND, compute};
pub use describe::describe;

use crate::date::Date;
use crate::money::Vnd;
use serde::{Deserialize, Serialize};

/// One line of a procedure's fee schedule (phí or lệ phí) with its legal basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeLine {
    pub name: String,
    /// The English name (the Vietnamese one is shown when empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name_en: String,
    /// The price of one unit (of the first tier when there are tiers).
    pub amount_vnd: Vnd,
    /// Unit price when the dossier is filed online, where a lower online rate is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_amount_vnd: Option<Vnd>,
    /// What one unit is: `lần`, `trang`, `phiếu`, `bản`.
    pub unit: String,
    pub legal_basis: String,
    pub valid_from: Date,
    /// How the line counts, tiers, caps and reduces; a fixed amount per request when empty.
    #[serde(default, skip_serializing_if = "Pricing::is_fixed")]
    pub pricing: Pricing,
}

impl FeeLine {
    /// The price to headline the line with, and the unit it starts from: the first
    /// tier's when the first units cost nothing (`5.000 đ` from the 3rd record).
    #[must_use]
    pub fn headline(&self) -> (Vnd, u32) {
        match self.pricing.tiers.first() {
            Some(t) if self.amount_vnd == Vnd::ZERO && self.pricing.count_field.is_some() => {
                (t.amount_vnd, t.from)
            }
            _ => (self.amount_vnd, 1),
        }
    }

    /// The name in the chosen language.
    #[must_use]
    pub fn name_in(&self, english: bool) -> &str {
        crate::l10n::pick(&self.name, &self.name_en, english)
    }
}

/// How a line is priced beyond "one amount per request".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Pricing {
    /// The form answer (a number field) that counts the units: pages, records, persons.
    /// Without it a request is one unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count_field: Option<String>,
    /// Other unit prices from the N-th unit on, `from` ascending and above 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<Tier>,
    /// The most one group is charged: per copy when `per_field` is set, else per request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_vnd: Option<Vnd>,
    /// The form answer (a number field) that repeats the whole line: the copies of a
    /// document whose pages `count_field` counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_field: Option<String>,
    /// What one repetition is (`bản`), shown with `per_field`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub per_unit: String,
    /// Online rate as a share of the normal amount (90 = pay 90 %), where the law sets a
    /// percentage rather than an amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_percent: Option<u8>,
    /// Lower amounts for declared categories of payer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reductions: Vec<Reduction>,
}

impl Pricing {
    /// A fixed amount per request, nothing else.
    #[must_use]
    pub fn is_fixed(&self) -> bool {
        *self == Self::default()
    }
}

/// A unit price from the `from`-th unit on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub from: u32,
    pub amount_vnd: Vnd,
}

/// What a category of payer pays on a line instead of the normal amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reduction {
    /// The [`PayerCategory::code`] it applies to.
    pub category: String,
    pub pays: Pays,
}

/// A reduced amount: a fixed amount per repetition of the line, or a share of the
/// normal amount (0 is an exemption).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pays {
    AmountVnd(Vnd),
    Percent(u8),
}

/// A category of payer the law reduces or exempts (students, people with meritorious
/// services…), with the proof the applicant must show and the provision that grants it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayerCategory {
    /// Stable identifier within the procedure: `sinh_vien`.
    pub code: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name_en: String,
    /// The document that proves it: `Thẻ sinh viên còn hạn`.
    pub proof: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub proof_en: String,
    pub legal_basis: String,
}

impl PayerCategory {
    /// The name in the chosen language.
    #[must_use]
    pub fn name_in(&self, english: bool) -> &str {
        crate::l10n::pick(&self.name, &self.name_en, english)
    }

    /// The proof in the chosen language.
    #[must_use]
    pub fn proof_in(&self, english: bool) -> &str {
        crate::l10n::pick(&self.proof, &self.proof_en, english)
    }
}

/// The form input where the applicant names the category of payer they claim (a
/// [`PayerCategory::code`]); kept with the answers, outside the procedure's schema.
pub const CATEGORY_INPUT: &str = "doi_tuong_mien_giam";

/// Where a claimed reduction stands. A claim is checked by an officer before the fee
/// can be paid; a refusal reissues the notice at the full amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReductionStatus {
    Claimed,
    Accepted,
    Refused,
}

impl ReductionStatus {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Claimed => "claimed",
            Self::Accepted => "accepted",
            Self::Refused => "refused",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "claimed" => Some(Self::Claimed),
            "accepted" => Some(Self::Accepted),
            "refused" => Some(Self::Refused),
            _ => None,
        }
    }

    /// The fee can be paid: nothing is claimed, or the claim was decided.
    #[must_use]
    pub fn payable(status: Option<Self>) -> bool {
        status != Some(Self::Claimed)
    }

    #[must_use]
    pub fn label(self) -> crate::Text {
        match self {
            Self::Claimed => crate::Text::new(
                "Đang chờ cán bộ kiểm tra giấy tờ chứng minh",
                "Waiting for an officer to check the proof",
            ),
            Self::Accepted => crate::Text::new("Đã được chấp nhận", "Accepted"),
            Self::Refused => crate::Text::new("Không được chấp nhận", "Refused"),
        }
    }
}

/// The lines in force on `day`: for each line name, the one with the latest
/// `valid_from` not after `day`. Order follows the input.
#[must_use]
pub fn in_force(lines: &[FeeLine], day: Date) -> Vec<FeeLine> {
    let mut out: Vec<FeeLine> = Vec::new();
    for line in lines.iter().filter(|l| l.valid_from <= day) {
        if let Some(existing) = out.iter_mut().find(|l| l.name == line.name) {
            if line.valid_from > existing.valid_from {
                *existing = line.clone();
            }
        } else {
            out.push(line.clone());
        }
    }
    out
}

/// The form answers the lines count with (number fields), in order, without repeats:
/// what the desk asks for and what the live total listens to.
#[must_use]
pub fn count_fields(lines: &[FeeLine]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        for f in [&l.pricing.count_field, &l.pricing.per_field]
            .into_iter()
            .flatten()
        {
            if !out.contains(f) {
                out.push(f.clone());
            }
        }
    }
    out
}
