//! The dossier code of Thông tư 01/2018/TT-VPCP Điều 19: `<agency code>-YYMMDD-NNNN`,
//! the receiving agency's code, the reception date and the day's sequence number
//! (four digits, more once a day passes 9999).

use crate::catalog::AgencyCode;
use crate::{Date, Localized, Text};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A dossier code such as `000.00.31.H53-251124-0007`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DossierCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DossierCodeError;

impl Localized for DossierCodeError {
    fn text(&self) -> Text {
        Text::new(
            "Mã hồ sơ không đúng định dạng (ví dụ 000.00.31.H53-251124-0007)",
            "The dossier code is not in the national format (e.g. 000.00.31.H53-251124-0007)",
        )
    }
}
crate::localized_error!(DossierCodeError);

impl DossierCode {
    /// The code for the `seq`-th dossier (from 1) received by `agency` on `day`.
    #[must_use]
    pub fn new(agency: &AgencyCode, day: Date, seq: u32) -> Self {
        Self(format!(
            "{}-{:02}{:02}{:02}-{seq:04}",
            agency.as_str(),
            day.year().rem_euclid(100),
            day.month(),
            day.day()
        ))
    }

    /// Reads a code typed by a person: spaces trimmed, letters upper-cased; the agency
    /// part must be a national agency code, the date a real day, the sequence 4–7 digits.
    ///
    /// # Errors
    /// `DossierCodeError` for anything else.
    pub fn parse(input: &str) -> Result<Self, DossierCodeError> {
        let s: String = input
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let mut parts = s.rsplitn(3, '-');
        let (Some(seq), Some(date), Some(agency)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(DossierCodeError);
        };
        AgencyCode::parse(agency).map_err(|_| DossierCodeError)?;
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if date.len() != 6 || !digits(date) || !(4..=7).contains(&seq.len()) || !digits(seq) {
            return Err(DossierCodeError);
        }
        let n = |r: std::ops::Range<usize>| date[r].parse::<u8>().unwrap_or(0);
        Date::from_ymd(2000 + i32::from(n(0..2)), n(2..4), n(4..6))
            .map_err(|_| DossierCodeError)?;
        if seq.bytes().all(|b| b == b'0') {
            return Err(DossierCodeError);
        }
        Ok(Self(s))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The receiving agency's code.
    #[must_use]
    pub fn agency(&self) -> &str {
        self.0.rsplitn(3, '-').nth(2).unwrap_or_default()
    }
}

impl fmt::Display for DossierCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DossierCode {
    type Error = DossierCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<DossierCode> for String {
    fn from(c: DossierCode) -> Self {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agency() -> AgencyCode {
        AgencyCode::parse("000.20.31.H53").unwrap()
    }

    #[test]
    fn the_national_example() {
        let day = Date::from_ymd(2020, 6, 10).unwrap();
        let code = DossierCode::new(&agency(), day, 7);
        assert_eq!(code.as_str(), "000.20.31.H53-200610-0007");
        assert_eq!(code.agency(), "000.20.31.H53");
        assert_eq!(DossierCode::parse(" 000.20.31.h53-200610-0007 "), Ok(code));
    }

    #[test]
    fn more_digits_after_9999() {
        let day = Date::from_ymd(2026, 11, 24).unwrap();
        assert_eq!(
            DossierCode::new(&agency(), day, 10_000).as_str(),
            "000.20.31.H53-261124-10000"
        );
        assert!(DossierCode::parse("000.20.31.H53-261124-10000").is_ok());
    }

    #[test]
    fn newer_agency_codes_and_ministry_sequences() {
        assert!(DossierCode::parse("H15.50.05.13-261008-0975").is_ok());
        assert!(DossierCode::parse("000.00.31.H53-261008-1234567").is_ok());
    }

    #[test]
    fn refuses_malformed_codes() {
        for bad in [
            "",
            "000.20.31.H53",
            "000.20.31.H53-200610",
            "000.20.31.H53-200610-007",
            "000.20.31.H53-201310-0007",
            "000.20.31.H53-200631-0007",
            "000.20.31.H53-200610-0000",
            "000.20.31-200610-0007",
            "000.20.31.H53-2006100-0007",
            "000.20.31.H53-200610-12345678",
        ] {
            assert_eq!(DossierCode::parse(bad), Err(DossierCodeError), "{bad}");
        }
    }
}
