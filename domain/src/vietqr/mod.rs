//! VietQR: the NAPAS profile of the EMVCo merchant-presented QR code (research/payments.md
//! §A). [`decode`] reads any payload and lists every rule it breaks; [`encode`] writes the
//! dynamic transfer QR our fee notices use.

mod crc;
mod decode;
mod encode;
mod tlv;

pub use crc::crc16_ccitt_false;
pub use decode::{Decoded, QrError, decode};
pub use encode::{EncodeError, Transfer, encode};

/// NAPAS's application identifier in tag 38/00.
pub const NAPAS_GUID: &str = "A000000727";
/// NAPAS247 transfer to an account number.
pub const SERVICE_TO_ACCOUNT: &str = "QRIBFTTA";
/// NAPAS247 transfer to a card number.
pub const SERVICE_TO_CARD: &str = "QRIBFTTC";
/// ISO 4217 numeric code of the đồng.
pub const CURRENCY_VND: &str = "704";

#[cfg(test)]
mod tests;
