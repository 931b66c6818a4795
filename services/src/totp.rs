//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), the
//! second factor of staff sign-in. A member's secret is never stored: it is derived
//! from the server key and a random salt kept on their row, so the database alone
//! cannot produce codes.

use hmac::{Hmac, Mac};

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;
/// Digits per code.
pub const DIGITS: u32 = 6;
/// Steps accepted either side of now, for clocks a little off.
pub const SKEW_STEPS: i64 = 1;
/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "Mot Cua";

/// The step a moment falls in.
#[must_use]
pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code of a step (RFC 4226 dynamic truncation).
#[must_use]
pub fn code_at_step(secret: &[u8], step: i64, digits: u32) -> String {
    let mut mac = <Hmac<sha1::Sha1> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(&step.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[hash.len() - 1] & 0x0f);
    let binary = (u32::from(hash[offset]) & 0x7f) << 24
        | u32::from(hash[offset + 1]) << 16
        | u32::from(hash[offset + 2]) << 8
        | u32::from(hash[offset + 3]);
    let code = binary % 10u32.pow(digits);
    format!("{code:0width$}", width = digits as usize)
}

/// The step whose code `code` is, within the accepted skew of `now`, if any.
#[must_use]
pub fn matching_step(secret: &[u8], code: &str, now: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_of(now);
    (now - SKEW_STEPS..=now + SKEW_STEPS).find(|s| {
        let expected = code_at_step(secret, *s, DIGITS);
        expected
            .bytes()
            .zip(code.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    })
}

/// The secret in base32 (RFC 4648, no padding), as authenticator apps take it.
#[must_use]
pub fn base32(secret: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(secret)
}

/// The `otpauth://` address an authenticator app reads from the enrolment QR.
#[must_use]
pub fn otpauth_uri(secret: &[u8], account: &str) -> String {
    let label: String = format!("{ISSUER}:{account}")
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b':' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!(
        "otpauth://totp/{label}?secret={}&issuer=Mot%20Cua&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        base32(secret)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc_6238_sha1_vectors() {
        for (t, expected) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(code_at_step(RFC_SECRET, step_of(t), 8), expected, "T={t}");
        }
        assert_eq!(code_at_step(RFC_SECRET, step_of(59), 6), "287082");
    }

    #[test]
    fn codes_match_within_one_step_only() {
        let now = 1_795_485_600;
        let code = code_at_step(RFC_SECRET, step_of(now), DIGITS);
        assert_eq!(matching_step(RFC_SECRET, &code, now), Some(step_of(now)));
        assert_eq!(
            matching_step(RFC_SECRET, &format!(" {} {} ", &code[..3], &code[3..]), now),
            Some(step_of(now))
        );
        assert_eq!(
            matching_step(RFC_SECRET, &code, now + 30),
            Some(step_of(now))
        );
        assert_eq!(matching_step(RFC_SECRET, &code, now + 61), None);
        assert_eq!(matching_step(RFC_SECRET, "12345", now), None);
        assert_eq!(matching_step(RFC_SECRET, "abcdef", now), None);
    }

    #[test]
    fn enrolment_address_carries_the_base32_secret() {
        assert_eq!(base32(RFC_SECRET), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let uri = otpauth_uri(RFC_SECRET, "Trần Bình 0901234567");
        assert!(uri.starts_with("otpauth://totp/Mot%20Cua:Tr%E1%BA%A7n%20B%C3%ACnh%200901234567?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&"));
        assert!(uri.ends_with("&digits=6&period=30"));
    }
}
