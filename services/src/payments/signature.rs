//! Signed bank notifications: `X-Motcua-Signature: t=<unix seconds>,v1=<hex
//! HMAC-SHA256(secret, "<t>.<raw body>")>`, accepted within five minutes either way.

use crate::sessions::constant_time_eq;
use hmac::{Hmac, Mac};

/// How far a signature's time may be from ours.
pub const REPLAY_WINDOW_SECONDS: i64 = 300;

/// Why a signature was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
    Missing,
    Malformed,
    Stale,
    Mismatch,
}

fn mac(secret: &[u8], t: i64, body: &[u8]) -> Vec<u8> {
    let mut m = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    m.update(t.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    m.finalize().into_bytes().to_vec()
}

/// The header value for a body sent at `t`.
#[must_use]
pub fn sign(secret: &[u8], t: i64, body: &[u8]) -> String {
    format!("t={t},v1={}", hex::encode(mac(secret, t, body)))
}

/// Checks a header against the raw body.
///
/// # Errors
/// `SignatureError` saying what is wrong; callers answer 401 and change nothing.
pub fn verify(
    secret: &[u8],
    header: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let mut t = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => v1.push(hex::decode(v).map_err(|_| SignatureError::Malformed)?),
            _ => {}
        }
    }
    let t = t.ok_or(SignatureError::Malformed)?;
    if v1.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now - t).abs() > REPLAY_WINDOW_SECONDS {
        return Err(SignatureError::Stale);
    }
    let expected = mac(secret, t, body);
    if v1.iter().any(|given| constant_time_eq(given, &expected)) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_bodies_verify_and_tampering_does_not() {
        let secret = b"bank webhook secret for tests, 32+";
        let body = br#"{"id":"1","amount":200000}"#;
        let h = sign(secret, 1_000, body);
        assert_eq!(verify(secret, Some(&h), body, 1_100), Ok(()));
        assert_eq!(
            verify(secret, Some(&h), br#"{"id":"1","amount":900000}"#, 1_100),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"another secret", Some(&h), body, 1_100),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(secret, Some(&h), body, 1_000 + 301),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify(secret, Some(&h), body, 1_000 - 301),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify(secret, None, body, 1_000),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify(secret, Some("t=1000,v1=zz"), body, 1_000),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(secret, Some("v1=00"), body, 1_000),
            Err(SignatureError::Malformed)
        );
    }
}
