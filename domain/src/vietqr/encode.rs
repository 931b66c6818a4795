//! Writing the dynamic VietQR of a fee payment (research/payments.md §A.8).

use super::tlv::write;
use super::{CURRENCY_VND, NAPAS_GUID, SERVICE_TO_ACCOUNT, crc16_ccitt_false};
use crate::{Localized, Text};

/// A transfer to an account through NAPAS247.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// The bank's 6-digit BIN.
    pub bin: String,
    pub account: String,
    /// Whole đồng; `None` lets the payer type it (static codes only).
    pub amount_vnd: Option<crate::Vnd>,
    /// The transfer memo (62/08): printable ASCII, at most 25 characters.
    pub purpose: Option<String>,
    /// Our payment reference (62/05), also unique; ASCII, at most 25 characters.
    pub reference: Option<String>,
    /// Single-use (`12`) rather than reusable (`11`).
    pub dynamic: bool,
}

/// Why a transfer cannot be written as a VietQR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncodeError {
    Bin,
    Account,
    Amount,
    Text { tag: &'static str },
    TooLong,
}

impl Localized for EncodeError {
    fn text(&self) -> Text {
        match self {
            Self::Bin => Text::new(
                "Mã BIN ngân hàng phải gồm 6 chữ số",
                "The bank BIN must be 6 digits",
            ),
            Self::Account => Text::new(
                "Số tài khoản chỉ gồm chữ và số ASCII, tối đa 19 ký tự",
                "The account number must be ASCII letters and digits, at most 19 characters",
            ),
            Self::Amount => Text::new(
                "Số tiền phải lớn hơn 0 và dưới 500 triệu đồng",
                "The amount must be above zero and below 500 million đồng",
            ),
            Self::Text { tag } => Text::new(
                format!("Nội dung tag {tag} chỉ gồm ký tự ASCII in được, tối đa 25 ký tự"),
                format!("Tag {tag} takes printable ASCII, at most 25 characters"),
            ),
            Self::TooLong => Text::new("Mã QR quá dài", "The QR payload is too long"),
        }
    }
}
crate::localized_error!(EncodeError);

/// The NAPAS247 ceiling per transaction (below 500 million đồng).
pub const MAX_AMOUNT_VND: i64 = 499_999_999;

fn ans(v: &str, max: usize) -> bool {
    !v.is_empty() && v.chars().count() <= max && v.chars().all(|c| (' '..='~').contains(&c))
}

/// Writes the payload, CRC in upper case.
///
/// # Errors
/// `EncodeError` for a value the profile does not allow.
pub fn encode(t: &Transfer) -> Result<String, EncodeError> {
    if t.bin.len() != 6 || !t.bin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EncodeError::Bin);
    }
    if !ans(&t.account, 19) || !t.account.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(EncodeError::Account);
    }
    if let Some(a) = t.amount_vnd
        && !(1..=MAX_AMOUNT_VND).contains(&a.get())
    {
        return Err(EncodeError::Amount);
    }
    let org = write("00", &t.bin) + &write("01", &t.account);
    let account = write("00", NAPAS_GUID) + &write("01", &org) + &write("02", SERVICE_TO_ACCOUNT);
    let mut additional = String::new();
    if let Some(r) = &t.reference {
        if !ans(r, 25) {
            return Err(EncodeError::Text { tag: "62/05" });
        }
        additional += &write("05", r);
    }
    if let Some(p) = &t.purpose {
        if !ans(p, 25) {
            return Err(EncodeError::Text { tag: "62/08" });
        }
        additional += &write("08", p);
    }
    if additional.chars().count() > 99 {
        return Err(EncodeError::TooLong);
    }
    let mut out = write("00", "01")
        + &write("01", if t.dynamic { "12" } else { "11" })
        + &write("38", &account);
    out += &write("53", CURRENCY_VND);
    if let Some(a) = t.amount_vnd {
        out += &write("54", &a.get().to_string());
    }
    out += &write("58", "VN");
    if !additional.is_empty() {
        out += &write("62", &additional);
    }
    out += "6304";
    let crc = crc16_ccitt_false(out.as_bytes());
    Ok(format!("{out}{crc:04X}"))
}
