//! The QR code on the front of a chip-based citizen ID card (CCCD), as a 2D scanner
//! types it: `ID|old ID|full name|DDMMYYYY|sex|address|issue date DDMMYYYY`.
//! What it holds prefills the identity fields, and every part is checked.

use crate::national_id::{NationalId, Sex};
use crate::{Date, Localized, Text};
use serde::{Deserialize, Serialize};

/// What a CCCD's QR says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CccdCard {
    pub national_id: String,
    /// The 9-digit identity card number it replaced, if any.
    pub old_id: String,
    pub full_name: String,
    pub date_of_birth: Date,
    pub sex: Sex,
    pub address: String,
    pub issued_on: Date,
}

/// Why a scan was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CccdQrError {
    /// Not seven `|`-separated parts.
    Shape,
    NationalId(crate::national_id::NationalIdError),
    BirthDate,
    IssueDate,
    Name,
    Sex,
    /// The sex in the text differs from the one the number encodes.
    SexMismatch,
}

impl Localized for CccdQrError {
    fn text(&self) -> Text {
        match self {
            Self::Shape => Text::new(
                "Mã QR không phải mã trên thẻ căn cước; hãy quét lại mặt trước của thẻ",
                "This is not the QR of a citizen ID card; scan the front of the card again",
            ),
            Self::NationalId(e) => {
                let t = e.text();
                Text::new(
                    format!("Mã QR trên thẻ: {}", t.vi),
                    format!("Card QR: {}", t.en),
                )
            }
            Self::BirthDate => Text::new(
                "Ngày sinh trong mã QR không hợp lệ",
                "The date of birth in the QR is not valid",
            ),
            Self::IssueDate => Text::new(
                "Ngày cấp trong mã QR không hợp lệ",
                "The issue date in the QR is not valid",
            ),
            Self::Name => Text::new(
                "Họ tên trong mã QR không hợp lệ",
                "The name in the QR is not valid",
            ),
            Self::Sex => Text::new(
                "Giới tính trong mã QR không hợp lệ",
                "The sex in the QR is not valid",
            ),
            Self::SexMismatch => Text::new(
                "Giới tính không khớp với số căn cước; thẻ có thể đã bị sửa",
                "The sex does not match the ID number; the card may have been altered",
            ),
        }
    }
}
crate::localized_error!(CccdQrError);

fn ddmmyyyy(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Date::from_ymd(
        s[4..].parse().ok()?,
        s[2..4].parse().ok()?,
        s[..2].parse().ok()?,
    )
    .ok()
}

/// Reads a scan (whatever the scanner typed, trailing newline included).
///
/// # Errors
/// `CccdQrError` naming what does not hold.
pub fn parse(scan: &str, today: Date) -> Result<CccdCard, CccdQrError> {
    let scan = crate::text::clean(scan.trim_matches(|c: char| c.is_whitespace()));
    let parts: Vec<&str> = scan.split('|').collect();
    if parts.len() != 7 {
        return Err(CccdQrError::Shape);
    }
    let date_of_birth = ddmmyyyy(parts[3]).ok_or(CccdQrError::BirthDate)?;
    if date_of_birth > today {
        return Err(CccdQrError::BirthDate);
    }
    let id = NationalId::parse_with_birth_date(parts[0], date_of_birth, today)
        .map_err(CccdQrError::NationalId)?;
    let issued_on = ddmmyyyy(parts[6]).ok_or(CccdQrError::IssueDate)?;
    if issued_on > today || issued_on < date_of_birth {
        return Err(CccdQrError::IssueDate);
    }
    let full_name = parts[2].trim().to_owned();
    if full_name.is_empty()
        || !full_name
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '-')
    {
        return Err(CccdQrError::Name);
    }
    let sex = match crate::text::fold(parts[4]).as_str() {
        "nam" => Sex::Male,
        "nu" => Sex::Female,
        _ => return Err(CccdQrError::Sex),
    };
    if sex != id.sex() {
        return Err(CccdQrError::SexMismatch);
    }
    let old_id = parts[1].trim();
    Ok(CccdCard {
        national_id: id.as_str().to_owned(),
        old_id: if old_id.bytes().all(|b| b.is_ascii_digit()) {
            old_id.to_owned()
        } else {
            String::new()
        },
        full_name,
        date_of_birth,
        sex,
        address: parts[5].trim().to_owned(),
        issued_on,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 24).unwrap()
    }

    #[test]
    fn a_card_reads_into_identity_fields() {
        let scan = "001090123456|013456789|Nguyễn Văn An|17051990|Nam|Số 5 ngõ 3, Quang Trung, Hà Đông, Hà Nội|01072021\n";
        let card = parse(scan, today()).unwrap();
        assert_eq!(card.national_id, "001090123456");
        assert_eq!(card.old_id, "013456789");
        assert_eq!(card.full_name, "Nguyễn Văn An");
        assert_eq!(card.date_of_birth, Date::from_ymd(1990, 5, 17).unwrap());
        assert_eq!(card.sex, Sex::Male);
        assert_eq!(card.address, "Số 5 ngõ 3, Quang Trung, Hà Đông, Hà Nội");
        assert_eq!(card.issued_on, Date::from_ymd(2021, 7, 1).unwrap());
        // A woman born in 2001 (century digit 3), no old number.
        let card = parse(
            "079301012345||Trần Thị Bình|02032001|Nữ|TP Hồ Chí Minh|15082022",
            today(),
        )
        .unwrap();
        assert_eq!((card.sex, card.old_id.as_str()), (Sex::Female, ""));
    }

    #[test]
    fn what_does_not_hold_is_named() {
        let cases = [
            ("001090123456|Nguyễn Văn An", CccdQrError::Shape),
            ("https://example.com", CccdQrError::Shape),
            (
                "001090123456||Nguyễn Văn An|32131990|Nam|Hà Nội|01072021",
                CccdQrError::BirthDate,
            ),
            (
                "001090123456||Nguyễn Văn An|17051990|Nam|Hà Nội|01072031",
                CccdQrError::IssueDate,
            ),
            (
                "001090123456||Nguyễn Văn An 2|17051990|Nam|Hà Nội|01072021",
                CccdQrError::Name,
            ),
            (
                "001090123456||Nguyễn Văn An|17051990|X|Hà Nội|01072021",
                CccdQrError::Sex,
            ),
            (
                "001090123456||Nguyễn Văn An|17051990|Nữ|Hà Nội|01072021",
                CccdQrError::SexMismatch,
            ),
        ];
        for (scan, want) in cases {
            assert_eq!(parse(scan, today()), Err(want), "{scan}");
        }
        assert!(matches!(
            parse(
                "001090123456||Nguyễn Văn An|17051991|Nam|Hà Nội|01072021",
                today()
            ),
            Err(CccdQrError::NationalId(_))
        ));
    }
}
