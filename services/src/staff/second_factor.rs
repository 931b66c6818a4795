//! The second step of staff sign-in: the code of an authenticator app (TOTP), enrolled
//! by QR the first time. The secret is derived from the server key and a per-member
//! salt, never stored.

use super::{SIGN_IN, Staff, get, locked_message};
use crate::accounts::{self, Channel, Identity, STAFF_SESSION_SECONDS};
use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use domain::{PhoneNumber, Text};

/// How long the second step may wait after the password.
pub const CHALLENGE_SECONDS: i64 = 5 * 60;
/// Wrong codes accepted on one challenge before the password must be typed again.
pub const CODES_PER_CHALLENGE: i64 = 3;

/// The password was right: the second step's challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordAccepted {
    /// Kept by the browser (HttpOnly cookie) until the code is given.
    pub challenge: String,
    /// No authenticator yet: the code page shows the enrolment QR first.
    pub enrolling: bool,
}

/// What the code page shows a member still enrolling an authenticator app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    pub secret_base32: String,
    pub otpauth_uri: String,
}

struct ChallengeRow {
    staff_id: i64,
}

async fn challenge_of(
    s: &Services,
    conn: &mut sqlx::AnyConnection,
    challenge: &str,
) -> ServiceResult<ChallengeRow> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT staff_id FROM staff_challenges WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(s.keyed_hash("staff-challenge", challenge))
    .bind(s.now())
    .fetch_optional(&mut *conn)
    .await?;
    let (staff_id,) = row.ok_or_else(expired)?;
    Ok(ChallengeRow { staff_id })
}

fn expired() -> ServiceError {
    ServiceError::invalid(
        "code",
        Text::new(
            "Phiên đăng nhập đã hết hạn. Vui lòng nhập lại số điện thoại và mật khẩu.",
            "The sign-in has expired. Please enter your phone number and password again.",
        ),
    )
}

/// The member's authenticator secret, derived from the server key and a salt.
fn secret(s: &Services, staff_id: i64, salt: &str) -> Vec<u8> {
    let h = s.keyed_hash("totp", &format!("{staff_id}:{salt}"));
    hex::decode(&h[..40]).unwrap_or_default()
}

/// The enrolment QR's contents for a challenge whose member has no authenticator yet.
///
/// # Errors
/// `Invalid` (field `code`) for an unknown or expired challenge.
pub async fn enrolment(s: &Services, challenge: &str) -> ServiceResult<Option<Enrolment>> {
    let mut conn = s.db.pool.acquire().await?;
    let c = challenge_of(s, &mut conn, challenge).await?;
    let (phone, name, enabled, pending): (String, String, Option<i64>, Option<String>) =
        sqlx::query_as(
            "SELECT phone, full_name, totp_enabled_at, totp_pending_salt FROM staff WHERE id = $1",
        )
        .bind(c.staff_id)
        .fetch_one(&mut *conn)
        .await?;
    let (None, Some(salt)) = (enabled, pending) else {
        return Ok(None);
    };
    let key = secret(s, c.staff_id, &salt);
    let account = format!(
        "{name} {}",
        PhoneNumber::parse(&phone).map_or(phone.clone(), |p| p.national())
    );
    Ok(Some(Enrolment {
        secret_base32: crate::totp::base32(&key),
        otpauth_uri: crate::totp::otpauth_uri(&key, &account),
    }))
}

/// The second step: the 6-digit code of the member's authenticator app (enrolling it
/// on first use). A code is accepted once; wrong codes count towards the same lockout
/// as wrong passwords, and three on one challenge send the member back to the password.
///
/// # Errors
/// `Invalid` (field `code`) for a wrong, reused or expired code; `RateLimited` while
/// the account is locked.
pub async fn verify_code(
    s: &Services,
    challenge: &str,
    code: &str,
) -> ServiceResult<(String, Staff)> {
    let now = s.now();
    let challenge_hash = s.keyed_hash("staff-challenge", challenge);
    // Each try on this challenge is counted before the code is compared, in the
    // statement that checks the challenge is alive and not used up.
    let counted: Option<(i64, i64)> = sqlx::query_as(
        "UPDATE staff_challenges SET attempts = attempts + 1 \
         WHERE token_hash = $1 AND expires_at > $2 AND attempts < $3 RETURNING staff_id, attempts",
    )
    .bind(&challenge_hash)
    .bind(now)
    .bind(CODES_PER_CHALLENGE)
    .fetch_optional(&s.db.pool)
    .await?;
    let (id, attempts) = counted.ok_or_else(expired)?;
    let (phone,): (String,) = sqlx::query_as("SELECT phone FROM staff WHERE id = $1")
        .bind(id)
        .fetch_one(&s.db.pool)
        .await?;
    if let Err(refused) = SIGN_IN.count(s, &phone).await? {
        return Err(locked_message(refused));
    }
    let mut tx = s.db.begin_write().await?;
    let (enabled, salt, pending, last_step): (Option<i64>, Option<String>, Option<String>, i64) =
        sqlx::query_as(
            "SELECT totp_enabled_at, totp_salt, totp_pending_salt, totp_last_step FROM staff WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let enrolling = enabled.is_none();
    let salt = if enrolling { pending } else { salt }
        .ok_or_else(|| anyhow::anyhow!("staff {id} has no authenticator salt"))?;
    let step = crate::totp::matching_step(&secret(s, id, &salt), code, now)
        .filter(|step| *step > last_step);
    // The step is taken in a guarded update, so one code signs in once even when it is
    // sent twice at the same moment.
    let taken = match step {
        None => false,
        Some(step) => {
            sqlx::query(
                "UPDATE staff SET totp_last_step = $2, \
                 totp_salt = CASE WHEN totp_enabled_at IS NULL THEN totp_pending_salt ELSE totp_salt END, \
                 totp_pending_salt = NULL, totp_enabled_at = COALESCE(totp_enabled_at, $3) \
                 WHERE id = $1 AND totp_last_step < $2",
            )
            .bind(id)
            .bind(step)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1
        }
    };
    if !taken {
        audit::record(
            &mut tx,
            now,
            Actor::Staff(id),
            "staff.totp_failed",
            &format!("staff:{id}"),
            "",
        )
        .await?;
        if attempts >= CODES_PER_CHALLENGE {
            sqlx::query("DELETE FROM staff_challenges WHERE token_hash = $1")
                .bind(&challenge_hash)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        return Err(ServiceError::invalid(
            "code",
            Text::new(
                "Mã xác thực không đúng hoặc đã dùng. Xem mã mới trên ứng dụng xác thực.",
                "Wrong or already used code. Read the new code in your authenticator app.",
            ),
        ));
    }
    sqlx::query("DELETE FROM staff_challenges WHERE token_hash = $1 OR expires_at <= $2")
        .bind(&challenge_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if enrolling {
        audit::record(
            &mut tx,
            now,
            Actor::Staff(id),
            "staff.totp_enrol",
            &format!("staff:{id}"),
            "",
        )
        .await?;
    }
    let token = accounts::create_session(
        s,
        &mut tx,
        Identity::Staff(id),
        Channel::Web,
        STAFF_SESSION_SECONDS,
    )
    .await?;
    audit::record(
        &mut tx,
        now,
        Actor::Staff(id),
        "staff.login",
        &format!("staff:{id}"),
        "",
    )
    .await?;
    tx.commit().await?;
    SIGN_IN.clear(s, &phone).await?;
    Ok((token, get(s, id).await?))
}

/// Removes a member's authenticator (a lost phone): they enrol a new one at their next
/// sign-in. Audited.
///
/// # Errors
/// `NotFound` for an unknown phone.
pub async fn reset_authenticator(s: &Services, phone: &str, actor: Actor) -> ServiceResult<()> {
    let phone = PhoneNumber::parse(phone).map_err(|e| ServiceError::invalid("phone", e))?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE staff SET totp_salt = NULL, totp_pending_salt = NULL, totp_enabled_at = NULL \
         WHERE phone = $1 RETURNING id",
    )
    .bind(phone.e164())
    .fetch_optional(&mut *tx)
    .await?;
    let (id,) = row.ok_or(ServiceError::NotFound)?;
    audit::record(
        &mut tx,
        now,
        actor,
        "staff.totp_reset",
        &format!("staff:{id}"),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The member a live challenge belongs to.
///
/// # Errors
/// `Invalid` for an unknown or expired challenge.
pub async fn challenge_staff(s: &Services, challenge: &str) -> ServiceResult<i64> {
    let mut conn = s.db.pool.acquire().await?;
    Ok(challenge_of(s, &mut conn, challenge).await?.staff_id)
}
