//! Số định danh cá nhân (12-digit căn cước / CCCD number): `PPP G YY NNNNNN`.
//!
//! `PPP` is the province code of the place of birth registration (the legacy table of
//! 63 provinces, unchanged by the 2025 mergers), `G` gives century and sex, `YY` the
//! last two digits of the birth year. There is no checksum.

use crate::date::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Province codes of Thông tư 07/2016/TT-BCA (63 provinces before 2025).
pub const PROVINCE_CODES: &[(&str, &str)] = &[
    ("001", "Hà Nội"),
    ("002", "Hà Giang"),
    ("004", "Cao Bằng"),
    ("006", "Bắc Kạn"),
    ("008", "Tuyên Quang"),
    ("010", "Lào Cai"),
    ("011", "Điện Biên"),
    ("012", "Lai Châu"),
    ("014", "Sơn La"),
    ("015", "Yên Bái"),
    ("017", "Hòa Bình"),
    ("019", "Thái Nguyên"),
    ("020", "Lạng Sơn"),
    ("022", "Quảng Ninh"),
    ("024", "Bắc Giang"),
    ("025", "Phú Thọ"),
    ("026", "Vĩnh Phúc"),
    ("027", "Bắc Ninh"),
    ("030", "Hải Dương"),
    ("031", "Hải Phòng"),
    ("033", "Hưng Yên"),
    ("034", "Thái Bình"),
    ("035", "Hà Nam"),
    ("036", "Nam Định"),
    ("037", "Ninh Bình"),
    ("038", "Thanh Hóa"),
    ("040", "Nghệ An"),
    ("042", "Hà Tĩnh"),
    ("044", "Quảng Bình"),
    ("045", "Quảng Trị"),
    ("046", "Thừa Thiên Huế"),
    ("048", "Đà Nẵng"),
    ("049", "Quảng Nam"),
    ("051", "Quảng Ngãi"),
    ("052", "Bình Định"),
    ("054", "Phú Yên"),
    ("056", "Khánh Hòa"),
    ("058", "Ninh Thuận"),
    ("060", "Bình Thuận"),
    ("062", "Kon Tum"),
    ("064", "Gia Lai"),
    ("066", "Đắk Lắk"),
    ("067", "Đắk Nông"),
    ("068", "Lâm Đồng"),
    ("070", "Bình Phước"),
    ("072", "Tây Ninh"),
    ("074", "Bình Dương"),
    ("075", "Đồng Nai"),
    ("077", "Bà Rịa - Vũng Tàu"),
    ("079", "TP. Hồ Chí Minh"),
    ("080", "Long An"),
    ("082", "Tiền Giang"),
    ("083", "Bến Tre"),
    ("084", "Trà Vinh"),
    ("086", "Vĩnh Long"),
    ("087", "Đồng Tháp"),
    ("089", "An Giang"),
    ("091", "Kiên Giang"),
    ("092", "Cần Thơ"),
    ("093", "Hậu Giang"),
    ("094", "Sóc Trăng"),
    ("095", "Bạc Liêu"),
    ("096", "Cà Mau"),
];

/// Sex as encoded in the century digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    Male,
    Female,
}

/// A 12-digit personal identification number that passed every structural check.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NationalId(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NationalIdError {
    Empty,
    Format,
    Province,
    FutureBirthYear(i32),
    BirthYearMismatch { in_id: i32, entered: i32 },
}

impl crate::Localized for NationalIdError {
    fn text(&self) -> crate::Text {
        use crate::Text;
        match self {
            Self::Empty => Text::new(
                "Vui lòng nhập số căn cước (CCCD) 12 chữ số",
                "Please enter the 12-digit citizen ID (CCCD) number",
            ),
            Self::Format => Text::new(
                "Số căn cước phải gồm đúng 12 chữ số",
                "The citizen ID number must have exactly 12 digits",
            ),
            Self::Province => Text::new(
                "3 chữ số đầu của số căn cước không phải mã tỉnh hợp lệ",
                "The first 3 digits of the citizen ID are not a valid province code",
            ),
            Self::FutureBirthYear(y) => Text::new(
                format!("Năm sinh trong số căn cước ({y}) ở tương lai"),
                format!("The birth year in the citizen ID ({y}) is in the future"),
            ),
            Self::BirthYearMismatch { in_id, entered } => Text::new(
                format!(
                    "Số căn cước cho năm sinh {in_id}, không khớp với ngày sinh đã nhập ({entered})"
                ),
                format!(
                    "The citizen ID gives birth year {in_id}, which does not match the date of birth entered ({entered})"
                ),
            ),
        }
    }
}
crate::localized_error!(NationalIdError);

impl NationalId {
    /// Checks the structure of the number against today's date (for the birth year).
    ///
    /// # Errors
    /// `NationalIdError` naming the first rule that failed.
    pub fn parse(input: &str, today: Date) -> Result<Self, NationalIdError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if s.is_empty() {
            return Err(NationalIdError::Empty);
        }
        if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NationalIdError::Format);
        }
        if province_name(&s[..3]).is_none() {
            return Err(NationalIdError::Province);
        }
        let id = Self(s);
        if id.birth_year() > today.year() {
            return Err(NationalIdError::FutureBirthYear(id.birth_year()));
        }
        Ok(id)
    }

    /// Parses and also checks that the birth date entered by the person matches.
    ///
    /// # Errors
    /// As [`NationalId::parse`], plus `BirthYearMismatch`.
    pub fn parse_with_birth_date(
        input: &str,
        birth_date: Date,
        today: Date,
    ) -> Result<Self, NationalIdError> {
        let id = Self::parse(input, today)?;
        if id.birth_year() != birth_date.year() {
            return Err(NationalIdError::BirthYearMismatch {
                in_id: id.birth_year(),
                entered: birth_date.year(),
            });
        }
        Ok(id)
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn digit(&self, i: usize) -> i32 {
        i32::from(self.0.as_bytes()[i] - b'0')
    }

    /// `1900 + 100 * (G / 2) + YY`.
    #[must_use]
    pub fn birth_year(&self) -> i32 {
        let g = self.digit(3);
        1900 + 100 * (g / 2) + self.digit(4) * 10 + self.digit(5)
    }

    #[must_use]
    pub fn sex(&self) -> Sex {
        if self.digit(3) % 2 == 0 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    #[must_use]
    pub fn province(&self) -> &'static str {
        province_name(&self.0[..3]).unwrap_or("")
    }

    /// `0012******45`: enough to recognise, not enough to reuse.
    #[must_use]
    pub fn masked(&self) -> String {
        format!("{}******{}", &self.0[..4], &self.0[10..])
    }
}

impl fmt::Display for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn province_name(code: &str) -> Option<&'static str> {
    PROVINCE_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 24).unwrap()
    }

    #[test]
    fn reads_century_sex_and_province() {
        let id = NationalId::parse("001090123456", today()).unwrap();
        assert_eq!(id.birth_year(), 1990);
        assert_eq!(id.sex(), Sex::Male);
        assert_eq!(id.province(), "Hà Nội");
        let id = NationalId::parse("079305000001", today()).unwrap();
        assert_eq!(id.birth_year(), 2005);
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.province(), "TP. Hồ Chí Minh");
        assert_eq!(id.masked(), "0793******01");
    }

    #[test]
    fn the_table_has_the_63_legacy_provinces() {
        assert_eq!(PROVINCE_CODES.len(), 63);
        let mut codes: Vec<_> = PROVINCE_CODES.iter().map(|(c, _)| *c).collect();
        codes.dedup();
        assert_eq!(codes.len(), 63);
    }

    #[test]
    fn refuses_bad_shapes_and_unknown_provinces() {
        assert_eq!(NationalId::parse("", today()), Err(NationalIdError::Empty));
        assert_eq!(
            NationalId::parse("12345678", today()),
            Err(NationalIdError::Format)
        );
        assert_eq!(
            NationalId::parse("00109012345a", today()),
            Err(NationalIdError::Format)
        );
        assert_eq!(
            NationalId::parse("003090123456", today()),
            Err(NationalIdError::Province)
        );
        assert_eq!(
            NationalId::parse("099090123456", today()),
            Err(NationalIdError::Province)
        );
    }

    #[test]
    fn refuses_birth_years_in_the_future() {
        // G = 2, YY = 30 → 2030.
        assert_eq!(
            NationalId::parse("001230123456", today()),
            Err(NationalIdError::FutureBirthYear(2030))
        );
    }

    #[test]
    fn birth_date_must_match_the_century_digit() {
        let dob = Date::from_ymd(1990, 3, 2).unwrap();
        assert!(NationalId::parse_with_birth_date("001090123456", dob, today()).is_ok());
        // Same YY but G = 2 means 2090 → future; G = 2 with YY 05 means 2005 ≠ 1990.
        assert_eq!(
            NationalId::parse_with_birth_date("001205123456", dob, today()),
            Err(NationalIdError::BirthYearMismatch {
                in_id: 2005,
                entered: 1990
            })
        );
        assert_eq!(
            NationalId::parse_with_birth_date("001191123456", dob, today()),
            Err(NationalIdError::BirthYearMismatch {
                in_id: 1991,
                entered: 1990
            })
        );
    }

    #[test]
    fn spaces_are_ignored() {
        assert!(NationalId::parse("001 090 123 456", today()).is_ok());
    }
}
