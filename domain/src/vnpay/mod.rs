//! VNPAY payment gateway, version 2.1.0 (research/payments.md §C.2): the parameters
//! of a payment URL, the string that is signed (HMAC-SHA512, computed in `services`),
//! and the IPN answers VNPAY expects. No IO here.

use crate::money::Vnd;
use std::collections::BTreeMap;

mod query;
pub use query::{
    QUERY_COMMAND, QUERY_RESPONSE_FIELDS, QueryDr, query_request_data, query_response_data,
};

pub const VERSION: &str = "2.1.0";
pub const HASH_PARAM: &str = "vnp_SecureHash";
pub const HASH_TYPE_PARAM: &str = "vnp_SecureHashType";

/// `application/x-www-form-urlencoded` as URLSearchParams writes it: letters, digits
/// and `*-._` stay, a space becomes `+`, every other byte of the UTF-8 is `%XX`.
#[must_use]
pub fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes one `application/x-www-form-urlencoded` component.
#[must_use]
pub fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses a query string into its parameters (the last of a repeated name wins).
#[must_use]
pub fn parse_query(query: &str) -> BTreeMap<String, String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

/// The text VNPAY signs: every `vnp_*` parameter except the hash itself and its type,
/// empty values dropped, sorted by name (ASCII), form-encoded, joined `k=v&k=v`.
#[must_use]
pub fn signing_string(params: &BTreeMap<String, String>) -> String {
    params
        .iter()
        .filter(|(k, v)| {
            k.starts_with("vnp_") && *k != HASH_PARAM && *k != HASH_TYPE_PARAM && !v.is_empty()
        })
        .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// VNPAY sends amounts in hundredths of a đồng: 10.000 đ is `1000000`.
#[must_use]
pub fn amount_param(vnd: Vnd) -> String {
    (i128::from(vnd.get()) * 100).to_string()
}

/// The amount in đồng from `vnp_Amount`, when it is a whole number of đồng.
#[must_use]
pub fn parse_amount(param: &str) -> Option<Vnd> {
    let v: i64 = param.trim().parse().ok()?;
    if v % 100 == 0 {
        Vnd::try_new(v / 100).ok()
    } else {
        None
    }
}

/// `yyyyMMddHHmmss` in Vietnam time (GMT+7), as VNPAY's dates are written.
#[must_use]
pub fn timestamp(unix_seconds: i64) -> String {
    let d = crate::Date::from_unix_vn(unix_seconds);
    let secs = (unix_seconds + 7 * 3600).rem_euclid(86_400);
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        d.year(),
        d.month(),
        d.day(),
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// Unix seconds from a `yyyyMMddHHmmss` time in Vietnam (GMT+7), as VNPAY writes them.
#[must_use]
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |a: usize, b: usize| s[a..b].parse::<i64>().ok();
    let year = i32::try_from(n(0, 4)?).ok()?;
    let month = u8::try_from(n(4, 6)?).ok()?;
    let day = u8::try_from(n(6, 8)?).ok()?;
    let (h, m, sec) = (n(8, 10)?, n(10, 12)?, n(12, 14)?);
    if h > 23 || m > 59 || sec > 59 {
        return None;
    }
    let date = crate::Date::from_ymd(year, month, day).ok()?;
    Some(date.days_since_epoch() * 86_400 + h * 3600 + m * 60 + sec - 7 * 3600)
}

/// `vnp_OrderInfo` and `vnp_TxnRef` keep to letters, digits, spaces and `:` so that
/// every URL encoder VNPAY's own code uses signs the same bytes.
#[must_use]
pub fn safe_text(s: &str) -> String {
    crate::text::unaccent(s)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == ':')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a payment request carries besides the merchant's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayRequest<'a> {
    pub tmn_code: &'a str,
    pub amount_vnd: Vnd,
    pub txn_ref: &'a str,
    pub order_info: &'a str,
    pub return_url: &'a str,
    pub ip_addr: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
    pub locale_en: bool,
}

/// The parameters of a payment URL, unsigned.
#[must_use]
pub fn pay_params(r: &PayRequest<'_>) -> BTreeMap<String, String> {
    let mut p = BTreeMap::new();
    let mut put = |k: &str, v: String| {
        p.insert(k.to_owned(), v);
    };
    put("vnp_Version", VERSION.to_owned());
    put("vnp_Command", "pay".to_owned());
    put("vnp_TmnCode", r.tmn_code.to_owned());
    put("vnp_Amount", amount_param(r.amount_vnd));
    put("vnp_CurrCode", "VND".to_owned());
    put("vnp_TxnRef", safe_text(r.txn_ref));
    put("vnp_OrderInfo", safe_text(r.order_info));
    put("vnp_OrderType", "other".to_owned());
    put(
        "vnp_Locale",
        if r.locale_en { "en" } else { "vn" }.to_owned(),
    );
    put("vnp_ReturnUrl", r.return_url.to_owned());
    put("vnp_IpAddr", r.ip_addr.to_owned());
    put("vnp_CreateDate", timestamp(r.created_at));
    put("vnp_ExpireDate", timestamp(r.expires_at));
    p
}

/// The answer to an IPN call (`{"RspCode","Message"}`), in VNPAY's order of checks:
/// checksum, order, amount, still pending, then the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpnAnswer {
    /// 00: recorded (a success or a failure).
    Confirmed,
    /// 01: no such order.
    OrderNotFound,
    /// 02: the order was already confirmed (a replay or a second payment).
    AlreadyConfirmed,
    /// 04: the amount differs from the order's.
    InvalidAmount,
    /// 97: the checksum does not match.
    InvalidSignature,
    /// 99: anything else.
    Unknown,
}

impl IpnAnswer {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Confirmed => "00",
            Self::OrderNotFound => "01",
            Self::AlreadyConfirmed => "02",
            Self::InvalidAmount => "04",
            Self::InvalidSignature => "97",
            Self::Unknown => "99",
        }
    }

    #[must_use]
    pub fn message(self) -> &'static str {
        match self {
            Self::Confirmed => "Confirm Success",
            Self::OrderNotFound => "Order not found",
            Self::AlreadyConfirmed => "Order already confirmed",
            Self::InvalidAmount => "Invalid amount",
            Self::InvalidSignature => "Invalid signature",
            Self::Unknown => "Unknown error",
        }
    }
}

/// The payment succeeded: both `vnp_ResponseCode` and `vnp_TransactionStatus` are 00.
#[must_use]
pub fn is_success(params: &BTreeMap<String, String>) -> bool {
    params.get("vnp_ResponseCode").map(String::as_str) == Some("00")
        && params
            .get("vnp_TransactionStatus")
            .is_none_or(|s| s == "00")
}

/// What a `vnp_ResponseCode` means to the payer.
#[must_use]
pub fn response_text(code: &str) -> crate::Text {
    let (vi, en) = match code {
        "00" => ("Giao dịch thành công", "Payment successful"),
        "07" => (
            "Đã trừ tiền, giao dịch đang được kiểm tra",
            "Money taken; the transaction is under review",
        ),
        "09" => (
            "Thẻ/tài khoản chưa đăng ký Internet Banking",
            "The card or account has no internet banking",
        ),
        "10" => (
            "Xác thực thông tin thẻ/tài khoản sai quá 3 lần",
            "Card or account details wrong more than 3 times",
        ),
        "11" => ("Hết hạn chờ thanh toán", "The payment window expired"),
        "12" => ("Thẻ/tài khoản bị khoá", "The card or account is locked"),
        "13" | "06" => ("Sai mật khẩu xác thực (OTP)", "Wrong one-time password"),
        "24" => ("Bạn đã huỷ giao dịch", "You cancelled the payment"),
        "51" => ("Tài khoản không đủ số dư", "Insufficient balance"),
        "65" => (
            "Tài khoản vượt quá hạn mức giao dịch trong ngày",
            "Daily limit exceeded",
        ),
        "75" | "08" => ("Ngân hàng đang bảo trì", "The bank is under maintenance"),
        _ => (
            "Giao dịch không thành công",
            "The payment did not go through",
        ),
    };
    crate::Text::new(vi, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_matches_url_search_params() {
        assert_eq!(form_encode("Thanh toan ho so"), "Thanh+toan+ho+so");
        assert_eq!(
            form_encode("http://127.0.0.1:3000/a?b=c"),
            "http%3A%2F%2F127.0.0.1%3A3000%2Fa%3Fb%3Dc"
        );
        assert_eq!(form_encode("*-._~!'()"), "*-._%7E%21%27%28%29");
        assert_eq!(form_encode("đ"), "%C4%91");
        for s in ["Thanh toán: hồ sơ 1", "a+b=c&d", "100%"] {
            assert_eq!(form_decode(&form_encode(s)), s);
        }
        assert_eq!(form_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn the_signed_string_is_sorted_and_skips_the_hash_and_empty_values() {
        let q = parse_query(
            "vnp_TxnRef=MC1&vnp_Amount=1000000&vnp_SecureHash=ab&vnp_SecureHashType=HmacSHA512&vnp_BankCode=&other=x&vnp_OrderInfo=Thanh+toan",
        );
        assert_eq!(
            signing_string(&q),
            "vnp_Amount=1000000&vnp_OrderInfo=Thanh+toan&vnp_TxnRef=MC1"
        );
    }

    #[test]
    fn amounts_are_hundredths() {
        assert_eq!(amount_param(Vnd::stored(10_000)), "1000000");
        assert_eq!(parse_amount("1000000"), Some(Vnd::stored(10_000)));
        assert_eq!(parse_amount("1000050"), None);
        assert_eq!(parse_amount("-100"), None);
        assert_eq!(parse_amount("abc"), None);
    }

    #[test]
    fn timestamps_are_vietnam_time() {
        // 2026-11-24 09:00:00 in Hà Nội.
        assert_eq!(timestamp(1_795_485_600), "20261124090000");
        assert_eq!(timestamp(1_795_485_600 + 15 * 60 + 7), "20261124091507");
    }

    #[test]
    fn free_text_keeps_to_the_safe_set() {
        assert_eq!(
            safe_text("Thanh toán lệ phí: Đăng ký   MC261124ABCDEFGH!"),
            "Thanh toan le phi: Dang ky MC261124ABCDEFGH"
        );
    }

    #[test]
    fn ipn_answers_use_the_documented_codes() {
        let all = [
            IpnAnswer::Confirmed,
            IpnAnswer::OrderNotFound,
            IpnAnswer::AlreadyConfirmed,
            IpnAnswer::InvalidAmount,
            IpnAnswer::InvalidSignature,
            IpnAnswer::Unknown,
        ];
        let codes: Vec<&str> = all.iter().map(|a| a.code()).collect();
        assert_eq!(codes, ["00", "01", "02", "04", "97", "99"]);
        let mut p = BTreeMap::new();
        p.insert("vnp_ResponseCode".to_owned(), "00".to_owned());
        p.insert("vnp_TransactionStatus".to_owned(), "00".to_owned());
        assert!(is_success(&p));
        p.insert("vnp_ResponseCode".to_owned(), "24".to_owned());
        assert!(!is_success(&p));
        assert_eq!(response_text("24").vi, "Bạn đã huỷ giao dịch");
    }

    /// research/payments.md §C.2: dates are `yyyyMMddHHmmss` in GMT+7.
    #[test]
    fn timestamps_read_back() {
        // 2026-11-24 09:00:00 GMT+7 is 02:00:00 UTC.
        let t = parse_timestamp("20261124090000").unwrap();
        assert_eq!(t % 86_400, 2 * 3600);
        assert_eq!(timestamp(t), "20261124090000");
        assert_eq!(parse_timestamp("20261324090000"), None);
        assert_eq!(parse_timestamp("2026112409000"), None);
        assert_eq!(parse_timestamp("20261124250000"), None);
    }
}
