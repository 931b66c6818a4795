//! Electronic fee receipts (biên lai thu phí, lệ phí điện tử).
//!
//! Contents follow Nghị định 123/2020/NĐ-CP Điều 32.2 and, for the symbols and the
//! number, Nghị định 254/2026/NĐ-CP Điều 23.2 with Thông tư 91/2026/TT-BTC Phụ lục II
//! (research/product.md §4a): template symbol `EBL01`, series symbol = two-digit year
//! + `T` + two letters (`26TAB`), number of at most 8 digits restarting at 1 each year.

mod words;

pub use words::{number_in_words, vnd_in_words};

use crate::{Localized, Text, Vnd};
use serde::{Deserialize, Serialize};

/// The receipt type name printed at the top (không in sẵn mệnh giá).
pub const RECEIPT_NAME: &str = "BIÊN LAI THU PHÍ, LỆ PHÍ";
/// Template symbol of an e-receipt without a printed face value.
pub const DEFAULT_TEMPLATE: &str = "EBL01";
/// The largest number a series may reach in a year (8 digits).
pub const MAX_NUMBER: i64 = 99_999_999;
/// Letters a series symbol may use (TT 91/2026, Phụ lục II).
const SERIES_LETTERS: &str = "ABCDEGHKLMNPQRSTUVXY";

/// Why a receipt series was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeriesError {
    Template,
    Series,
}

impl Localized for SeriesError {
    fn text(&self) -> Text {
        match self {
            Self::Template => Text::new(
                "Ký hiệu mẫu biên lai phải là EBL01 hoặc EBL02",
                "The receipt template symbol must be EBL01 or EBL02",
            ),
            Self::Series => Text::new(
                "Ký hiệu biên lai phải là chữ T và hai chữ cái in hoa trong A B C D E G H K L M N P Q R S T U V X Y (ví dụ TAB)",
                "The receipt series must be T followed by two capital letters from A B C D E G H K L M N P Q R S T U V X Y (for example TAB)",
            ),
        }
    }
}
crate::localized_error!(SeriesError);

/// An agency's receipt series: template symbol and the year-free part of the series
/// symbol (`TAB`; the year is prefixed when a receipt is issued).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    template: String,
    tail: String,
}

impl Series {
    /// # Errors
    /// `SeriesError` when a symbol is not in the prescribed form.
    pub fn parse(template: &str, tail: &str) -> Result<Self, SeriesError> {
        let template = template.trim().to_ascii_uppercase();
        if template != "EBL01" && template != "EBL02" {
            return Err(SeriesError::Template);
        }
        let tail = tail.trim().to_ascii_uppercase();
        let b = tail.as_bytes();
        let ok = b.len() == 3
            && b[0] == b'T'
            && b[1..].iter().all(|c| SERIES_LETTERS.as_bytes().contains(c));
        if !ok {
            return Err(SeriesError::Series);
        }
        Ok(Self { template, tail })
    }

    /// The year-free part of the series symbol: `TAB`.
    #[must_use]
    pub fn tail(&self) -> &str {
        &self.tail
    }

    #[must_use]
    pub fn template(&self) -> &str {
        &self.template
    }

    /// The series symbol used in `year`: `26TAB`.
    #[must_use]
    pub fn symbol(&self, year: i32) -> String {
        format!("{:02}{}", year.rem_euclid(100), self.tail)
    }
}

/// A receipt number as printed: eight digits, `00000001`.
#[must_use]
pub fn format_number(number: i64) -> String {
    format!("{number:08}")
}

/// One line of a receipt: `quantity × unit price = amount`. Receipts issued before
/// quantities were kept read as one unit at their amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLine {
    pub name: String,
    pub amount_vnd: Vnd,
    #[serde(default = "one")]
    pub quantity: i64,
    #[serde(default)]
    pub unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price_vnd: Option<Vnd>,
}

fn one() -> i64 {
    1
}

impl ReceiptLine {
    /// The price of one unit (the amount for a receipt of before).
    #[must_use]
    pub fn unit_price(&self) -> Vnd {
        self.unit_price_vnd.unwrap_or(self.amount_vnd)
    }
}

/// Everything a receipt states, as issued. Serialised once to JSON (fields in this
/// order); the stored text is what the server's key signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptContent {
    pub receipt_name: String,
    pub template_symbol: String,
    pub series_symbol: String,
    pub number: i64,
    pub issuer_name: String,
    pub issuer_tax_code: String,
    pub payer_name: String,
    pub payer_id_number: String,
    pub dossier_code: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub lines: Vec<ReceiptLine>,
    pub total_vnd: Vnd,
    pub total_in_words: String,
    /// Unix seconds.
    pub issued_at: i64,
    /// Date issued, `dd/mm/yyyy` (Vietnam time).
    pub issued_on: String,
    pub payment_reference: String,
    pub payment_method: String,
    pub verify_token: String,
}

impl ReceiptContent {
    /// The number as printed.
    #[must_use]
    pub fn number_display(&self) -> String {
        format_number(self.number)
    }

    /// The payer's name with all but the first letter of each word hidden, for the
    /// public verification page: "Nguyễn Văn An" → "N***** V** A*".
    #[must_use]
    pub fn payer_masked(&self) -> String {
        mask_name(&self.payer_name)
    }
}

/// Hides all but the first letter of each word.
#[must_use]
pub fn mask_name(name: &str) -> String {
    name.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            let first = cs.next().map(String::from).unwrap_or_default();
            format!("{first}{}", "*".repeat(cs.count()))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_symbols_follow_tt91() {
        let s = Series::parse("ebl01", "tab").unwrap();
        assert_eq!(s.template(), "EBL01");
        assert_eq!(s.symbol(2026), "26TAB");
        assert_eq!(s.symbol(2100), "00TAB");
        for bad in ["TA", "TABC", "XAB", "TAF", "TAI", "TOZ", "T1B"] {
            assert_eq!(
                Series::parse("EBL01", bad),
                Err(SeriesError::Series),
                "{bad}"
            );
        }
        assert_eq!(
            Series::parse("01BLP0-001", "TAB"),
            Err(SeriesError::Template)
        );
    }

    #[test]
    fn numbers_print_with_eight_digits() {
        assert_eq!(format_number(1), "00000001");
        assert_eq!(format_number(MAX_NUMBER), "99999999");
    }

    #[test]
    fn names_are_masked_for_the_public() {
        assert_eq!(mask_name("Nguyễn Văn An"), "N***** V** A*");
        assert_eq!(mask_name("  Lê  Thị "), "L* T**");
    }
}
