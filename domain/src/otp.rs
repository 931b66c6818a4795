//! One-time passwords sent by SMS: the rules, without storage or clock.

/// A code lives this long.
pub const CODE_TTL_SECONDS: i64 = 5 * 60;
/// After this many wrong tries a code is dead.
pub const MAX_WRONG_ATTEMPTS: i64 = 5;
/// A new code for the same phone only after this long.
pub const RESEND_COOLDOWN_SECONDS: i64 = 60;
/// Codes sent to one phone per rolling hour.
pub const MAX_SENDS_PER_PHONE_PER_HOUR: i64 = 5;
/// Codes requested from one client IP per rolling hour.
pub const MAX_SENDS_PER_IP_PER_HOUR: i64 = 20;
/// Verification attempts from one client IP per rolling 10 minutes.
pub const MAX_VERIFIES_PER_IP_PER_10_MIN: i64 = 30;

/// A stored challenge as the rules need to see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Challenge {
    pub created_at: i64,
    pub expires_at: i64,
    pub wrong_attempts: i64,
    pub consumed: bool,
}

/// Why a code was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpError {
    NoCode,
    Expired,
    TooManyAttempts,
    Used,
    /// Wrong code; how many tries are left.
    Wrong(i64),
    Format,
    /// Seconds to wait before another code.
    Cooldown(i64),
    /// Minutes until this phone may receive codes again.
    PhoneRateLimited(i64),
    /// Minutes until this device may ask again.
    IpRateLimited(i64),
}

impl crate::Localized for OtpError {
    fn text(&self) -> crate::Text {
        use crate::Text;
        match self {
            Self::NoCode => Text::new(
                "Chưa có mã xác thực nào cho số này. Hãy bấm \"Gửi mã\".",
                "No code has been sent to this number yet. Press \"Send code\".",
            ),
            Self::Expired => Text::new(
                "Mã xác thực đã hết hạn. Hãy bấm \"Gửi lại mã\".",
                "The code has expired. Press \"Send a new code\".",
            ),
            Self::TooManyAttempts => Text::new(
                "Mã xác thực đã bị khoá do nhập sai quá 5 lần. Hãy bấm \"Gửi lại mã\".",
                "The code is locked after 5 wrong tries. Press \"Send a new code\".",
            ),
            Self::Used => Text::new(
                "Mã xác thực đã được dùng. Hãy bấm \"Gửi lại mã\".",
                "This code has already been used. Press \"Send a new code\".",
            ),
            Self::Wrong(left) => Text::new(
                format!("Mã xác thực không đúng. Bạn còn {left} lần thử."),
                format!("Wrong code. You have {left} tries left."),
            ),
            Self::Format => Text::new("Mã xác thực gồm 6 chữ số", "The code has 6 digits"),
            Self::Cooldown(s) => Text::new(
                format!("Vui lòng chờ {s} giây trước khi gửi lại mã"),
                format!("Please wait {s} seconds before asking for another code"),
            ),
            Self::PhoneRateLimited(m) => Text::new(
                format!("Số điện thoại này đã nhận quá nhiều mã. Vui lòng thử lại sau {m} phút."),
                format!(
                    "This number has received too many codes. Please try again in {m} minutes."
                ),
            ),
            Self::IpRateLimited(m) => Text::new(
                format!("Quá nhiều yêu cầu từ thiết bị này. Vui lòng thử lại sau {m} phút."),
                format!("Too many requests from this device. Please try again in {m} minutes."),
            ),
        }
    }
}
crate::localized_error!(OtpError);

/// Checks that a code has the right shape before anything is looked up.
///
/// # Errors
/// `OtpError::Format` unless it is exactly 6 ASCII digits (spaces ignored).
pub fn parse_code(input: &str) -> Result<String, OtpError> {
    let code: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code)
    } else {
        Err(OtpError::Format)
    }
}

/// What to do with a verification attempt on the newest challenge for a phone.
///
/// `matches` says whether the submitted code's hash equals the stored one. A wrong code
/// increments the counter, and the fifth wrong try kills the code.
///
/// # Errors
/// `OtpError` saying why the code is not accepted.
pub fn verify(challenge: Option<Challenge>, now: i64, matches: bool) -> Result<(), OtpError> {
    let c = challenge.ok_or(OtpError::NoCode)?;
    if c.consumed {
        return Err(OtpError::Used);
    }
    if c.wrong_attempts >= MAX_WRONG_ATTEMPTS {
        return Err(OtpError::TooManyAttempts);
    }
    if now >= c.expires_at {
        return Err(OtpError::Expired);
    }
    if matches {
        Ok(())
    } else {
        let left = MAX_WRONG_ATTEMPTS - c.wrong_attempts - 1;
        if left == 0 {
            Err(OtpError::TooManyAttempts)
        } else {
            Err(OtpError::Wrong(left))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh(now: i64) -> Challenge {
        Challenge {
            created_at: now,
            expires_at: now + CODE_TTL_SECONDS,
            wrong_attempts: 0,
            consumed: false,
        }
    }

    #[test]
    fn a_right_code_within_five_minutes_is_accepted() {
        assert_eq!(verify(Some(fresh(1000)), 1000 + 299, true), Ok(()));
    }

    #[test]
    fn a_code_expires_after_five_minutes() {
        assert_eq!(
            verify(Some(fresh(1000)), 1300, true),
            Err(OtpError::Expired)
        );
    }

    #[test]
    fn five_wrong_tries_kill_the_code() {
        let mut c = fresh(0);
        for left in [4, 3, 2, 1] {
            assert_eq!(verify(Some(c), 10, false), Err(OtpError::Wrong(left)));
            c.wrong_attempts += 1;
        }
        assert_eq!(verify(Some(c), 10, false), Err(OtpError::TooManyAttempts));
        c.wrong_attempts += 1;
        // Even the right code is refused now.
        assert_eq!(verify(Some(c), 10, true), Err(OtpError::TooManyAttempts));
    }

    #[test]
    fn a_used_code_cannot_be_replayed() {
        let mut c = fresh(0);
        c.consumed = true;
        assert_eq!(verify(Some(c), 1, true), Err(OtpError::Used));
        assert_eq!(verify(None, 1, true), Err(OtpError::NoCode));
    }

    #[test]
    fn codes_are_six_digits() {
        assert_eq!(parse_code(" 123 456 "), Ok("123456".to_owned()));
        assert_eq!(parse_code("12345"), Err(OtpError::Format));
        assert_eq!(parse_code("12345a"), Err(OtpError::Format));
    }
}
