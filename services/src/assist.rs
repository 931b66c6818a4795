//! Guided assistance at a kiosk: a member of staff unlocks it with their staff code
//! (`CB` + eight random digits) and kiosk PIN, finds the citizen by phone or CCCD, and attests
//! that they checked the citizen's identity in person, which opens the citizen's
//! session on the kiosk without an OTP. Every step is audited; five wrong PINs lock
//! the PIN for 15 minutes.

use crate::accounts::{Channel, Identity};
use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::kiosks::{self, Kiosk, Mode};
use crate::staff::{self, Staff};
use crate::{ServiceError, Services};
use domain::{PhoneNumber, Text};

mod credentials;
use credentials::{check_attest_pin, check_code_and_pin};
pub use credentials::{set_pin, staff_code};
use serde::{Deserialize, Serialize};

/// A session opened on a staff member's word lasts this long.
pub const ASSISTED_SESSION_SECONDS: i64 = 30 * 60;

/// Unlocks assisted mode on a kiosk: the kiosk shows who is assisting. Audited.
///
/// # Errors
/// `Invalid` for a wrong code or PIN; `RateLimited` while the PIN is locked.
pub async fn unlock(s: &Services, kiosk: &Kiosk, code: &str, pin: &str) -> ServiceResult<Staff> {
    let id = check_code_and_pin(s, kiosk, code, pin).await?;
    let who = staff::get(s, id).await?;
    kiosks::set_mode(s, &who, kiosk.id, Mode::Assisted).await?;
    Ok(who)
}

/// A citizen as the assisting officer sees them on the kiosk's screen, which others in
/// the hall may see too: the name and birth date to compare with the card in their
/// hand, the personal numbers masked (`0981 *** 567`, `0010******56`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenCard {
    pub id: i64,
    pub full_name: String,
    pub phone: String,
    pub date_of_birth: String,
    pub national_id: String,
    /// The number was checked against the card by an officer; otherwise it is what
    /// the citizen typed, which anybody could have typed.
    pub verified: bool,
}

/// The most accounts a search by CCCD number shows (a number typed by citizens is
/// not unique: one verified holder at most, and any number of claims).
const MOST_FOUND: i64 = 5;

/// Finds the citizens of a phone number or 12-digit CCCD number, the verified holder
/// first. Audited (staff read personal data).
///
/// # Errors
/// `NotFound` when nobody matches; `Invalid` for input that is neither.
pub async fn find_citizen(
    s: &Services,
    who: &Staff,
    query: &str,
) -> ServiceResult<Vec<CitizenCard>> {
    let q: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    let (column, value) = if q.len() == 12 && q.bytes().all(|b| b.is_ascii_digit()) {
        ("national_id", q)
    } else if let Ok(phone) = PhoneNumber::parse(&q) {
        ("phone", phone.e164().to_owned())
    } else {
        return Err(ServiceError::invalid(
            "query",
            Text::new(
                "Nhập số điện thoại hoặc số căn cước 12 chữ số",
                "Enter a phone number or a 12-digit citizen ID number",
            ),
        ));
    };
    let rows: Vec<(i64, String, String, String, String, Option<i64>)> = sqlx::query_as(&format!(
        "SELECT id, full_name, phone, date_of_birth, national_id, national_id_verified_at \
             FROM citizens WHERE {column} = $1 \
             ORDER BY national_id_verified_at IS NULL, id LIMIT {MOST_FOUND}"
    ))
    .bind(&value)
    .fetch_all(&s.db.pool)
    .await?;
    if rows.is_empty() {
        return Err(ServiceError::NotFound);
    }
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    for row in &rows {
        audit::record(
            &mut tx,
            now,
            Actor::Staff(who.id),
            "kiosk.assist.find_citizen",
            &format!("citizen:{}", row.0),
            column,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, full_name, phone, date_of_birth, national_id, verified_at)| CitizenCard {
                id,
                full_name,
                phone: PhoneNumber::parse(&phone).map_or_else(|_| "***".to_owned(), |p| p.masked()),
                date_of_birth,
                national_id: domain::NationalId::parse(&national_id, s.today())
                    .map_or_else(|_| "************".to_owned(), |n| n.masked()),
                verified: verified_at.is_some(),
            },
        )
        .collect())
}

/// The officer assisting at `kiosk` attests they checked the citizen's identity in
/// person, confirming with their PIN (each time: an officer who stepped away leaves
/// nobody able to open accounts in their name); returns a session token for the
/// citizen on that kiosk (30 minutes), marked as assisted. Audited.
///
/// With `card_number` (the 12 digits the officer reads off the card in their hand), the
/// account's CCCD is verified too ([`crate::identity::verify`], audited) when it is the
/// same number; a different number opens nothing.
///
/// # Errors
/// `Forbidden` when the kiosk is not in assisted mode by this officer; `Invalid` for a
/// wrong PIN, `RateLimited` while it is locked (the same count as at unlocking);
/// `Invalid` (`national_id`) for a card number that is not the account's; `Conflict`
/// when another account holds the number verified, or when other accounts declared it
/// too (which of them is the person's is decided at the desk, by their own phone).
pub async fn attest(
    s: &Services,
    who: &Staff,
    kiosk: &Kiosk,
    citizen_id: i64,
    pin: &str,
    card_number: &str,
) -> ServiceResult<String> {
    let row: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT mode, assisted_by FROM kiosks WHERE id = $1 AND revoked_at IS NULL")
            .bind(kiosk.id)
            .fetch_optional(&s.db.pool)
            .await?;
    if row != Some((Mode::Assisted.as_str().to_owned(), Some(who.id))) {
        return Err(ServiceError::Forbidden);
    }
    check_attest_pin(s, kiosk, who.id, pin).await?;
    let card: String = card_number.chars().filter(|c| !c.is_whitespace()).collect();
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    if !card.is_empty() {
        let account = crate::identity::by_id(&mut tx, citizen_id).await?;
        if account.national_id != card {
            return Err(ServiceError::invalid(
                "national_id",
                Text::new(
                    "Số trên thẻ căn cước không khớp với số tài khoản này đã khai. Không mở tài khoản này cho người cầm thẻ.",
                    "The number on the ID card is not the one this account declared. Do not open this account for the card's holder.",
                ),
            ));
        }
        // Several accounts declared this number (one may be an impostor's, made to
        // look like the holder's): the kiosk cannot tell which is the person in front of
        // the officer, so the number is verified at the desk, where the applicant's own
        // phone decides (domain::identity).
        let (claims,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM citizens WHERE national_id = $1 AND id <> $2")
                .bind(&card)
                .bind(citizen_id)
                .fetch_one(&mut *tx)
                .await?;
        if claims > 0 && !account.verified {
            return Err(ServiceError::Conflict(Text::new(
                "Số căn cước này được khai ở nhiều tài khoản: xác minh tại Bộ phận Một cửa, với số điện thoại của chính công dân.",
                "Several accounts declared this citizen ID number: verify it at the one-stop desk, with the citizen's own phone.",
            )));
        }
        if !account.verified {
            let dob = domain::Date::parse(&account.date_of_birth)
                .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("stored birth date: {e}")))?;
            let name = account.full_name.clone();
            crate::identity::verify(
                &mut tx,
                now,
                who.id,
                crate::identity::CheckedAt::Assist,
                &account,
                &name,
                dob,
            )
            .await?;
        }
    }
    let token = crate::sessions::create_session(
        s,
        &mut tx,
        Identity::Citizen(citizen_id),
        Channel::Web,
        ASSISTED_SESSION_SECONDS,
    )
    .await?;
    sqlx::query("UPDATE sessions SET assisted_by = $1 WHERE token_hash = $2")
        .bind(who.id)
        .bind(s.keyed_hash("session", &token))
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        now,
        Actor::Staff(who.id),
        "kiosk.assist.attest_identity",
        &format!("citizen:{citizen_id}"),
        &format!("kiosk:{}", kiosk.id),
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The credential of an officer who unlocked assisted mode at a kiosk, held in the
/// kiosk's assist cookie: a session of its own scope (accepted only by the assist
/// endpoints), for [`ASSISTED_SESSION_SECONDS`] at most and
/// [`crate::sessions::ASSIST_IDLE_SECONDS`] without a request.
///
/// # Errors
/// Database errors.
pub async fn open_session(s: &Services, staff_id: i64) -> ServiceResult<String> {
    let mut tx = s.db.begin_write().await?;
    let token =
        crate::sessions::create_assist_session(s, &mut tx, staff_id, ASSISTED_SESSION_SECONDS)
            .await?;
    tx.commit().await?;
    Ok(token)
}

/// Ends assistance: the kiosk is self-service again. Audited.
///
/// # Errors
/// `NotFound` for an unknown kiosk.
pub async fn leave(s: &Services, who: &Staff, kiosk: &Kiosk) -> ServiceResult<Kiosk> {
    kiosks::set_mode(s, who, kiosk.id, Mode::SelfService).await
}

/// The officer who attested the session's citizen, if it was opened on their word.
///
/// # Errors
/// Database errors.
pub async fn assisted_by(s: &Services, session_token: &str) -> ServiceResult<Option<i64>> {
    let row: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT assisted_by FROM sessions WHERE token_hash = $1")
            .bind(s.keyed_hash("session", session_token))
            .fetch_optional(&s.db.pool)
            .await?;
    Ok(row.and_then(|r| r.0))
}
