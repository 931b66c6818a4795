//! What a provider's message about money does: the one matching rule every provider
//! (bank credit notifications, VNPAY, the sandbox bank) goes through (DESIGN.md
//! "Payments": anything that does not match exactly goes to the exceptions queue).

use super::kinds::{ExceptionKind, NoticeStatus, account_key};
use super::{PaymentEvent, PaymentStatus};
use crate::money::Vnd;

/// The attempt a message names, with its notice, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target<'a> {
    pub status: PaymentStatus,
    pub notice_status: NoticeStatus,
    pub amount_vnd: Vnd,
    /// Unix seconds; the attempt is payable strictly before it.
    pub expires_at: i64,
    /// The collection account of the notice's agency.
    pub collection_account: &'a str,
}

/// What the provider reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credit<'a> {
    pub amount_vnd: Vnd,
    /// The account the money reached, when the provider says (a bank's balance-change
    /// notification does; a gateway such as VNPAY settles to the merchant and does not).
    pub account: Option<&'a str>,
    /// Money moved (a credit, a successful gateway payment), or the provider reports a
    /// payment that failed and moved nothing.
    pub moved: bool,
}

/// What to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The attempt is paid (and with it the notice).
    Apply(PaymentEvent),
    /// Money arrived that pays nothing by itself: kept for staff.
    Exception(ExceptionKind),
    /// A failure report that changes nothing: it names no live attempt of that amount
    /// (the kind says why). No money moved, so nothing is kept for staff.
    Ignore(ExceptionKind),
}

/// Why a message cannot settle its target, checked from the strongest reason down:
/// money on the wrong account can pay nothing here; an attempt or notice already paid
/// means a refund whatever the amount; then the amount, then the deadline.
#[must_use]
pub fn mismatch(
    target: Option<&Target<'_>>,
    credit: &Credit<'_>,
    now: i64,
) -> Option<ExceptionKind> {
    let Some(t) = target else {
        return Some(ExceptionKind::UnknownReference);
    };
    if let Some(account) = credit.account
        && account_key(account) != account_key(t.collection_account)
    {
        return Some(ExceptionKind::WrongAccount);
    }
    if t.status == PaymentStatus::Paid {
        return Some(ExceptionKind::Duplicate);
    }
    if t.notice_status == NoticeStatus::Paid {
        return Some(ExceptionKind::NoticePaid);
    }
    if credit.amount_vnd != t.amount_vnd {
        return Some(ExceptionKind::WrongAmount);
    }
    if t.status != PaymentStatus::Pending
        || t.notice_status != NoticeStatus::Unpaid
        || now >= t.expires_at
    {
        return Some(ExceptionKind::Late);
    }
    None
}

/// Classifies a provider's message about the attempt it names (`None`: it names none
/// we issued) at `now`.
#[must_use]
pub fn classify(target: Option<&Target<'_>>, credit: &Credit<'_>, now: i64) -> Decision {
    match (mismatch(target, credit, now), credit.moved) {
        (None, true) => Decision::Apply(PaymentEvent::Confirmed),
        (None, false) => Decision::Apply(PaymentEvent::Declined),
        (Some(kind), true) => Decision::Exception(kind),
        (Some(kind), false) => Decision::Ignore(kind),
    }
}

/// Why staff may not settle a notice with an exception's credit by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchRefusal {
    /// A duplicate or a credit for a notice already paid is refunded; a late one is
    /// accepted for its own notice or refunded.
    Kind,
    /// The money is in another account than the notice's agency's.
    Account,
    /// Not the amount due.
    Amount,
}

/// Whether staff may settle a notice due `due_vnd` into `collection_account` with a
/// credit kept as `kind`. The same rules as [`classify`]: only the exact amount, only
/// money that reached the agency's own account.
///
/// # Errors
/// The first rule the match breaks.
pub fn manual_match(
    kind: ExceptionKind,
    credit: &Credit<'_>,
    due_vnd: Vnd,
    collection_account: &str,
) -> Result<(), MatchRefusal> {
    if !kind.matchable() {
        return Err(MatchRefusal::Kind);
    }
    if credit
        .account
        .is_some_and(|a| account_key(a) != account_key(collection_account))
    {
        return Err(MatchRefusal::Account);
    }
    if credit.amount_vnd != due_vnd {
        return Err(MatchRefusal::Amount);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ExceptionKind as K;
    use PaymentStatus as S;

    const ACCOUNT: &str = "0011000000031";
    const DUE: i64 = 200_000;
    const EXPIRES: i64 = 1_000;

    fn target(status: S, notice_status: NoticeStatus) -> Target<'static> {
        Target {
            status,
            notice_status,
            amount_vnd: Vnd::stored(DUE),
            expires_at: EXPIRES,
            collection_account: ACCOUNT,
        }
    }

    fn credit(amount_vnd: i64, account: Option<&str>, moved: bool) -> Credit<'_> {
        Credit {
            amount_vnd: Vnd::stored(amount_vnd),
            account,
            moved,
        }
    }

    /// Every combination of the facts a message can differ in, against the rule
    /// written out independently: DESIGN.md "Payments" (unknown reference, wrong
    /// amount, late, duplicate to the exceptions queue), issue 16 (wrong receiving
    /// account, notice already paid), research/payments.md §D (the QR pays the exact
    /// amount into the agency's account before it expires).
    #[test]
    fn every_combination_is_decided() {
        let accounts = [
            Some(ACCOUNT),
            Some("0011 000 000031"),
            Some("0011000000099"),
            None,
        ];
        let amounts = [DUE, DUE - 1_000, DUE + 1_000];
        let times = [0, EXPIRES - 1, EXPIRES, EXPIRES + 600];
        let mut seen = std::collections::BTreeSet::new();
        for found in [false, true] {
            for &status in &S::ALL {
                for &notice in NoticeStatus::ALL {
                    for account in accounts {
                        for amount in amounts {
                            for now in times {
                                for moved in [true, false] {
                                    let t = target(status, notice);
                                    let c = credit(amount, account, moved);
                                    let got = classify(found.then_some(&t), &c, now);
                                    let kind = if !found {
                                        Some(K::UnknownReference)
                                    } else if account.is_some_and(|a| a.replace(' ', "") != ACCOUNT)
                                    {
                                        Some(K::WrongAccount)
                                    } else if status == S::Paid {
                                        Some(K::Duplicate)
                                    } else if notice == NoticeStatus::Paid {
                                        Some(K::NoticePaid)
                                    } else if amount != DUE {
                                        Some(K::WrongAmount)
                                    } else if status != S::Pending
                                        || notice == NoticeStatus::Cancelled
                                        || now >= EXPIRES
                                    {
                                        Some(K::Late)
                                    } else {
                                        None
                                    };
                                    let want = match (kind, moved) {
                                        (None, true) => Decision::Apply(PaymentEvent::Confirmed),
                                        (None, false) => Decision::Apply(PaymentEvent::Declined),
                                        (Some(k), true) => Decision::Exception(k),
                                        (Some(k), false) => Decision::Ignore(k),
                                    };
                                    assert_eq!(
                                        got, want,
                                        "found={found} {status:?} {notice:?} {account:?} {amount} now={now} moved={moved}"
                                    );
                                    seen.insert(format!("{got:?}"));
                                }
                            }
                        }
                    }
                }
            }
        }
        // Every outcome is reachable.
        assert_eq!(seen.len(), 2 + 2 * K::ALL.len(), "{seen:?}");
    }

    #[test]
    fn the_cases_staff_meet() {
        let live = target(S::Pending, NoticeStatus::Unpaid);
        let paid = credit(DUE, Some(ACCOUNT), true);
        assert_eq!(
            classify(Some(&live), &paid, 0),
            Decision::Apply(PaymentEvent::Confirmed)
        );
        // The last second before expiry still pays; the expiry second does not (the
        // payment page shows the code expired from `expires_at` on).
        assert_eq!(
            classify(Some(&live), &paid, EXPIRES - 1),
            Decision::Apply(PaymentEvent::Confirmed)
        );
        assert_eq!(
            classify(Some(&live), &paid, EXPIRES),
            Decision::Exception(K::Late)
        );
        // Money into another agency's account that names our reference pays nothing
        // here, even at the right amount and in time.
        assert_eq!(
            classify(Some(&live), &credit(DUE, Some("0451000123456"), true), 0),
            Decision::Exception(K::WrongAccount)
        );
        // A gateway does not say the account: the amount and the deadline decide.
        assert_eq!(
            classify(Some(&live), &credit(DUE, None, true), 0),
            Decision::Apply(PaymentEvent::Confirmed)
        );
        // A failure report for a live attempt fails it; for anything else it is ignored.
        assert_eq!(
            classify(Some(&live), &credit(DUE, None, false), 0),
            Decision::Apply(PaymentEvent::Declined)
        );
        assert_eq!(
            classify(None, &credit(DUE, None, false), 0),
            Decision::Ignore(K::UnknownReference)
        );
        // Paid twice by the same QR, or the notice paid by another attempt first.
        assert_eq!(
            classify(Some(&target(S::Paid, NoticeStatus::Paid)), &paid, 0),
            Decision::Exception(K::Duplicate)
        );
        assert_eq!(
            classify(Some(&target(S::Cancelled, NoticeStatus::Paid)), &paid, 0),
            Decision::Exception(K::NoticePaid)
        );
    }

    /// Issue 16 (a credit in another agency's account pays nothing there) and the
    /// exceptions queue's rules (DESIGN.md "Payments").
    #[test]
    fn staff_match_only_the_exact_amount_into_the_agency_account() {
        let ours = credit(DUE, Some(ACCOUNT), true);
        for kind in K::ALL.iter().copied() {
            let want = if matches!(kind, K::UnknownReference | K::WrongAmount | K::WrongAccount) {
                Ok(())
            } else {
                Err(MatchRefusal::Kind)
            };
            assert_eq!(
                manual_match(kind, &ours, Vnd::stored(DUE), ACCOUNT),
                want,
                "{kind:?}"
            );
        }
        assert_eq!(
            manual_match(K::WrongAccount, &ours, Vnd::stored(DUE), "0451000123456"),
            Err(MatchRefusal::Account)
        );
        assert_eq!(
            manual_match(
                K::UnknownReference,
                &credit(DUE - 1, Some(ACCOUNT), true),
                Vnd::stored(DUE),
                ACCOUNT
            ),
            Err(MatchRefusal::Amount)
        );
        // A gateway's credit names no account: the amount decides.
        assert_eq!(
            manual_match(
                K::WrongAmount,
                &credit(DUE, None, true),
                Vnd::stored(DUE),
                ACCOUNT
            ),
            Ok(())
        );
    }
}
