//! Refunds (hoàn phí), as OpenCPS and GOV.UK Pay have them: a member of staff asks with
//! a reason, another person — a manager of the agency — approves or rejects, and once the
//! money has left the agency's account the refund is recorded with the bank's reference.
//! The receipt it undoes is then cancelled, never deleted.

use crate::{Localized, Text};
use serde::{Deserialize, Serialize};

/// Where a refund is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    /// Asked for, waiting for a manager.
    Requested,
    /// Approved: the agency's accountant makes the transfer.
    Approved,
    /// Refused by the manager; the payment stands.
    Rejected,
    /// The money went back (with the outgoing transfer's reference).
    PaidOut,
}
super::kinds::stored_as_text!(RefundStatus {
    Requested => "requested",
    Approved => "approved",
    Rejected => "rejected",
    PaidOut => "paid_out",
});

/// What is done to a refund.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundAction {
    Approve,
    Reject,
    /// The transfer back was made.
    PayOut,
}

/// Why a refund cannot take an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundRefusal {
    /// Not from this status (approve twice, pay out before approval...).
    State(RefundStatus),
    /// The person who asked cannot also approve: two people decide.
    SamePerson,
    /// The outgoing transfer's reference is missing or not a bank's reference.
    BankReference,
}

impl Localized for RefundRefusal {
    fn text(&self) -> Text {
        match self {
            Self::State(s) => {
                let (vi, en) = match s {
                    RefundStatus::Requested => ("đang chờ duyệt", "waiting for approval"),
                    RefundStatus::Approved => ("đã được duyệt", "approved"),
                    RefundStatus::Rejected => ("đã bị từ chối", "rejected"),
                    RefundStatus::PaidOut => ("đã hoàn tiền xong", "paid out"),
                };
                Text::new(
                    format!("Yêu cầu hoàn phí này {vi}; không thể làm thao tác này"),
                    format!("This refund is {en}; that cannot be done now"),
                )
            }
            Self::SamePerson => Text::new(
                "Người đề nghị hoàn phí không được tự duyệt; cần lãnh đạo cơ quan khác duyệt",
                "Whoever asked for a refund cannot approve it; another manager of the agency must",
            ),
            Self::BankReference => Text::new(
                "Vui lòng nhập mã giao dịch chuyển tiền hoàn (4–40 chữ, số, dấu - . /)",
                "Please enter the refund transfer's reference (4–40 letters, digits, - . /)",
            ),
        }
    }
}
crate::localized_error!(RefundRefusal);

impl RefundStatus {
    /// Whether the refund still stands in the way of another for the same payment.
    #[must_use]
    pub const fn is_live(self) -> bool {
        !matches!(self, Self::Rejected)
    }

    /// The next status. Approval and rejection need a decider other than the
    /// requester (`same_person`).
    ///
    /// # Errors
    /// `RefundRefusal` when the action does not fit.
    pub fn apply(self, action: RefundAction, same_person: bool) -> Result<Self, RefundRefusal> {
        match (self, action) {
            (Self::Requested, RefundAction::Approve | RefundAction::Reject) if same_person => {
                Err(RefundRefusal::SamePerson)
            }
            (Self::Requested, RefundAction::Approve) => Ok(Self::Approved),
            (Self::Requested, RefundAction::Reject) => Ok(Self::Rejected),
            (Self::Approved, RefundAction::PayOut) => Ok(Self::PaidOut),
            (from, _) => Err(RefundRefusal::State(from)),
        }
    }
}

/// The outgoing transfer's reference as the bank prints it (`FT26330123456789`): 4 to
/// 40 letters, digits, `-`, `.` or `/`, upper-cased.
///
/// # Errors
/// `RefundRefusal::BankReference` otherwise.
pub fn bank_reference(input: &str) -> Result<String, RefundRefusal> {
    let r = input.trim().to_ascii_uppercase();
    let ok = (4..=40).contains(&r.len())
        && r.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'/'));
    if ok {
        Ok(r)
    } else {
        Err(RefundRefusal::BankReference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RefundAction as A;
    use RefundStatus as S;

    /// Issue 16, item 6: two people decide (the requester never approves), the money
    /// goes back only after approval, and every end is final.
    #[test]
    fn two_people_decide_and_ends_are_final() {
        assert_eq!(S::Requested.apply(A::Approve, false), Ok(S::Approved));
        assert_eq!(S::Requested.apply(A::Reject, false), Ok(S::Rejected));
        assert_eq!(
            S::Requested.apply(A::Approve, true),
            Err(RefundRefusal::SamePerson)
        );
        assert_eq!(
            S::Requested.apply(A::Reject, true),
            Err(RefundRefusal::SamePerson)
        );
        assert_eq!(
            S::Requested.apply(A::PayOut, false),
            Err(RefundRefusal::State(S::Requested))
        );
        assert_eq!(S::Approved.apply(A::PayOut, true), Ok(S::PaidOut));
        for end in [S::Rejected, S::PaidOut] {
            for a in [A::Approve, A::Reject, A::PayOut] {
                assert_eq!(end.apply(a, false), Err(RefundRefusal::State(end)));
            }
        }
        assert!(S::Requested.is_live() && S::PaidOut.is_live() && !S::Rejected.is_live());
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(*s));
        }
    }

    #[test]
    fn bank_references_are_checked() {
        assert_eq!(
            bank_reference(" ft2633012345 "),
            Ok("FT2633012345".to_owned())
        );
        assert_eq!(
            bank_reference("0011-2026/12.7"),
            Ok("0011-2026/12.7".to_owned())
        );
        for bad in ["", "FT1", "FT 123 456", "FT<script>", &"9".repeat(41)] {
            assert_eq!(
                bank_reference(bad),
                Err(RefundRefusal::BankReference),
                "{bad:?}"
            );
        }
    }
}
