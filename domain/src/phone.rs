//! Vietnamese mobile numbers. Accepts `0912345678`, `+84912345678`, `84912345678`
//! with spaces, dots or dashes; stores one canonical form, E.164 (`+84912345678`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A Vietnamese mobile number in E.164 form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    Invalid,
}

impl crate::Localized for PhoneError {
    fn text(&self) -> crate::Text {
        match self {
            Self::Empty => {
                crate::Text::new("Vui lòng nhập số điện thoại", "Please enter a phone number")
            }
            Self::Invalid => crate::Text::new(
                "Số điện thoại không hợp lệ: hãy nhập 10 số bắt đầu bằng 0 (ví dụ 0912345678) hoặc +84",
                "Invalid phone number: enter 10 digits starting with 0 (e.g. 0912345678) or +84",
            ),
        }
    }
}
crate::localized_error!(PhoneError);

impl PhoneNumber {
    /// The two forms a machine writes (the REST API takes only these):
    /// `0912345678` and `+84912345678`.
    pub const PATTERN: &'static str = r"^(0|\+84)[35789][0-9]{8}$";

    /// Parses a number written exactly as [`Self::PATTERN`] says: no spaces, dots or
    /// other prefixes, which people may type but a program sending JSON need not.
    ///
    /// # Errors
    /// `PhoneError` for anything else.
    pub fn parse_exact(input: &str) -> Result<Self, PhoneError> {
        let national = input
            .strip_prefix("+84")
            .or_else(|| input.strip_prefix('0'))
            .ok_or(if input.is_empty() {
                PhoneError::Empty
            } else {
                PhoneError::Invalid
            })?;
        let ok = national.len() == 9
            && national.bytes().all(|b| b.is_ascii_digit())
            && matches!(national.as_bytes()[0], b'3' | b'5' | b'7' | b'8' | b'9');
        if ok {
            Ok(Self(format!("+84{national}")))
        } else {
            Err(PhoneError::Invalid)
        }
    }

    /// Parses a mobile number written the usual ways.
    ///
    /// The rule is the pattern `^(0|\+84)(3|5|7|8|9)\d{8}$`; carriers are not checked,
    /// because prefixes change when numbers are re-assigned.
    ///
    /// # Errors
    /// `PhoneError` when the number is not a Vietnamese mobile number.
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let compact: String = input
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')' | '\u{a0}'))
            .collect();
        if compact.is_empty() {
            return Err(PhoneError::Empty);
        }
        let national = if let Some(rest) = compact.strip_prefix("+84") {
            rest
        } else if let Some(rest) = compact.strip_prefix("0084") {
            rest
        } else if compact.len() == 11 && compact.starts_with("84") {
            &compact[2..]
        } else if let Some(rest) = compact.strip_prefix('0') {
            rest
        } else {
            return Err(PhoneError::Invalid);
        };
        let ok = national.len() == 9
            && national.bytes().all(|b| b.is_ascii_digit())
            && matches!(national.as_bytes()[0], b'3' | b'5' | b'7' | b'8' | b'9');
        if !ok {
            return Err(PhoneError::Invalid);
        }
        Ok(Self(format!("+84{national}")))
    }

    /// `+84912345678`
    #[must_use]
    pub fn e164(&self) -> &str {
        &self.0
    }

    /// `0912345678`, the form people write and SMS gateways of Vietnamese carriers take.
    #[must_use]
    pub fn national(&self) -> String {
        format!("0{}", &self.0[3..])
    }

    /// `0912 *** 678`, for screens and logs that must not show the whole number.
    #[must_use]
    pub fn masked(&self) -> String {
        let n = self.national();
        format!("{} *** {}", &n[..4], &n[7..])
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.national())
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_exact` takes what [`PhoneNumber::PATTERN`] matches, and only that.
    #[test]
    fn the_exact_forms_are_the_pattern() {
        for ok in [
            "0912345678",
            "+84912345678",
            "0312345678",
            "0598765432",
            "0799999999",
        ] {
            assert!(PhoneNumber::parse_exact(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            PhoneNumber::parse_exact("0912345678").unwrap(),
            PhoneNumber::parse_exact("+84912345678").unwrap()
        );
        for bad in [
            "",
            "0912 345 678",
            " 0912345678",
            "0912345678 ",
            "84912345678",
            "0084912345678",
            "0212345678",
            "091234567",
            "09123456789",
            "+8491234567a",
            "０912345678",
        ] {
            assert!(PhoneNumber::parse_exact(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn accepts_the_usual_ways_of_writing_one_number() {
        for input in [
            "0912345678",
            "+84912345678",
            "84912345678",
            "0084912345678",
            "0912 345 678",
            "0912.345.678",
            " +84 91-234-5678 ",
        ] {
            let p = PhoneNumber::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(p.e164(), "+84912345678", "{input}");
        }
    }

    #[test]
    fn shows_national_and_masked_forms() {
        let p = PhoneNumber::parse("+84981234567").unwrap();
        assert_eq!(p.national(), "0981234567");
        assert_eq!(p.to_string(), "0981234567");
        assert_eq!(p.masked(), "0981 *** 567");
    }

    #[test]
    fn refuses_non_mobile_numbers() {
        assert_eq!(PhoneNumber::parse(""), Err(PhoneError::Empty));
        for input in [
            "091234567",   // 9 digits
            "09123456789", // 11 digits
            "0212345678",  // landline-like prefix
            "0612345678",  // no mobile range starts with 6
            "+1912345678", // not Vietnam
            "09123a5678",  // letters
            "912345678",   // missing leading 0
        ] {
            assert_eq!(
                PhoneNumber::parse(input),
                Err(PhoneError::Invalid),
                "{input}"
            );
        }
    }

    #[test]
    fn every_mobile_range_is_accepted() {
        for first in ['3', '5', '7', '8', '9'] {
            assert!(PhoneNumber::parse(&format!("0{first}12345678")).is_ok());
        }
    }
}
