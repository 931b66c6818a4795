//! Who assists: the code a member of staff types at a kiosk and their kiosk PIN, each
//! wrong try counted before it is checked (`crate::rate`), per code, per kiosk, and per
//! officer when attesting.

use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::kiosks::Kiosk;
use crate::rate::Limit;
use crate::staff::{self, LOCKOUT_SECONDS, MAX_FAILED_LOGINS, Staff};
use crate::{ServiceError, Services};
use anyhow::Context as _;
use domain::Text;

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
pub(super) async fn check_attest_pin(
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
pub(super) async fn check_code_and_pin(
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
