//! Guided assistance at a kiosk: a member of staff unlocks it with their staff code
//! (`CB` + eight random digits) and kiosk PIN, finds the citizen by phone or CCCD, and attests
//! that they checked the citizen's identity in person, which opens the citizen's
//! session on the kiosk without an OTP. Every step is audited; five wrong PINs lock
//! the PIN for 15 minutes.

use crate::accounts::{Channel, Identity};
use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::kiosks::{self, Kiosk, Mode};
use crate::rate::Limit;
use crate::staff::{self, LOCKOUT_SECONDS, MAX_FAILED_LOGINS, Staff};
use crate::{ServiceError, Services};
use anyhow::Context as _;
use domain::{PhoneNumber, Text};
use serde::{Deserialize, Serialize};

/// A session opened on a staff member's word lasts this long.
pub const ASSISTED_SESSION_SECONDS: i64 = 30 * 60;

/// Wrong staff code or PIN at a kiosk, per code typed (a member's or not, so an unknown
/// code and a locked one answer alike): five, then 15 minutes' wait.
const PIN_TRIES: Limit = Limit {
    kind: "kiosk_pin",
    max: MAX_FAILED_LOGINS,
    window_seconds: LOCKOUT_SECONDS,
};
/// Wrong PINs when attesting, per officer: they are already assisting at the kiosk, so
/// the kiosk's count (strangers guessing codes at unlocking) does not stop them.
const ATTEST_TRIES: Limit = Limit {
    kind: "kiosk_attest_pin",
    max: MAX_FAILED_LOGINS,
    window_seconds: LOCKOUT_SECONDS,
};
/// Wrong codes or PINs at one kiosk, whatever the code: someone trying code after code.
const PIN_TRIES_AT_KIOSK: Limit = Limit {
    kind: "kiosk_pin_at",
    max: 20,
    window_seconds: LOCKOUT_SECONDS,
};

/// The code a member of staff types at a kiosk: `CB` and 8 random digits, given when it
/// is first needed, so that codes cannot be guessed from the order staff were created.
///
/// # Errors
/// Database errors.
pub async fn staff_code(s: &Services, staff_id: i64) -> ServiceResult<String> {
    for _ in 0..8 {
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT kiosk_code FROM staff WHERE id = $1")
                .bind(staff_id)
                .fetch_optional(&s.db.pool)
                .await?;
        match row {
            None => return Err(ServiceError::NotFound),
            Some((Some(code),)) => return Ok(code),
            Some((None,)) => {}
        }
        let code = new_code();
        // Another member may hold the same code (one chance in millions): try another.
        let _ =
            sqlx::query("UPDATE staff SET kiosk_code = $1 WHERE id = $2 AND kiosk_code IS NULL")
                .bind(&code)
                .bind(staff_id)
                .execute(&s.db.pool)
                .await;
    }
    Err(anyhow::anyhow!("no free kiosk code for staff {staff_id}").into())
}

fn new_code() -> String {
    use rand::Rng as _;
    format!("CB{:08}", rand::thread_rng().gen_range(0..100_000_000_u32))
}

/// What was typed, as a code would be stored: `cb 1234 5678` is `CB12345678`.
fn parse_code(code: &str) -> Option<String> {
    let c: String = code
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let digits = c.strip_prefix("CB")?;
    (digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(c)
}

fn check_pin(pin: &str) -> ServiceResult<()> {
    let ok = pin.len() == 6
        && pin.bytes().all(|b| b.is_ascii_digit())
        && !pin.bytes().all(|b| b == pin.as_bytes()[0])
        && !"0123456789012345".contains(pin)
        && !"9876543210987654".contains(pin);
    if ok {
        Ok(())
    } else {
        Err(ServiceError::invalid(
            "pin",
            Text::new(
                "Mã PIN gồm 6 chữ số, không được toàn một số hay dãy liên tiếp",
                "The PIN has 6 digits, not all the same and not a run",
            ),
        ))
    }
}

/// Sets the caller's kiosk PIN. Audited.
///
/// # Errors
/// `Invalid` for a weak PIN.
pub async fn set_pin(s: &Services, who: &Staff, pin: &str) -> ServiceResult<()> {
    check_pin(pin)?;
    let pin = pin.to_owned();
    let hash = tokio::task::spawn_blocking(move || staff::hash_password(&pin))
        .await
        .context("PIN hash")??;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    sqlx::query("UPDATE staff SET kiosk_pin_hash = $1 WHERE id = $2")
        .bind(&hash)
        .bind(who.id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        now,
        Actor::Staff(who.id),
        "staff.kiosk_pin",
        &format!("staff:{}", who.id),
        "",
    )
    .await?;
    tx.commit().await?;
    // A new PIN lifts the lockouts of the old one (an officer who forgot theirs).
    PIN_TRIES.clear(s, &staff_code(s, who.id).await?).await?;
    ATTEST_TRIES.clear(s, &format!("staff:{}", who.id)).await?;
    Ok(())
}

async fn pin_matches(hash: String, pin: String) -> ServiceResult<bool> {
    Ok(
        tokio::task::spawn_blocking(move || staff::verify_password(&pin, &hash))
            .await
            .context("PIN check")?,
    )
}

async fn audit_pin_failure(
    s: &Services,
    now: i64,
    staff_id: i64,
    kiosk: &Kiosk,
    action: &str,
) -> ServiceResult<()> {
    let mut tx = s.db.begin_write().await?;
    audit::record(
        &mut tx,
        now,
        Actor::Staff(staff_id),
        action,
        &format!("kiosk:{}", kiosk.id),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn pin_locked(refused: crate::rate::Refused) -> ServiceError {
    let minutes = refused.minutes();
    refused.with(Text::new(
        format!("Mã PIN tạm khoá do nhập sai nhiều lần; thử lại sau {minutes} phút"),
        format!("The PIN is locked after repeated mistakes; try again in {minutes} minutes"),
    ))
}

/// The assisting officer's PIN, asked again at each attestation.
async fn check_attest_pin(
    s: &Services,
    kiosk: &Kiosk,
    staff_id: i64,
    pin: &str,
) -> ServiceResult<()> {
    let (hash,): (Option<String>,) =
        sqlx::query_as("SELECT kiosk_pin_hash FROM staff WHERE id = $1")
            .bind(staff_id)
            .fetch_one(&s.db.pool)
            .await?;
    // An officer who unlocked with their badge may never have set a PIN: say so, and
    // count nothing.
    let Some(hash) = hash else {
        return Err(ServiceError::invalid(
            "pin",
            Text::new(
                "Bạn chưa đặt mã PIN ki-ốt. Hãy đặt mã PIN trên trang cán bộ rồi xác nhận lại.",
                "You have not set a kiosk PIN. Set one on the staff page, then confirm again.",
            ),
        ));
    };
    let key = format!("staff:{staff_id}");
    if let Err(refused) = ATTEST_TRIES.count(s, &key).await? {
        return Err(pin_locked(refused));
    }
    if !pin_matches(hash, pin.trim().to_owned()).await? {
        audit_pin_failure(
            s,
            s.now(),
            staff_id,
            kiosk,
            "kiosk.assist.attest_pin_failed",
        )
        .await?;
        return Err(ServiceError::invalid(
            "pin",
            Text::new("Mã PIN không đúng", "Wrong PIN"),
        ));
    }
    ATTEST_TRIES.clear(s, &key).await
}

fn wrong() -> ServiceError {
    ServiceError::invalid(
        "pin",
        Text::new(
            "Mã cán bộ hoặc mã PIN không đúng",
            "Wrong staff code or PIN",
        ),
    )
}

/// Checks a staff code and kiosk PIN typed at `kiosk`; returns whose they are. Wrong
/// tries are counted before the PIN is checked (per code and per kiosk) and audited.
async fn check_code_and_pin(
    s: &Services,
    kiosk: &Kiosk,
    code: &str,
    pin: &str,
) -> ServiceResult<i64> {
    let now = s.now();
    let Some(code) = parse_code(code) else {
        return Err(wrong());
    };
    let kiosk_key = format!("kiosk:{}", kiosk.id);
    // Both counted before the PIN is checked, each in one statement, so parallel
    // guesses cannot all pass.
    if let Err(refused) = PIN_TRIES_AT_KIOSK.count(s, &kiosk_key).await? {
        return Err(pin_locked(refused));
    }
    if let Err(refused) = PIN_TRIES.count(s, &code).await? {
        PIN_TRIES_AT_KIOSK.forgive(s, &kiosk_key).await?;
        return Err(pin_locked(refused));
    }
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT id, kiosk_pin_hash FROM staff WHERE kiosk_code = $1")
            .bind(&code)
            .fetch_optional(&s.db.pool)
            .await?;
    let given = pin.trim().to_owned();
    let Some((id, Some(hash))) = row else {
        // Spend the same time as a real check, writing to the audit log as a wrong
        // PIN does, so the answer's timing does not tell which codes exist.
        let _ = tokio::task::spawn_blocking(move || staff::hash_password(&given)).await;
        let mut tx = s.db.begin_write().await?;
        audit::record(
            &mut tx,
            now,
            Actor::System,
            "kiosk.assist.unknown_code",
            &format!("kiosk:{}", kiosk.id),
            "",
        )
        .await?;
        tx.commit().await?;
        return Err(wrong());
    };
    if !pin_matches(hash, given).await? {
        audit_pin_failure(s, now, id, kiosk, "kiosk.assist.pin_failed").await?;
        return Err(wrong());
    }
    PIN_TRIES.clear(s, &code).await?;
    PIN_TRIES_AT_KIOSK.forgive(s, &kiosk_key).await?;
    Ok(id)
}

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
}

/// Finds a citizen by phone number or 12-digit CCCD number. Audited (staff read
/// personal data).
///
/// # Errors
/// `NotFound` when nobody matches; `Invalid` for input that is neither.
pub async fn find_citizen(s: &Services, who: &Staff, query: &str) -> ServiceResult<CitizenCard> {
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
    let row: Option<(i64, String, String, String, String)> = sqlx::query_as(&format!(
        "SELECT id, full_name, phone, date_of_birth, national_id FROM citizens WHERE {column} = $1"
    ))
    .bind(&value)
    .fetch_optional(&s.db.pool)
    .await?;
    let (id, full_name, phone, date_of_birth, national_id) = row.ok_or(ServiceError::NotFound)?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    audit::record(
        &mut tx,
        now,
        Actor::Staff(who.id),
        "kiosk.assist.find_citizen",
        &format!("citizen:{id}"),
        column,
    )
    .await?;
    tx.commit().await?;
    Ok(CitizenCard {
        id,
        full_name,
        phone: PhoneNumber::parse(&phone).map_or_else(|_| "***".to_owned(), |p| p.masked()),
        date_of_birth,
        national_id: domain::NationalId::parse(&national_id, s.today())
            .map_or_else(|_| "************".to_owned(), |n| n.masked()),
    })
}

/// The officer assisting at `kiosk` attests they checked the citizen's identity in
/// person, confirming with their PIN (each time: an officer who stepped away leaves
/// nobody able to open accounts in their name); returns a session token for the
/// citizen on that kiosk (30 minutes), marked as assisted. Audited.
///
/// # Errors
/// `Forbidden` when the kiosk is not in assisted mode by this officer; `Invalid` for a
/// wrong PIN, `RateLimited` while it is locked (the same count as at unlocking).
pub async fn attest(
    s: &Services,
    who: &Staff,
    kiosk: &Kiosk,
    citizen_id: i64,
    pin: &str,
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
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_codes_and_pins() {
        let code = new_code();
        assert_eq!(code.len(), 10);
        assert_ne!(code, new_code());
        assert_eq!(parse_code(&code), Some(code.clone()));
        assert_eq!(parse_code(" cb 1234 5678 "), Some("CB12345678".to_owned()));
        for junk in ["XX1", "CB00012", "CB1234567", "CB123456789", "CB1234567a"] {
            assert_eq!(parse_code(junk), None, "{junk}");
        }
        assert!(check_pin("480219").is_ok());
        for weak in ["111111", "123456", "654321", "12345", "12345a", "890123"] {
            assert!(check_pin(weak).is_err(), "{weak}");
        }
    }
}
