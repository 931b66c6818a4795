//! Guided assistance at a kiosk: a member of staff unlocks it with their staff code
//! (`CB` + five digits) and kiosk PIN, finds the citizen by phone or CCCD, and attests
//! that they checked the citizen's identity in person, which opens the citizen's
//! session on the kiosk without an OTP. Every step is audited; five wrong PINs lock
//! the PIN for 15 minutes.

use crate::accounts::{Channel, Identity};
use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::kiosks::{self, Kiosk, Mode};
use crate::staff::{self, LOCKOUT_SECONDS, MAX_FAILED_LOGINS, Staff};
use crate::{ServiceError, Services};
use anyhow::Context as _;
use domain::{PhoneNumber, Text};
use serde::{Deserialize, Serialize};

/// A session opened on a staff member's word lasts this long.
pub const ASSISTED_SESSION_SECONDS: i64 = 30 * 60;

/// The code a staff member types at a kiosk: `CB00012`.
#[must_use]
pub fn staff_code(id: i64) -> String {
    format!("CB{id:05}")
}

fn parse_code(code: &str) -> Option<i64> {
    let c = code.trim().to_ascii_uppercase();
    c.strip_prefix("CB")?.parse().ok()
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
    sqlx::query(
        "UPDATE staff SET kiosk_pin_hash = $1, pin_failed = 0, pin_locked_until = 0 WHERE id = $2",
    )
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
    Ok(())
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

/// Unlocks assisted mode on a kiosk: the kiosk shows who is assisting. Audited.
///
/// # Errors
/// `Invalid` for a wrong code or PIN; `RateLimited` while the PIN is locked.
pub async fn unlock(s: &Services, kiosk: &Kiosk, code: &str, pin: &str) -> ServiceResult<Staff> {
    let now = s.now();
    let Some(id) = parse_code(code) else {
        return Err(wrong());
    };
    let row: Option<(Option<String>, i64)> =
        sqlx::query_as("SELECT kiosk_pin_hash, pin_locked_until FROM staff WHERE id = $1")
            .bind(id)
            .fetch_optional(&s.db.pool)
            .await?;
    let Some((Some(hash), locked_until)) = row else {
        return Err(wrong());
    };
    if locked_until > now {
        return Err(ServiceError::RateLimited {
            message: Text::new(
                "Mã PIN tạm khoá do nhập sai nhiều lần; thử lại sau 15 phút",
                "The PIN is locked after repeated mistakes; try again in 15 minutes",
            ),
            retry_after_seconds: locked_until - now,
        });
    }
    let given = pin.trim().to_owned();
    let ok = tokio::task::spawn_blocking(move || staff::verify_password(&given, &hash))
        .await
        .context("PIN check")?;
    let mut tx = s.db.begin_write().await?;
    if !ok {
        sqlx::query(
            "UPDATE staff SET pin_failed = pin_failed + 1, pin_locked_until = CASE WHEN pin_failed + 1 >= $2 \
             THEN $3 ELSE pin_locked_until END WHERE id = $1",
        )
        .bind(id)
        .bind(MAX_FAILED_LOGINS)
        .bind(now + LOCKOUT_SECONDS)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE staff SET pin_failed = 0 WHERE id = $1 AND pin_locked_until > $2")
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            now,
            Actor::Staff(id),
            "kiosk.assist.pin_failed",
            &format!("kiosk:{}", kiosk.id),
            "",
        )
        .await?;
        tx.commit().await?;
        return Err(wrong());
    }
    sqlx::query("UPDATE staff SET pin_failed = 0 WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let who = staff::get(s, id).await?;
    kiosks::set_mode(s, &who, kiosk.id, Mode::Assisted).await?;
    Ok(who)
}

/// A citizen as the assisting officer sees them.
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
        phone,
        date_of_birth,
        national_id,
    })
}

/// The officer assisting at `kiosk` attests they checked the citizen's identity in
/// person; returns a session token for the citizen on that kiosk (30 minutes),
/// marked as assisted. Audited.
///
/// # Errors
/// `Forbidden` when the kiosk is not in assisted mode by this officer.
pub async fn attest(
    s: &Services,
    who: &Staff,
    kiosk: &Kiosk,
    citizen_id: i64,
) -> ServiceResult<String> {
    let row: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT mode, assisted_by FROM kiosks WHERE id = $1 AND revoked_at IS NULL")
            .bind(kiosk.id)
            .fetch_optional(&s.db.pool)
            .await?;
    if row != Some((Mode::Assisted.as_str().to_owned(), Some(who.id))) {
        return Err(ServiceError::Forbidden);
    }
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

/// The credential of an officer who unlocked assisted mode at a kiosk: a staff session
/// of [`ASSISTED_SESSION_SECONDS`], held in the kiosk's assist cookie.
///
/// # Errors
/// Database errors.
pub async fn open_session(s: &Services, staff_id: i64) -> ServiceResult<String> {
    let mut tx = s.db.begin_write().await?;
    let token = crate::sessions::create_session(
        s,
        &mut tx,
        Identity::Staff(staff_id),
        Channel::Web,
        ASSISTED_SESSION_SECONDS,
    )
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
        assert_eq!(staff_code(12), "CB00012");
        assert_eq!(parse_code(" cb00012 "), Some(12));
        assert_eq!(parse_code("XX1"), None);
        assert!(check_pin("480219").is_ok());
        for weak in ["111111", "123456", "654321", "12345", "12345a", "890123"] {
            assert!(check_pin(weak).is_err(), "{weak}");
        }
    }
}
