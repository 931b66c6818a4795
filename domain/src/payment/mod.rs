//! Payments of fee notices: the attempt's life, the transfer reference and how a bank
//! credit is matched to it (research/payments.md §D).

use crate::{Localized, Text};
use serde::{Deserialize, Serialize};

mod classify;
mod kinds;
mod refund;

pub use classify::{Credit, Decision, MatchRefusal, Target, classify, manual_match, mismatch};
pub use kinds::{
    ExceptionKind, ExceptionStatus, NoticeStatus, Provider, UnknownValue, account_key,
};
pub use refund::{RefundAction, RefundRefusal, RefundStatus, bank_reference};

/// Where a payment attempt is. Terminal states stay terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Pending,
    Paid,
    Expired,
    Failed,
    Cancelled,
}

impl TryFrom<String> for PaymentStatus {
    type Error = UnknownValue;

    fn try_from(s: String) -> Result<Self, UnknownValue> {
        Self::parse(&s).ok_or(UnknownValue(s))
    }
}

/// What happens to an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentEvent {
    /// The exact amount arrived before expiry.
    Confirmed,
    /// The deadline passed without the money.
    TimedOut,
    /// The provider reported a failure.
    Declined,
    /// Replaced or withdrawn.
    Cancel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentTransitionError {
    pub from: PaymentStatus,
    pub event: PaymentEvent,
}

impl Localized for PaymentTransitionError {
    fn text(&self) -> Text {
        let s = self.from.label();
        Text::new(
            format!("Giao dịch đã ở trạng thái \"{}\", không thể thay đổi", s.vi),
            format!("The payment is already \"{}\" and cannot change", s.en),
        )
    }
}
crate::localized_error!(PaymentTransitionError);

impl PaymentStatus {
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::Paid,
        Self::Expired,
        Self::Failed,
        Self::Cancelled,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Paid => "paid",
            Self::Expired => "expired",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    #[must_use]
    pub fn is_terminal(self) -> bool {
        self != Self::Pending
    }

    #[must_use]
    pub fn label(self) -> Text {
        let (vi, en) = match self {
            Self::Pending => ("Chờ thanh toán", "Awaiting payment"),
            Self::Paid => ("Đã thanh toán", "Paid"),
            Self::Expired => ("Hết hạn", "Expired"),
            Self::Failed => ("Không thành công", "Failed"),
            Self::Cancelled => ("Đã huỷ", "Cancelled"),
        };
        Text::new(vi, en)
    }

    /// The next status, or why there is none.
    ///
    /// # Errors
    /// `PaymentTransitionError` from any terminal status.
    pub fn apply(self, event: PaymentEvent) -> Result<Self, PaymentTransitionError> {
        match (self, event) {
            (Self::Pending, PaymentEvent::Confirmed) => Ok(Self::Paid),
            (Self::Pending, PaymentEvent::TimedOut) => Ok(Self::Expired),
            (Self::Pending, PaymentEvent::Declined) => Ok(Self::Failed),
            (Self::Pending, PaymentEvent::Cancel) => Ok(Self::Cancelled),
            (from, event) => Err(PaymentTransitionError { from, event }),
        }
    }
}

/// Prefix of every payment reference.
pub const REFERENCE_PREFIX: &str = "MC";
/// Letters and digits a reference uses after its date: no 0/O or 1/I/L to misread.
pub const REFERENCE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Random characters after the date.
pub const REFERENCE_RANDOM_CHARS: usize = 8;

/// A reference such as `MC261124K7QX9M2A`: prefix, `YYMMDD`, then characters chosen by
/// `pick` (one per call, an index into [`REFERENCE_ALPHABET`]). 16 characters, ASCII,
/// well under the 25 VietQR allows; uniqueness is enforced by the database.
pub fn reference(day: crate::Date, mut pick: impl FnMut() -> usize) -> String {
    let mut r = format!(
        "{REFERENCE_PREFIX}{:02}{:02}{:02}",
        day.year().rem_euclid(100),
        day.month(),
        day.day()
    );
    for _ in 0..REFERENCE_RANDOM_CHARS {
        r.push(char::from(
            REFERENCE_ALPHABET[pick() % REFERENCE_ALPHABET.len()],
        ));
    }
    r
}

/// The references found in a transfer's free-text content, as banks deliver it: any
/// case, diacritics, spaces or punctuation inserted, prefixes and suffixes added.
#[must_use]
pub fn find_references(content: &str) -> Vec<String> {
    let norm: Vec<u8> = crate::text::fold(content)
        .to_ascii_uppercase()
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .collect();
    let len = REFERENCE_PREFIX.len() + 6 + REFERENCE_RANDOM_CHARS;
    let mut found = Vec::new();
    let mut i = 0;
    while i + len <= norm.len() {
        let w = &norm[i..i + len];
        let ok = w.starts_with(REFERENCE_PREFIX.as_bytes())
            && w[2..8].iter().all(u8::is_ascii_digit)
            && w[8..].iter().all(|b| REFERENCE_ALPHABET.contains(b));
        if ok {
            found.push(String::from_utf8_lossy(w).into_owned());
            i += len;
        } else {
            i += 1;
        }
    }
    found
}

/// A fee-notice link (texted, printed on the desk slip) opens its notice for this long
/// after the notice was issued…
pub const NOTICE_LINK_DAYS: i64 = 30;
/// …and, once the notice is paid, for this long after the payment (to fetch the
/// receipt), whichever ends first. A link is a bearer credential: it must not live on
/// in a forwarded SMS or a slip left on a counter (issue 15, item 3).
pub const NOTICE_LINK_DAYS_AFTER_PAID: i64 = 7;

/// Whether a fee-notice link still opens its notice at `now` (all Unix seconds).
#[must_use]
pub const fn notice_link_alive(issued_at: i64, paid_at: Option<i64>, now: i64) -> bool {
    const DAY: i64 = 86_400;
    let within_issue = now < issued_at + NOTICE_LINK_DAYS * DAY;
    let within_paid = match paid_at {
        Some(paid) => now < paid + NOTICE_LINK_DAYS_AFTER_PAID * DAY,
        None => true,
    };
    within_issue && within_paid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_link_lives_thirty_days_or_seven_after_payment() {
        // The limits are this product's (issue 15, item 3), not a law's.
        const DAY: i64 = 86_400;
        let issued = 1_795_485_600;
        assert!(notice_link_alive(issued, None, issued));
        assert!(notice_link_alive(issued, None, issued + 30 * DAY - 1));
        assert!(!notice_link_alive(issued, None, issued + 30 * DAY));
        // Paid on day 2: the receipt stays reachable until day 9.
        let paid = Some(issued + 2 * DAY);
        assert!(notice_link_alive(issued, paid, issued + 9 * DAY - 1));
        assert!(!notice_link_alive(issued, paid, issued + 9 * DAY));
        // Paid on day 28: the 30 days still end it first.
        let late = Some(issued + 28 * DAY);
        assert!(!notice_link_alive(issued, late, issued + 30 * DAY));
    }

    #[test]
    fn terminal_states_stay_terminal() {
        use PaymentEvent as E;
        use PaymentStatus as S;
        assert_eq!(S::Pending.apply(E::Confirmed), Ok(S::Paid));
        assert_eq!(S::Pending.apply(E::TimedOut), Ok(S::Expired));
        assert_eq!(S::Pending.apply(E::Declined), Ok(S::Failed));
        assert_eq!(S::Pending.apply(E::Cancel), Ok(S::Cancelled));
        for from in S::ALL.into_iter().filter(|s| s.is_terminal()) {
            for e in [E::Confirmed, E::TimedOut, E::Declined, E::Cancel] {
                assert!(from.apply(e).is_err(), "{from:?} {e:?}");
            }
        }
    }

    #[test]
    fn references_are_short_ascii_and_found_in_mangled_content() {
        let day = crate::Date::from_ymd(2026, 11, 24).unwrap();
        let mut n = 0;
        let r = reference(day, || {
            n += 7;
            n
        });
        assert_eq!(r.len(), 16);
        assert!(r.starts_with("MC261124"));
        assert!(
            r.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        );
        let spaced = format!(
            "CT tu 0123 NGUYEN VAN AN chuyen tien {} - {} FT2611",
            &r[..9].to_lowercase(),
            &r[9..]
        );
        assert_eq!(find_references(&spaced), vec![r.clone()]);
        assert_eq!(find_references(&format!("Lệ phí {r}.")), vec![r]);
        assert!(
            find_references("MC2611240000000 chuyen khoan").is_empty(),
            "0 is not in the alphabet"
        );
        assert!(find_references("").is_empty());
    }
}
