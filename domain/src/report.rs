//! The monthly online-payment report: the months it covers and the indicator formulas
//! (research/product.md §1.3, Bộ chỉ số 766).
//!
//! - **Dossiers paid online (3.6)** = dossiers paid by dynamic QR ÷ fee-bearing
//!   dossiers, both counted over dossiers submitted in the month whose fee is not 0.
//!   Fee notices texted or printed at the desk and paid by QR count as online; cash and
//!   card gateways do not.
//! - **Procedures configured for online payment (3.5)** = fee-bearing procedures open
//!   to online payment ÷ fee-bearing procedures.
//!
//! Rates are kept exact as a numerator and denominator and shown to one decimal.

use crate::date::{Date, VN_UTC_OFFSET_SECONDS};
use crate::l10n::Text;
use crate::money::Vnd;
use serde::{Deserialize, Serialize};

/// A calendar month, in Vietnam's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u8,
}

impl Month {
    /// `YYYY-MM`.
    ///
    /// # Errors
    /// A message for anything else.
    pub fn parse(input: &str) -> Result<Self, Text> {
        let bad = || {
            Text::new(
                "Tháng phải có dạng YYYY-MM, ví dụ 2026-11",
                "The month must look like YYYY-MM, for example 2026-11",
            )
        };
        let (y, m) = input.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        if !(2000..=2100).contains(&year) || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Self { year, month })
    }

    /// The month a day falls in.
    #[must_use]
    pub fn of(date: Date) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    #[must_use]
    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    #[must_use]
    pub fn previous(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The first day.
    #[must_use]
    pub fn first_day(self) -> Date {
        Date::from_ymd(self.year, self.month, 1)
            .unwrap_or_else(|_| unreachable!("the first of a valid month exists"))
    }

    /// `[start, end)` in Unix seconds: from midnight of the first day to midnight of
    /// the next month's first day, Vietnam time.
    #[must_use]
    pub fn bounds_unix(self) -> (i64, i64) {
        let at = |d: Date| d.days_since_epoch() * 86_400 - VN_UTC_OFFSET_SECONDS;
        (at(self.first_day()), at(self.next().first_day()))
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A share, kept exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub numerator: i64,
    pub denominator: i64,
}

impl Share {
    #[must_use]
    pub fn new(numerator: i64, denominator: i64) -> Self {
        Self {
            numerator,
            denominator,
        }
    }

    /// Tenths of a percent, rounded half up; `None` with nothing to divide by.
    #[must_use]
    pub fn permille(self) -> Option<i64> {
        (self.denominator > 0)
            .then(|| (self.numerator * 2000 + self.denominator) / (2 * self.denominator))
    }

    /// Whether it reaches `target_percent`; `None` with nothing to measure.
    #[must_use]
    pub fn meets(self, target_percent: i64) -> Option<bool> {
        (self.denominator > 0).then(|| self.numerator * 100 >= target_percent * self.denominator)
    }

    /// `33,3 %` (Vietnamese) or `33.3%` (English); `—` with nothing to measure.
    #[must_use]
    pub fn display(self, english: bool) -> String {
        match self.permille() {
            None => "—".to_owned(),
            Some(p) if english => format!("{}.{}%", p / 10, p % 10),
            Some(p) => format!("{},{} %", p / 10, p % 10),
        }
    }
}

/// The figures of one agency or one procedure for the month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Dossiers submitted in the month whose fee is not 0.
    pub fee_bearing_dossiers: i64,
    /// Of those, paid by dynamic QR (online, or from a desk notice's link or slip).
    pub paid_online_qr: i64,
    /// Fee-bearing procedures (at least one fee line above 0).
    pub fee_bearing_procedures: i64,
    /// Of those, open to online payment.
    pub procedures_online: i64,
    /// Paid in the month, all online providers (VND).
    pub collected_vnd: Vnd,
    /// Paid in the month by dynamic QR (VND).
    pub collected_qr_vnd: Vnd,
    /// Given back in the month (refunds paid out), counted apart from what was
    /// collected (VND).
    #[serde(default)]
    pub refunded_vnd: Vnd,
}

impl Figures {
    /// Indicator 3.6: dossiers paid online.
    #[must_use]
    pub fn paid_online(&self) -> Share {
        Share::new(self.paid_online_qr, self.fee_bearing_dossiers)
    }

    /// Indicator 3.5: fee-bearing procedures configured for online payment.
    #[must_use]
    pub fn procedures_configured(&self) -> Share {
        Share::new(self.procedures_online, self.fee_bearing_procedures)
    }
}

/// One agency's line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyReport {
    pub code: String,
    pub name: String,
    pub target_pct: i64,
    pub figures: Figures,
    /// `None` when the agency had no fee-bearing dossier in the month.
    pub target_met: Option<bool>,
    pub procedures: Vec<ProcedureReport>,
}

/// One procedure's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureReport {
    pub code: String,
    pub name: String,
    pub online_payment: bool,
    pub figures: Figures,
}

/// The report of a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyReport {
    pub month: Month,
    pub agencies: Vec<AgencyReport>,
    /// All agencies shown, together.
    pub total: Figures,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_strictly() {
        assert_eq!(
            Month::parse("2026-11"),
            Ok(Month {
                year: 2026,
                month: 11
            })
        );
        for bad in [
            "2026-13", "2026-1", "26-11", "2026/11", "", "2026-00", "abcd-ef",
        ] {
            assert!(Month::parse(bad).is_err(), "{bad}");
        }
        let m = Month::parse("2026-12").unwrap();
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(
            Month::parse("2026-01").unwrap().previous().to_string(),
            "2025-12"
        );
    }

    #[test]
    fn months_start_at_midnight_in_vietnam() {
        let (start, end) = Month::parse("2026-11").unwrap().bounds_unix();
        // 2026-11-01T00:00+07:00 and 2026-12-01T00:00+07:00.
        assert_eq!(start, 1_793_466_000);
        assert_eq!(end, 1_796_058_000);
        assert_eq!(Date::from_unix_vn(start).to_string(), "2026-11-01");
        assert_eq!(Date::from_unix_vn(start - 1).to_string(), "2026-10-31");
        assert_eq!(Date::from_unix_vn(end - 1).to_string(), "2026-11-30");
    }

    #[test]
    fn shares_round_and_compare_exactly() {
        let third = Share::new(1, 3);
        assert_eq!(third.permille(), Some(333));
        assert_eq!(third.display(false), "33,3 %");
        assert_eq!(third.display(true), "33.3%");
        assert_eq!(Share::new(2, 3).permille(), Some(667));
        assert_eq!(Share::new(0, 0).permille(), None);
        assert_eq!(Share::new(0, 0).display(false), "—");
        assert_eq!(Share::new(0, 0).meets(30), None);
        // 3 of 10 is exactly 30 %: met; 2 of 7 (28.6 %) is not.
        assert_eq!(Share::new(3, 10).meets(30), Some(true));
        assert_eq!(Share::new(2, 7).meets(30), Some(false));
        assert_eq!(Share::new(5, 5).meets(100), Some(true));
    }
}
