//! VNPAY as a second provider: a signed payment URL per attempt, the IPN (the only
//! thing that changes a payment's state) answered with VNPAY's `RspCode`s, and the
//! return URL checked for display only.

use super::attempts::{Attempt, NewAttempt, due_notice, insert_attempt, live_attempt};
use super::settle::{self, Applied};
use crate::dossiers::Who;
use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::payment::{Credit, ExceptionKind, Provider};
use domain::vnpay::{self, IpnAnswer, PayRequest};
use hmac::{Hmac, Mac};
use sha2::Sha512;
use std::collections::BTreeMap;

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
}

impl std::fmt::Debug for VnpayConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VnpayConfig")
            .field("tmn_code", &self.tmn_code)
            .field("hash_secret", &"[redacted]")
            .field("pay_url", &self.pay_url)
            .field("return_url", &self.return_url)
            .finish()
    }
}

fn mac(secret: &str) -> Hmac<Sha512> {
    <Hmac<Sha512> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"))
}

/// Hex HMAC-SHA512 of the parameters' signing string.
#[must_use]
pub fn sign(secret: &str, params: &BTreeMap<String, String>) -> String {
    let mut m = mac(secret);
    m.update(vnpay::signing_string(params).as_bytes());
    hex::encode(m.finalize().into_bytes())
}

/// Checks `vnp_SecureHash` (any case) in constant time.
#[must_use]
pub fn verify(secret: &str, params: &BTreeMap<String, String>) -> bool {
    let Some(given) = params
        .get(vnpay::HASH_PARAM)
        .and_then(|h| hex::decode(h.trim().to_ascii_lowercase()).ok())
    else {
        return false;
    };
    let mut m = mac(secret);
    m.update(vnpay::signing_string(params).as_bytes());
    m.verify_slice(&given).is_ok()
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
    let notice = due_notice(s, who, code).await?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    if let Some(row) = live_attempt(&mut tx, notice.id, Provider::Vnpay, now).await? {
        tx.commit().await?;
        return Ok((row.into_attempt(now)?, false));
    }
    let new = NewAttempt {
        notice_id: notice.id,
        amount_vnd: notice.amount_vnd,
        provider: Provider::Vnpay,
        now,
        expires_at: now + s.payment_ttl_seconds,
    };
    let (attempt, created) = insert_attempt(s, &mut tx, &new, |r| {
        let params = vnpay::pay_params(&PayRequest {
            tmn_code: &cfg.tmn_code,
            amount_vnd: notice.amount_vnd,
            txn_ref: r,
            order_info: &format!("Thanh toan phi le phi {r}"),
            return_url: &cfg.return_url,
            ip_addr: ip,
            created_at: now,
            expires_at: new.expires_at,
            locale_en: english,
        });
        Ok((
            String::new(),
            signed_url(&cfg.pay_url, &cfg.hash_secret, &params),
        ))
    })
    .await?;
    tx.commit().await?;
    Ok((attempt, created))
}

/// Handles an IPN call (its raw query string) and says what to answer. Every call
/// with a valid signature is stored raw once; a repeat is answered 02.
pub async fn ipn(s: &Services, raw_query: &str) -> IpnAnswer {
    match ipn_inner(s, raw_query).await {
        Ok(answer) => answer,
        Err(e) => {
            tracing::error!(error = ?e, "VNPAY IPN failed");
            IpnAnswer::Unknown
        }
    }
}

async fn ipn_inner(s: &Services, raw_query: &str) -> ServiceResult<IpnAnswer> {
    let Some(cfg) = s.vnpay.clone() else {
        return Ok(IpnAnswer::Unknown);
    };
    let params = vnpay::parse_query(raw_query);
    if !verify(&cfg.hash_secret, &params) {
        tracing::warn!("VNPAY IPN with a bad checksum refused");
        return Ok(IpnAnswer::InvalidSignature);
    }
    let get = |k: &str| params.get(k).map(String::as_str).unwrap_or_default();
    let txn_ref = get("vnp_TxnRef");
    let amount = vnpay::parse_amount(get("vnp_Amount"));
    if txn_ref.is_empty() || get("vnp_TmnCode") != cfg.tmn_code {
        return Ok(IpnAnswer::OrderNotFound);
    }
    let Some(amount) = amount else {
        return Ok(IpnAnswer::InvalidAmount);
    };
    let now = s.now();
    let success = vnpay::is_success(&params);
    let event_id = format!(
        "{txn_ref}:{}:{}",
        get("vnp_TransactionNo"),
        get("vnp_ResponseCode")
    );
    let mut tx = s.db.begin_write().await?;
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO bank_notifications (provider, event_id, raw_body, received_at, amount_vnd, content, \
         account_number, reference_code, outcome) VALUES ('vnpay', $1, $2, $3, $4, $5, '', $6, 'pending') \
         ON CONFLICT (provider, event_id) DO NOTHING RETURNING id",
    )
    .bind(&event_id)
    .bind(raw_query)
    .bind(now)
    .bind(amount)
    .bind(get("vnp_OrderInfo"))
    .bind(get("vnp_TransactionNo"))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((notification_id,)) = inserted else {
        // Seen before: nothing changes.
        let known = settle::named(&mut tx, txn_ref, Some(Provider::Vnpay)).await?;
        tx.commit().await?;
        return Ok(if known.is_some() {
            IpnAnswer::AlreadyConfirmed
        } else {
            IpnAnswer::OrderNotFound
        });
    };
    let known = settle::named(&mut tx, txn_ref, Some(Provider::Vnpay))
        .await?
        .is_some();
    let credit = Credit {
        amount_vnd: amount,
        // VNPAY settles to the merchant; it does not name a receiving account.
        account: None,
        moved: success,
    };
    let applied = settle::apply(
        s,
        &mut tx,
        notification_id,
        known.then_some((txn_ref, Some(Provider::Vnpay))),
        &credit,
        now,
    )
    .await?;
    tx.commit().await?;
    if let Some(id) = applied.attempt_id() {
        s.payment_events.notify(id);
    }
    Ok(answer(applied))
}

/// VNPAY's `RspCode` for what the IPN did: money taken for an order no longer open is
/// kept for staff to refund, and VNPAY is told the order is settled.
fn answer(applied: Applied) -> IpnAnswer {
    match applied {
        Applied::Paid { .. } | Applied::Failed { .. } => IpnAnswer::Confirmed,
        Applied::Exception { kind, .. } | Applied::Ignored { kind, .. } => match kind {
            ExceptionKind::UnknownReference => IpnAnswer::OrderNotFound,
            ExceptionKind::WrongAmount => IpnAnswer::InvalidAmount,
            ExceptionKind::WrongAccount
            | ExceptionKind::Late
            | ExceptionKind::NoticePaid
            | ExceptionKind::Duplicate => IpnAnswer::AlreadyConfirmed,
        },
    }
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
