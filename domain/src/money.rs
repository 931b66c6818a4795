//! Money is an integer number of Vietnamese đồng. Never a float.

use serde::{Deserialize, Serialize};

/// An amount in VND (đồng). Fees are never negative.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct Vnd(i64);

/// Why an amount was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    Negative,
    /// Not a whole number of đồng.
    NotANumber,
}

impl crate::Localized for MoneyError {
    fn text(&self) -> crate::Text {
        match self {
            Self::Negative => {
                crate::Text::new("Số tiền không được âm", "The amount cannot be negative")
            }
            Self::NotANumber => crate::Text::new(
                "Số tiền là một số đồng, ví dụ 200000",
                "The amount is a whole number of đồng, e.g. 200000",
            ),
        }
    }
}
crate::localized_error!(MoneyError);

impl Vnd {
    pub const ZERO: Self = Self(0);

    /// A fee amount.
    ///
    /// # Errors
    /// `MoneyError::Negative` for amounts below zero.
    pub fn try_new(amount: i64) -> Result<Self, MoneyError> {
        if amount < 0 {
            Err(MoneyError::Negative)
        } else {
            Ok(Self(amount))
        }
    }

    #[must_use]
    pub fn get(self) -> i64 {
        self.0
    }

    /// Vietnamese grouping: `200.000 đ`.
    #[must_use]
    pub fn display_vi(self) -> String {
        format!("{} đ", group_thousands(self.0, '.'))
    }

    /// English grouping: `200,000 VND`.
    #[must_use]
    pub fn display_en(self) -> String {
        format!("{} VND", group_thousands(self.0, ','))
    }

    /// The amount in both languages (`200.000 đ` / `200,000 VND`): the one money
    /// formatter; a stored amount that is somehow negative reads as 0.
    #[must_use]
    pub fn text_of(amount: i64) -> crate::Text {
        Self::stored(amount).text()
    }

    /// The amount in both languages: `200.000 đ` / `200,000 VND`.
    #[must_use]
    pub fn text(self) -> crate::Text {
        crate::Text::new(self.display_vi(), self.display_en())
    }

    /// An amount read back from storage, where the tables keep it non-negative; one
    /// that is somehow negative reads as 0, as [`Vnd::text_of`] shows it.
    #[must_use]
    pub fn stored(amount: i64) -> Self {
        Self::try_new(amount).unwrap_or_default()
    }

    /// A sum, product or share of amounts that are themselves never negative (the
    /// fee arithmetic works in `i64` with overflow checks and wraps the result here).
    pub(crate) fn computed(amount: i64) -> Self {
        Self(amount.max(0))
    }
}

impl TryFrom<i64> for Vnd {
    type Error = MoneyError;

    fn try_from(amount: i64) -> Result<Self, MoneyError> {
        Self::try_new(amount)
    }
}

/// An amount equals that number of đồng (so tests and checks read `total == 205_000`).
impl PartialEq<i64> for Vnd {
    fn eq(&self, other: &i64) -> bool {
        self.0 == *other
    }
}

/// A whole number of đồng as written plainly (`205000`), as a command line or a form
/// field carries it.
impl std::str::FromStr for Vnd {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, MoneyError> {
        s.trim()
            .parse::<i64>()
            .map_err(|_| MoneyError::NotANumber)
            .and_then(Self::try_new)
    }
}

impl From<Vnd> for i64 {
    fn from(v: Vnd) -> Self {
        v.0
    }
}

impl std::ops::Add for Vnd {
    type Output = Self;

    fn add(self, other: Self) -> Self {
        Self(self.0.saturating_add(other.0))
    }
}

impl std::ops::AddAssign for Vnd {
    fn add_assign(&mut self, other: Self) {
        *self = *self + other;
    }
}

impl std::iter::Sum for Vnd {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ZERO, |a, b| a + b)
    }
}

/// `200.000 đ`: the Vietnamese reading (the one formatter, [`Vnd::text_of`], gives both).
impl std::fmt::Display for Vnd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display_vi())
    }
}

fn group_thousands(n: i64, sep: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands_the_vietnamese_way() {
        assert_eq!(Vnd::try_new(200_000).unwrap().display_vi(), "200.000 đ");
        assert_eq!(Vnd::try_new(0).unwrap().display_vi(), "0 đ");
        assert_eq!(
            Vnd::try_new(6_000_000).unwrap().display_en(),
            "6,000,000 VND"
        );
        assert_eq!(Vnd::try_new(999).unwrap().display_vi(), "999 đ");
    }

    /// The fee of procedure 2.000488 in the seed data (200.000 đ per certificate, TT
    /// 244/2016/TT-BTC Điều 4), as both languages read it.
    #[test]
    fn text_of_reads_in_both_languages() {
        let t = Vnd::text_of(200_000);
        assert_eq!((t.vi.as_str(), t.en.as_str()), ("200.000 đ", "200,000 VND"));
        assert_eq!(Vnd::text_of(-5).vi, "0 đ");
    }

    #[test]
    fn refuses_negative_amounts() {
        assert_eq!(Vnd::try_new(-1), Err(MoneyError::Negative));
        assert_eq!(Vnd::try_from(-1), Err(MoneyError::Negative));
        // Read from JSON (a request body, a stored receipt) the same rule holds: a
        // negative amount is refused, not carried.
        assert!(serde_json::from_str::<Vnd>("-1").is_err());
        assert_eq!(serde_json::from_str::<Vnd>("205000").unwrap(), 205_000);
        assert_eq!("205000".parse::<Vnd>().unwrap(), 205_000);
        assert_eq!("-5".parse::<Vnd>(), Err(MoneyError::Negative));
        assert_eq!("5e3".parse::<Vnd>(), Err(MoneyError::NotANumber));
    }

    /// Two records of procedure 2.000488 at 200.000 đ each (TT 244/2016/TT-BTC Điều 4).
    #[test]
    fn amounts_add_and_read_back() {
        let one = Vnd::try_from(200_000).unwrap();
        let total: Vnd = [one, one].into_iter().sum();
        assert_eq!(i64::from(total), 400_000);
        assert_eq!(total.to_string(), "400.000 đ");
        assert_eq!(
            serde_json::to_string(&total).unwrap(),
            "400000",
            "stored and sent as a number"
        );
    }
}
