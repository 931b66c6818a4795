//! Staff badges: a printed QR that a kiosk's 2D scanner reads (it types like a
//! keyboard) to unlock guided assistance without typing the staff code and PIN.
//! The badge carries a random secret; only its keyed hash is stored, and issuing a
//! new badge revokes the previous one (a lost badge is replaced, not hunted down).

use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::kiosks::{self, Kiosk, Mode};
use crate::staff::{self, Staff};
use crate::{ServiceError, Services};
use domain::Text;
use rand::Rng as _;

/// Every badge starts with this, so a scan of anything else is told apart at once.
pub const PREFIX: &str = "MCCB-";
/// Characters of the secret: upper-case letters and digits a scanner types on any
/// keyboard layout, without 0/O and 1/I/L.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// 26 characters of a 31-letter alphabet: about 128 bits.
const SECRET_LEN: usize = 26;

fn new_secret() -> String {
    let mut rng = rand::thread_rng();
    let body: String = (0..SECRET_LEN)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect();
    format!("{PREFIX}{body}")
}

/// What a scanner typed, as the badge it should be (scanners add spaces or Enter,
/// and some send lower case with Caps Lock on).
fn normalise(scanned: &str) -> Option<String> {
    let s = scanned.trim().to_ascii_uppercase();
    let body = s.strip_prefix(PREFIX)?;
    (body.len() == SECRET_LEN && body.bytes().all(|b| ALPHABET.contains(&b))).then(|| s.clone())
}

/// Issues a badge for the caller, revoking any earlier one; returns the text its QR
/// carries (shown once, to print). Audited.
///
/// # Errors
/// Database errors.
pub async fn issue(s: &Services, who: &Staff) -> ServiceResult<String> {
    let secret = new_secret();
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    sqlx::query("UPDATE staff SET badge_hash = $1, badge_issued_at = $2 WHERE id = $3")
        .bind(s.keyed_hash("staff-badge", &secret))
        .bind(now)
        .bind(who.id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        now,
        Actor::Staff(who.id),
        "staff.badge.issue",
        &format!("staff:{}", who.id),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(secret)
}

fn wrong() -> ServiceError {
    ServiceError::invalid(
        "badge",
        Text::new(
            "Thẻ cán bộ không hợp lệ hoặc đã được thay bằng thẻ mới",
            "This staff badge is not valid or has been replaced",
        ),
    )
}

/// Unlocks assisted mode on a kiosk with a scanned badge. A failed scan is audited
/// against the kiosk.
///
/// # Errors
/// `Invalid` for anything but a current badge.
pub async fn unlock(s: &Services, kiosk: &Kiosk, scanned: &str) -> ServiceResult<Staff> {
    let now = s.now();
    let found: Option<(i64,)> = match normalise(scanned) {
        Some(secret) => {
            sqlx::query_as("SELECT id FROM staff WHERE badge_hash = $1")
                .bind(s.keyed_hash("staff-badge", &secret))
                .fetch_optional(&s.db.pool)
                .await?
        }
        None => None,
    };
    let Some((id,)) = found else {
        let mut tx = s.db.begin_write().await?;
        audit::record(
            &mut tx,
            now,
            Actor::System,
            "kiosk.assist.badge_refused",
            &format!("kiosk:{}", kiosk.id),
            "",
        )
        .await?;
        tx.commit().await?;
        return Err(wrong());
    };
    let who = staff::get(s, id).await?;
    kiosks::set_mode(s, &who, kiosk.id, Mode::Assisted).await?;
    Ok(who)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_and_distinct() {
        let a = new_secret();
        let b = new_secret();
        assert_ne!(a, b);
        assert_eq!(a.len(), PREFIX.len() + SECRET_LEN);
        assert_eq!(normalise(&a), Some(a.clone()));
    }

    #[test]
    fn scans_are_normalised_and_junk_refused() {
        let a = new_secret();
        assert_eq!(normalise(&format!("  {}\n", a.to_lowercase())), Some(a));
        for junk in [
            "",
            "MCCB-",
            "CB00012",
            "MCCB-0000000000000000000000000O",
            "MCCB-ABC",
        ] {
            assert_eq!(normalise(junk), None, "{junk}");
        }
    }
}
