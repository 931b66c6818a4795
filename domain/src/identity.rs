//! Whose account a dossier recorded at the desk belongs to.
//!
//! A citizen ID number (CCCD) typed by a citizen when registering is a claim: anybody can
//! type anybody's number, so it is *unverified* and never blocks another registration.
//! It becomes *verified* only when an officer compares it with the card in person (at
//! the desk or in guided assistance at a kiosk) or an identity provider vouches for it,
//! and only one account holds a number verified. A dossier filed at the desk goes only
//! to the verified holder of the applicant's number whose name and birth date match the
//! card; anything else is shown to the officer, who creates or verifies the account
//! after checking the original card, or corrects what they typed.

use crate::Date;
use serde::{Deserialize, Serialize};

/// The applicant as the officer typed them from the card in their hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant<'a> {
    pub full_name: &'a str,
    pub date_of_birth: Date,
    pub national_id: &'a str,
}

/// An account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub full_name: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    pub national_id: String,
    pub verified: bool,
}

/// A detail of an account that differs from the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Detail {
    FullName,
    DateOfBirth,
    NationalId,
}

/// What the officer chose after being shown the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decision {
    /// Nothing yet: attach only to a verified, matching account.
    #[default]
    None,
    /// "I checked the original card: create a verified account."
    Create,
    /// "I checked the original card: verify the account of this phone."
    Verify,
}

impl Decision {
    /// The form's value (`create`, `verify`, anything else is none).
    #[must_use]
    pub fn parse(value: &str) -> Self {
        match value.trim() {
            "create" => Self::Create,
            "verify" => Self::Verify,
            _ => Self::None,
        }
    }
}

/// The outcome of the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskMatch {
    /// The verified holder of the number, with the card's name and birth date.
    Attach(i64),
    /// The number's verified holder has another name or birth date than the card: a
    /// typing error, or another person's card. Nothing is attached.
    Mismatch(Vec<Detail>),
    /// The account of the phone claims the same number, unverified: once the officer
    /// has checked the card, it is verified (its name and birth date set to the card's,
    /// listed here when they differ).
    Verify { account: i64, corrects: Vec<Detail> },
    /// The phone belongs to an account for another number (or one verified for another
    /// number): not this person's account. Nothing is attached.
    PhoneTaken(Vec<Detail>),
    /// Nobody holds the number verified and the phone has no account: once the officer
    /// has checked the card, a verified account is created.
    Create,
}

/// What to do, once the officer's decision is counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Attach(i64),
    VerifyAndAttach(i64),
    Create,
    /// Shown to the officer; nothing is recorded.
    Refuse(DeskMatch),
}

fn same_name(a: &str, b: &str) -> bool {
    crate::text::clean(a).to_lowercase() == crate::text::clean(b).to_lowercase()
}

fn differences(applicant: &Applicant<'_>, account: &Account) -> Vec<Detail> {
    let mut out = Vec::new();
    if account.national_id != applicant.national_id {
        out.push(Detail::NationalId);
    }
    if !same_name(&account.full_name, applicant.full_name) {
        out.push(Detail::FullName);
    }
    if Date::parse(&account.date_of_birth).ok() != Some(applicant.date_of_birth) {
        out.push(Detail::DateOfBirth);
    }
    out
}

/// Checks the applicant against the verified holder of their number and the account of
/// the phone they gave (each `None` when there is none).
#[must_use]
pub fn match_at_desk(
    applicant: &Applicant<'_>,
    verified_holder: Option<&Account>,
    phone_holder: Option<&Account>,
) -> DeskMatch {
    if let Some(holder) = verified_holder {
        let differ = differences(applicant, holder);
        return if differ.is_empty() {
            DeskMatch::Attach(holder.id)
        } else {
            DeskMatch::Mismatch(differ)
        };
    }
    match phone_holder {
        None => DeskMatch::Create,
        Some(account) => {
            let differ = differences(applicant, account);
            if account.verified || differ.contains(&Detail::NationalId) {
                DeskMatch::PhoneTaken(differ)
            } else {
                DeskMatch::Verify {
                    account: account.id,
                    corrects: differ,
                }
            }
        }
    }
}

/// Counts the officer's decision: an account is created or verified only on their
/// word that they checked the original card, and only the one the check proposed.
#[must_use]
pub fn resolve(found: DeskMatch, decision: Decision) -> Resolution {
    match (found, decision) {
        (DeskMatch::Attach(id), _) => Resolution::Attach(id),
        (DeskMatch::Create, Decision::Create) => Resolution::Create,
        (DeskMatch::Verify { account, .. }, Decision::Verify) => {
            Resolution::VerifyAndAttach(account)
        }
        (other, _) => Resolution::Refuse(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "001090012345";

    fn card() -> Applicant<'static> {
        Applicant {
            full_name: "Nguyễn Văn An",
            date_of_birth: Date::parse("1990-05-17").unwrap(),
            national_id: ID,
        }
    }

    fn account(id: i64, name: &str, dob: &str, national_id: &str, verified: bool) -> Account {
        Account {
            id,
            full_name: name.to_owned(),
            date_of_birth: dob.to_owned(),
            national_id: national_id.to_owned(),
            verified,
        }
    }

    #[test]
    fn the_verified_holder_with_the_cards_name_and_birth_date_gets_the_dossier() {
        let holder = account(7, "NGUYỄN  VĂN AN", "1990-05-17", ID, true);
        assert_eq!(
            match_at_desk(&card(), Some(&holder), None),
            DeskMatch::Attach(7)
        );
        // Whatever the phone's account: the number's verified holder is the person.
        let other = account(9, "Trần Thị Bình", "1985-01-01", "001185000001", false);
        assert_eq!(
            match_at_desk(&card(), Some(&holder), Some(&other)),
            DeskMatch::Attach(7)
        );
        assert_eq!(
            resolve(DeskMatch::Attach(7), Decision::None),
            Resolution::Attach(7)
        );
    }

    #[test]
    fn a_verified_holder_with_another_name_or_birth_date_is_shown_not_attached() {
        let holder = account(7, "Nguyễn Văn Ân", "1990-05-18", ID, true);
        let found = match_at_desk(&card(), Some(&holder), None);
        assert_eq!(
            found,
            DeskMatch::Mismatch(vec![Detail::FullName, Detail::DateOfBirth])
        );
        // No decision of the officer attaches it.
        for d in [Decision::None, Decision::Create, Decision::Verify] {
            assert_eq!(resolve(found.clone(), d), Resolution::Refuse(found.clone()));
        }
    }

    #[test]
    fn a_self_declared_number_on_a_strangers_account_is_never_attached() {
        // The attack: somebody registered with the victim's number (unverified) and
        // their own phone. The victim comes to the desk with their own phone: there is
        // no verified holder and no account of that phone, so a new account is made,
        // and only on the officer's word.
        let found = match_at_desk(&card(), None, None);
        assert_eq!(found, DeskMatch::Create);
        assert_eq!(
            resolve(found.clone(), Decision::None),
            Resolution::Refuse(DeskMatch::Create)
        );
        assert_eq!(resolve(found, Decision::Create), Resolution::Create);
    }

    #[test]
    fn the_phones_own_unverified_claim_of_the_number_is_verified_on_the_officers_word() {
        let mine = account(3, "Nguyen Van An", "1990-05-17", ID, false);
        let found = match_at_desk(&card(), None, Some(&mine));
        assert_eq!(
            found,
            DeskMatch::Verify {
                account: 3,
                corrects: vec![Detail::FullName]
            }
        );
        assert_eq!(
            resolve(found.clone(), Decision::None),
            Resolution::Refuse(found.clone())
        );
        // "Create" is not what was proposed: the phone already has this account.
        assert_eq!(
            resolve(found.clone(), Decision::Create),
            Resolution::Refuse(found.clone())
        );
        assert_eq!(
            resolve(found, Decision::Verify),
            Resolution::VerifyAndAttach(3)
        );
    }

    #[test]
    fn a_phone_whose_account_is_for_another_number_is_refused() {
        let theirs = account(4, "Nguyễn Văn An", "1990-05-17", "001090099999", false);
        let found = match_at_desk(&card(), None, Some(&theirs));
        assert_eq!(found, DeskMatch::PhoneTaken(vec![Detail::NationalId]));
        assert_eq!(
            resolve(found.clone(), Decision::Verify),
            Resolution::Refuse(found)
        );
        // Verified for another number: the same.
        let verified = account(5, "Lê Văn Cường", "1970-01-01", "001070000001", true);
        assert!(matches!(
            match_at_desk(&card(), None, Some(&verified)),
            DeskMatch::PhoneTaken(_)
        ));
    }

    #[test]
    fn decisions_are_read_from_the_form() {
        assert_eq!(Decision::parse("create"), Decision::Create);
        assert_eq!(Decision::parse(" verify "), Decision::Verify);
        assert_eq!(Decision::parse(""), Decision::None);
        assert_eq!(Decision::parse("attach:7"), Decision::None);
    }
}
