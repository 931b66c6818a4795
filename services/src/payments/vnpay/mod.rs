//! VNPAY as a second provider: a signed payment URL per attempt, the IPN (the only
//! thing that changes a payment's state) answered with VNPAY's `RspCode`s, and the
//! return URL checked for display only.

use super::attempts::Attempt;
use super::gateway::{
    self, Failure, Gateway, Inbound, Message, Movement, Queried, Received, Refusal, Shown, Starting,
};
use super::settle::Applied;
use crate::dossiers::Who;
use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::payment::{ExceptionKind, Provider};
use domain::vnpay::{self, IpnAnswer, PayRequest};
use hmac::{Hmac, Mac};
use sha2::Sha512;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How the receipt names a VNPAY payment.
pub const METHOD_VNPAY: &str = Provider::Vnpay.receipt_method();

/// The merchant's VNPAY settings.
#[derive(Clone)]
pub struct VnpayConfig {
    pub tmn_code: String,
    pub hash_secret: String,
    /// The gateway's payment page (`…/paymentv2/vpcpay.html`, or the sandbox's).
    pub pay_url: String,
    /// Where VNPAY sends the payer back (`…/thanh-toan/vnpay/ket-qua`).
    pub return_url: String,
    /// The transaction API that answers `querydr` (`…/merchant_webapi/api/transaction`).
    pub api_url: String,
}

impl std::fmt::Debug for VnpayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VnpayConfig")
            .field("tmn_code", &self.tmn_code)
            .field("hash_secret", &"[redacted]")
            .field("pay_url", &self.pay_url)
            .field("return_url", &self.return_url)
            .field("api_url", &self.api_url)
            .finish()
    }
}

pub mod querydr;

fn mac(secret: &str) -> Hmac<Sha512> {
    <Hmac<Sha512> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"))
}

/// Hex HMAC-SHA512 of the parameters' signing string.
#[must_use]
pub fn sign(secret: &str, params: &BTreeMap<String, String>) -> String {
    querydr::sign_data(secret, &vnpay::signing_string(params))
}

/// Checks `vnp_SecureHash` (any case) in constant time.
#[must_use]
pub fn verify(secret: &str, params: &BTreeMap<String, String>) -> bool {
    params
        .get(vnpay::HASH_PARAM)
        .is_some_and(|given| querydr::verify_data(secret, &vnpay::signing_string(params), given))
}

/// The full payment URL: the parameters, form-encoded, then the hash.
#[must_use]
pub fn signed_url(base: &str, secret: &str, params: &BTreeMap<String, String>) -> String {
    format!(
        "{base}?{}&{}={}",
        vnpay::signing_string(params),
        vnpay::HASH_PARAM,
        sign(secret, params)
    )
}

/// VNPAY as a [`Gateway`]: a signed payment URL per attempt; its IPN, checked by
/// `vnp_SecureHash`, is the only thing that changes a payment's state.
#[derive(Debug, Clone)]
pub struct Vnpay(pub Arc<VnpayConfig>);

impl Gateway for Vnpay {
    const PROVIDER: Provider = Provider::Vnpay;
    const CHANNEL: &'static str = "vnpay";
    const ANY_PROVIDER: bool = false;
    type Answer = IpnAnswer;

    fn show(&self, a: &Starting<'_>) -> ServiceResult<Shown> {
        let cfg = &self.0;
        let params = vnpay::pay_params(&PayRequest {
            tmn_code: &cfg.tmn_code,
            amount_vnd: a.amount_vnd,
            txn_ref: a.reference,
            order_info: &format!("Thanh toan phi le phi {}", a.reference),
            return_url: &cfg.return_url,
            ip_addr: a.ip,
            created_at: a.now,
            expires_at: a.expires_at,
            locale_en: a.english,
        });
        Ok(Shown {
            qr_payload: String::new(),
            pay_url: signed_url(&cfg.pay_url, &cfg.hash_secret, &params),
        })
    }

    fn parse(&self, m: &Message<'_>, _now: i64) -> Result<Inbound, Refusal> {
        let cfg = &self.0;
        let params = vnpay::parse_query(m.body);
        if !verify(&cfg.hash_secret, &params) {
            tracing::warn!("VNPAY IPN with a bad checksum refused");
            return Err(Refusal::Signature);
        }
        let get = |k: &str| params.get(k).map(String::as_str).unwrap_or_default();
        let txn_ref = get("vnp_TxnRef");
        if txn_ref.is_empty() || get("vnp_TmnCode") != cfg.tmn_code {
            return Err(Refusal::NotOurs);
        }
        let amount = vnpay::parse_amount(get("vnp_Amount")).ok_or(Refusal::BadAmount)?;
        Ok(Inbound {
            event_id: format!(
                "{txn_ref}:{}:{}",
                get("vnp_TransactionNo"),
                get("vnp_ResponseCode")
            ),
            amount_vnd: amount,
            content: get("vnp_OrderInfo").to_owned(),
            // VNPAY settles to the merchant; it does not name a receiving account.
            account_number: None,
            bank_reference: get("vnp_TransactionNo").to_owned(),
            references: vec![txn_ref.to_owned()],
            movement: if vnpay::is_success(&params) {
                Movement::In
            } else {
                Movement::Failed
            },
            // When VNPAY took the money (signed with the rest): a payment finished just
            // before the deadline whose IPN arrives after it is not late.
            at: vnpay::parse_timestamp(get("vnp_PayDate")),
        })
    }

    /// VNPAY's `RspCode`: money taken for an order no longer open is kept for staff to
    /// refund, and VNPAY is told the order is settled.
    fn answer(&self, received: Result<Received, Failure>) -> IpnAnswer {
        match received {
            Ok(Received::Replay { known: true }) => IpnAnswer::AlreadyConfirmed,
            Ok(Received::Replay { known: false }) => IpnAnswer::OrderNotFound,
            Ok(Received::NotAPayment) => IpnAnswer::Confirmed,
            Ok(Received::Applied(Applied::Paid { .. } | Applied::Failed { .. })) => {
                IpnAnswer::Confirmed
            }
            Ok(Received::Applied(
                Applied::Exception { kind, .. } | Applied::Ignored { kind, .. },
            )) => match kind {
                ExceptionKind::UnknownReference => IpnAnswer::OrderNotFound,
                ExceptionKind::WrongAmount => IpnAnswer::InvalidAmount,
                ExceptionKind::WrongAccount
                | ExceptionKind::Late
                | ExceptionKind::NoticePaid
                | ExceptionKind::Duplicate => IpnAnswer::AlreadyConfirmed,
            },
            Err(Failure::Refused(Refusal::Signature)) => IpnAnswer::InvalidSignature,
            Err(Failure::Refused(Refusal::NotOurs)) => IpnAnswer::OrderNotFound,
            Err(Failure::Refused(Refusal::BadAmount)) => IpnAnswer::InvalidAmount,
            Err(Failure::Refused(Refusal::Malformed(_) | Refusal::NotConfigured)) => {
                IpnAnswer::Unknown
            }
            Err(Failure::Error(e)) => {
                tracing::error!(error = ?e, "VNPAY IPN failed");
                IpnAnswer::Unknown
            }
        }
    }

    async fn query(
        &self,
        s: &Services,
        attempt: &Queried,
    ) -> ServiceResult<Option<(Inbound, String)>> {
        querydr::ask(s, &self.0, attempt).await
    }
}

/// Starts (or resumes) paying a dossier's fee through VNPAY: an attempt with its
/// signed payment URL, valid for the configured time.
///
/// # Errors
/// As [`super::start_attempt`]; `Conflict` when VNPAY is not configured.
pub async fn start(
    s: &Services,
    who: &Who,
    code: &str,
    ip: &str,
    english: bool,
) -> ServiceResult<(Attempt, bool)> {
    let Some(cfg) = s.vnpay.clone() else {
        return Err(ServiceError::conflict(
            "Cổng VNPAY chưa được cấu hình; vui lòng thanh toán bằng mã QR",
            "VNPAY is not configured; please pay by QR code",
        ));
    };
    gateway::start(s, &Vnpay(cfg), who, code, ip, english).await
}

/// Handles an IPN call (its raw query string) and says what to answer. Every call
/// with a valid signature is stored raw once; a repeat is answered 02.
pub async fn ipn(s: &Services, raw_query: &str) -> IpnAnswer {
    let Some(cfg) = s.vnpay.clone() else {
        return IpnAnswer::Unknown;
    };
    gateway::receive(
        s,
        &Vnpay(cfg),
        &Message {
            body: raw_query,
            signature: None,
        },
    )
    .await
}

/// What the return URL may be used for: finding the attempt to show. The state
/// shown always comes from the database, never from these parameters.
///
/// # Errors
/// `Invalid` when the signature does not match; `NotFound` for an unknown order.
pub async fn returned(s: &Services, raw_query: &str) -> ServiceResult<(i64, String)> {
    let cfg = s.vnpay.clone().ok_or(ServiceError::NotFound)?;
    let params = vnpay::parse_query(raw_query);
    if !verify(&cfg.hash_secret, &params) {
        return Err(ServiceError::invalid_input(domain::Text::new(
            "Dữ liệu trả về từ VNPAY không hợp lệ",
            "The data VNPAY sent back is not valid",
        )));
    }
    let txn_ref = params.get("vnp_TxnRef").cloned().unwrap_or_default();
    let (id,): (i64,) = sqlx::query_as(
        "SELECT id FROM payment_attempts WHERE reference = $1 AND provider = 'vnpay'",
    )
    .bind(&txn_ref)
    .fetch_optional(&s.db.pool)
    .await?
    .ok_or(ServiceError::NotFound)?;
    Ok((
        id,
        params.get("vnp_ResponseCode").cloned().unwrap_or_default(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vectors computed independently (Python's `hmac` + `urllib.parse.urlencode`)
    /// from the documented algorithm: sort, form-encode, join, HMAC-SHA512.
    #[test]
    fn signatures_match_the_documented_algorithm() {
        let q = vnpay::parse_query(
            "vnp_Amount=20500000&vnp_Command=pay&vnp_CreateDate=20261124090000&vnp_CurrCode=VND\
             &vnp_ExpireDate=20261124091500&vnp_IpAddr=127.0.0.1&vnp_Locale=vn\
             &vnp_OrderInfo=Thanh+toan+phi+le+phi+MC261124K7QX9M2A&vnp_OrderType=other\
             &vnp_ReturnUrl=http%3A%2F%2F127.0.0.1%3A3000%2Fthanh-toan%2Fvnpay%2Fket-qua\
             &vnp_TmnCode=MOTCUA01&vnp_TxnRef=MC261124K7QX9M2A&vnp_Version=2.1.0",
        );
        let secret = "VNPAYTESTSECRETKEY0123456789ABCD";
        assert_eq!(sign(secret, &q), VECTOR_1);
        let mut signed = q.clone();
        signed.insert(vnpay::HASH_PARAM.into(), VECTOR_1.to_ascii_uppercase());
        signed.insert(vnpay::HASH_TYPE_PARAM.into(), "HmacSHA512".into());
        assert!(verify(secret, &signed), "case-insensitive, type ignored");
        signed.insert("vnp_Amount".into(), "20500100".into());
        assert!(!verify(secret, &signed), "tampered amount");
        assert!(!verify("another secret", &q));
    }

    const VECTOR_1: &str = "3af8a58cfd5568e6a0e4b5db9a6a0ae69074e77633adb212f832f58e3b622dcac1678406fe4d84f75fce9a979e7a561ad8d2cf77b0e3021ad2d0cd84bb2ff66e";

    /// An IPN-shaped set with Vietnamese text and punctuation in a value.
    #[test]
    fn unicode_values_are_signed_as_utf8_percent_encoding() {
        let mut q = BTreeMap::new();
        for (k, v) in [
            ("vnp_Amount", "500000"),
            ("vnp_BankCode", "NCB"),
            ("vnp_OrderInfo", "Thanh toán: hồ sơ (1)"),
            ("vnp_ResponseCode", "00"),
            ("vnp_TmnCode", "MOTCUA01"),
            ("vnp_TransactionNo", "14123456"),
            ("vnp_TransactionStatus", "00"),
            ("vnp_TxnRef", "MC1"),
        ] {
            q.insert(k.to_owned(), v.to_owned());
        }
        assert_eq!(
            vnpay::signing_string(&q),
            "vnp_Amount=500000&vnp_BankCode=NCB&vnp_OrderInfo=Thanh+to%C3%A1n%3A+h%E1%BB%93+s%C6%A1+%281%29\
             &vnp_ResponseCode=00&vnp_TmnCode=MOTCUA01&vnp_TransactionNo=14123456&vnp_TransactionStatus=00&vnp_TxnRef=MC1"
        );
        assert_eq!(
            sign("VNPAYTESTSECRETKEY0123456789ABCD", &q),
            "e10af6004f614d326797d99ba74522cf2e759b9f0003eb5e43ef740dedb188e8d4d121c30d738f189cb4b421e8b77649c5365321955fdf0b90ad5dcdc3958f5a"
        );
    }
}
