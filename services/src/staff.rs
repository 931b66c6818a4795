//! Staff accounts: created from the CLI (or later by an admin), signed in with phone, an
//! argon2-hashed password and the code of an authenticator app (TOTP, enrolled by QR at
//! the first sign-in); locked for 15 minutes after 5 wrong passwords or codes.

use crate::accounts::{self, Channel, Identity, STAFF_SESSION_SECONDS};
use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::{ServiceError, Services};
use anyhow::Context as _;
use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use domain::{PhoneNumber, Text};
use serde::{Deserialize, Serialize};

pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOCKOUT_SECONDS: i64 = 15 * 60;
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Failed staff sign-ins accepted from one client IP per rolling 15 minutes, whatever the phone.
pub const MAX_FAILED_LOGINS_PER_IP_PER_15_MIN: i64 = 20;

/// What a member of staff may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Works the desk of one agency.
    Officer,
    /// Supervises one agency.
    Manager,
    /// Runs the centre.
    Admin,
}

impl Role {
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "officer" => Some(Self::Officer),
            "manager" => Some(Self::Manager),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Officer => "officer",
            Self::Manager => "manager",
            Self::Admin => "admin",
        }
    }
}

/// A member of staff.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Staff {
    pub id: i64,
    pub phone: String,
    pub full_name: String,
    pub role: Role,
    pub agency_code: Option<String>,
}

/// New staff account details.
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub phone: String,
    pub full_name: String,
    pub role: Role,
    pub agency_code: Option<String>,
    pub password: String,
}

pub(crate) fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))
}

pub(crate) fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Creates a staff account. Officers and managers belong to one agency; admins may not.
///
/// # Errors
/// `Invalid` for a bad phone, name, password or agency; `Conflict` for a phone in use.
pub async fn create(s: &Services, new: NewStaff, actor: Actor) -> ServiceResult<Staff> {
    let phone = PhoneNumber::parse(&new.phone).map_err(|e| ServiceError::invalid("phone", e))?;
    let name = domain::text::clean(&new.full_name);
    if name.is_empty() {
        return Err(ServiceError::invalid(
            "full_name",
            Text::new("Vui lòng nhập họ và tên", "Please enter the full name"),
        ));
    }
    if new.password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ServiceError::invalid(
            "password",
            Text::new(
                format!("Mật khẩu phải có ít nhất {MIN_PASSWORD_CHARS} ký tự"),
                format!("The password must have at least {MIN_PASSWORD_CHARS} characters"),
            ),
        ));
    }
    if new.role != Role::Admin && new.agency_code.is_none() {
        return Err(ServiceError::invalid(
            "agency",
            Text::new(
                "Cán bộ và lãnh đạo phải thuộc một cơ quan (--agency)",
                "Officers and managers must belong to an agency (--agency)",
            ),
        ));
    }
    let password = new.password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .context("password hashing task")??;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let agency_id: Option<i64> = match &new.agency_code {
        Some(code) => {
            let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM agencies WHERE code = $1")
                .bind(code.trim().to_ascii_uppercase())
                .fetch_optional(&mut *tx)
                .await?;
            Some(
                row.ok_or_else(|| {
                    ServiceError::invalid(
                        "agency",
                        Text::new(
                            format!("Không có cơ quan mã {code}"),
                            format!("There is no agency with code {code}"),
                        ),
                    )
                })?
                .0,
            )
        }
        None => None,
    };
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO staff (phone, full_name, role, agency_id, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (phone) DO NOTHING RETURNING id",
    )
    .bind(phone.e164())
    .bind(&name)
    .bind(new.role.as_str())
    .bind(agency_id)
    .bind(hash)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let (id,) = inserted.ok_or_else(|| {
        ServiceError::conflict(
            format!("Số điện thoại {phone} đã có tài khoản cán bộ"),
            format!("The phone number {phone} already has a staff account"),
        )
    })?;
    audit::record(
        &mut tx,
        now,
        actor,
        "staff.create",
        &format!("staff:{id}"),
        new.role.as_str(),
    )
    .await?;
    tx.commit().await?;
    get(s, id).await
}

/// A member of staff by id.
///
/// # Errors
/// `NotFound`.
pub async fn get(s: &Services, id: i64) -> ServiceResult<Staff> {
    let row: (i64, String, String, String, Option<String>) = sqlx::query_as(
        "SELECT st.id, st.phone, st.full_name, st.role, a.code FROM staff st \
         LEFT JOIN agencies a ON a.id = st.agency_id WHERE st.id = $1",
    )
    .bind(id)
    .fetch_optional(&s.db.pool)
    .await?
    .ok_or(ServiceError::NotFound)?;
    Ok(Staff {
        id: row.0,
        phone: PhoneNumber::parse(&row.1)
            .map(|p| p.national())
            .unwrap_or(row.1),
        full_name: row.2,
        role: Role::parse(&row.3).ok_or_else(|| anyhow::anyhow!("bad role {:?}", row.3))?,
        agency_code: row.4,
    })
}

/// The first step of staff sign-in: phone and password. The same message answers an
/// unknown phone and a wrong password, so the form does not tell which phones have
/// accounts. Success gives a short-lived challenge for the second step (the
/// authenticator code, [`verify_code`]), and says whether the member must first enrol
/// an authenticator app.
///
/// # Errors
/// `Invalid` for wrong credentials, `RateLimited` while the account is locked or after too
/// many failures from this client IP.
pub async fn sign_in(
    s: &Services,
    phone: &str,
    password: &str,
    client_ip: &str,
) -> ServiceResult<PasswordAccepted> {
    let wrong = || {
        ServiceError::invalid(
            "password",
            Text::new(
                "Số điện thoại hoặc mật khẩu không đúng",
                "Wrong phone number or password",
            ),
        )
    };
    let phone = PhoneNumber::parse(phone).map_err(|e| ServiceError::invalid("phone", e))?;
    let now = s.now();
    let (failures,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM rate_events WHERE kind = 'staff_login_failed_ip' AND subject = $1 AND at > $2",
    )
    .bind(client_ip)
    .bind(now - LOCKOUT_SECONDS)
    .fetch_one(&s.db.pool)
    .await?;
    if failures >= MAX_FAILED_LOGINS_PER_IP_PER_15_MIN {
        return Err(ServiceError::RateLimited {
            message: Text::new(
                "Quá nhiều lần đăng nhập sai từ thiết bị này. Vui lòng thử lại sau 15 phút.",
                "Too many failed sign-ins from this device. Please try again in 15 minutes.",
            ),
            retry_after_seconds: LOCKOUT_SECONDS,
        });
    }
    let record_failure = || async {
        sqlx::query(
            "INSERT INTO rate_events (kind, subject, at) VALUES ('staff_login_failed_ip', $1, $2)",
        )
        .bind(client_ip)
        .bind(now)
        .execute(&s.db.pool)
        .await
    };
    let row: Option<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT id, password_hash, failed_logins, locked_until FROM staff WHERE phone = $1",
    )
    .bind(phone.e164())
    .fetch_optional(&s.db.pool)
    .await?;
    let Some((id, hash, _failed, locked_until)) = row else {
        // Spend the same time as a real check.
        let pw = password.to_owned();
        let _ = tokio::task::spawn_blocking(move || hash_password(&pw)).await;
        record_failure().await?;
        return Err(wrong());
    };
    if locked_until > now {
        return Err(locked_message(locked_until, now));
    }
    let pw = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || verify_password(&pw, &hash))
        .await
        .context("password check")?;
    let mut tx = s.db.begin_write().await?;
    if !ok {
        record_failure_on(&mut tx, id, now, "staff.login_failed").await?;
        tx.commit().await?;
        return Err(wrong());
    }
    let (enabled, pending): (Option<i64>, Option<String>) =
        sqlx::query_as("SELECT totp_enabled_at, totp_pending_salt FROM staff WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let enrolling = enabled.is_none();
    if enrolling && pending.is_none() {
        sqlx::query("UPDATE staff SET totp_pending_salt = $1 WHERE id = $2")
            .bind(random_hex(16))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let challenge = random_hex(32);
    sqlx::query(
        "INSERT INTO staff_challenges (token_hash, staff_id, created_at, expires_at, attempts) \
         VALUES ($1, $2, $3, $4, 0)",
    )
    .bind(s.keyed_hash("staff-challenge", &challenge))
    .bind(id)
    .bind(now)
    .bind(now + CHALLENGE_SECONDS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(PasswordAccepted {
        challenge,
        enrolling,
    })
}

/// Counts a wrong password or code against the account: locked for
/// [`LOCKOUT_SECONDS`] after [`MAX_FAILED_LOGINS`] in a row; audited.
async fn record_failure_on(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    now: i64,
    action: &str,
) -> ServiceResult<()> {
    sqlx::query(
        "UPDATE staff SET failed_logins = failed_logins + 1, \
         locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END WHERE id = $1",
    )
    .bind(id)
    .bind(MAX_FAILED_LOGINS)
    .bind(now + LOCKOUT_SECONDS)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE staff SET failed_logins = 0 WHERE id = $1 AND locked_until > $2")
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    audit::record(
        tx,
        now,
        Actor::Staff(id),
        action,
        &format!("staff:{id}"),
        "",
    )
    .await?;
    Ok(())
}

fn random_hex(bytes: usize) -> String {
    use rand::Rng as _;
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill(buf.as_mut_slice());
    hex::encode(buf)
}

fn locked_message(locked_until: i64, now: i64) -> ServiceError {
    let minutes = (locked_until - now + 59) / 60;
    ServiceError::RateLimited {
        message: Text::new(
            format!(
                "Tài khoản tạm khoá do nhập sai nhiều lần. Vui lòng thử lại sau {minutes} phút."
            ),
            format!(
                "The account is locked after repeated wrong attempts. Please try again in {minutes} minutes."
            ),
        ),
        retry_after_seconds: locked_until - now,
    }
}

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
    attempts: i64,
}

async fn challenge_of(
    s: &Services,
    conn: &mut sqlx::AnyConnection,
    challenge: &str,
) -> ServiceResult<ChallengeRow> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT staff_id, attempts FROM staff_challenges WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(s.keyed_hash("staff-challenge", challenge))
    .bind(s.now())
    .fetch_optional(&mut *conn)
    .await?;
    let (staff_id, attempts) = row.ok_or_else(|| {
        ServiceError::invalid(
            "code",
            Text::new(
                "Phiên đăng nhập đã hết hạn. Vui lòng nhập lại số điện thoại và mật khẩu.",
                "The sign-in has expired. Please enter your phone number and password again.",
            ),
        )
    })?;
    Ok(ChallengeRow { staff_id, attempts })
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
    let mut tx = s.db.begin_write().await?;
    let c = challenge_of(s, &mut tx, challenge).await?;
    let id = c.staff_id;
    let (locked_until, enabled, salt, pending, last_step): (i64, Option<i64>, Option<String>, Option<String>, i64) =
        sqlx::query_as(
            "SELECT locked_until, totp_enabled_at, totp_salt, totp_pending_salt, totp_last_step FROM staff WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if locked_until > now {
        return Err(locked_message(locked_until, now));
    }
    let enrolling = enabled.is_none();
    let salt = if enrolling { pending } else { salt }
        .ok_or_else(|| anyhow::anyhow!("staff {id} has no authenticator salt"))?;
    let step = crate::totp::matching_step(&secret(s, id, &salt), code, now)
        .filter(|step| *step > last_step);
    let Some(step) = step else {
        record_failure_on(&mut tx, id, now, "staff.totp_failed").await?;
        let hash = s.keyed_hash("staff-challenge", challenge);
        if c.attempts + 1 >= CODES_PER_CHALLENGE {
            sqlx::query("DELETE FROM staff_challenges WHERE token_hash = $1")
                .bind(&hash)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query(
                "UPDATE staff_challenges SET attempts = attempts + 1 WHERE token_hash = $1",
            )
            .bind(&hash)
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
    };
    sqlx::query("DELETE FROM staff_challenges WHERE token_hash = $1 OR expires_at <= $2")
        .bind(s.keyed_hash("staff-challenge", challenge))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE staff SET failed_logins = 0, locked_until = 0, totp_last_step = $2, \
         totp_salt = CASE WHEN totp_enabled_at IS NULL THEN totp_pending_salt ELSE totp_salt END, \
         totp_pending_salt = NULL, totp_enabled_at = COALESCE(totp_enabled_at, $3) WHERE id = $1",
    )
    .bind(id)
    .bind(step)
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

/// The current authenticator code of a member (tests and the CLI's checks).
///
/// # Errors
/// `NotFound` for a member without an authenticator or a pending one.
pub async fn current_code(s: &Services, staff_id: i64) -> ServiceResult<String> {
    let (salt, pending): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT totp_salt, totp_pending_salt FROM staff WHERE id = $1")
            .bind(staff_id)
            .fetch_optional(&s.db.pool)
            .await?
            .ok_or(ServiceError::NotFound)?;
    let salt = salt.or(pending).ok_or(ServiceError::NotFound)?;
    Ok(crate::totp::code_at_step(
        &secret(s, staff_id, &salt),
        crate::totp::step_of(s.now()),
        crate::totp::DIGITS,
    ))
}
