//! Staff accounts: created from the CLI (or later by an admin), signed in with phone, an
//! argon2-hashed password and the code of an authenticator app (TOTP, enrolled by QR at
//! the first sign-in); locked for 15 minutes after 5 wrong passwords or codes.

use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::rate::{Limit, Refused};
use crate::{ServiceError, Services};
use anyhow::Context as _;
use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use domain::{PhoneNumber, Text};
use serde::{Deserialize, Serialize};

mod guard;
mod second_factor;
pub use guard::StaffGuard;
pub use second_factor::{
    CHALLENGE_SECONDS, CODES_PER_CHALLENGE, Enrolment, PasswordAccepted, challenge_staff,
    enrolment, reset_authenticator, verify_code,
};

pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOCKOUT_SECONDS: i64 = 15 * 60;
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Failed staff sign-ins accepted from one client IP per rolling 15 minutes, whatever the phone.
pub const MAX_FAILED_LOGINS_PER_IP_PER_15_MIN: i64 = 20;

/// Wrong passwords and authenticator codes per phone number.
pub(crate) const SIGN_IN: Limit = Limit {
    kind: "staff_sign_in",
    max: MAX_FAILED_LOGINS,
    window_seconds: LOCKOUT_SECONDS,
};
/// Wrong passwords from one client, whatever the phone.
const SIGN_IN_FROM: Limit = Limit {
    kind: "staff_sign_in_from",
    max: MAX_FAILED_LOGINS_PER_IP_PER_15_MIN,
    window_seconds: LOCKOUT_SECONDS,
};

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

impl Staff {
    /// Which agency's records this member works on, as the back office's SQL filter:
    /// empty for admins (every agency), the agency's code for officers and managers.
    ///
    /// # Errors
    /// `Forbidden` for an officer or manager without an agency.
    pub fn agency_scope(&self) -> ServiceResult<String> {
        match (self.role, self.agency_code.as_deref()) {
            (Role::Admin, _) => Ok(String::new()),
            (_, Some(code)) => Ok(code.to_owned()),
            (_, None) => Err(ServiceError::Forbidden),
        }
    }
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
    if let Err(refused) = SIGN_IN_FROM.count(s, client_ip).await? {
        return Err(refused.with(Text::new(
            "Quá nhiều lần đăng nhập sai từ thiết bị này. Vui lòng thử lại sau 15 phút.",
            "Too many failed sign-ins from this device. Please try again in 15 minutes.",
        )));
    }
    // Counted per phone number whether or not it is a member's, so that a locked
    // account and an unknown number answer alike.
    if let Err(refused) = SIGN_IN.count(s, phone.e164()).await? {
        SIGN_IN_FROM.forgive(s, client_ip).await?;
        return Err(locked_message(refused));
    }
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, password_hash FROM staff WHERE phone = $1")
            .bind(phone.e164())
            .fetch_optional(&s.db.pool)
            .await?;
    let Some((id, hash)) = row else {
        // Spend the same time as a real check, writing to the audit log as a member's
        // wrong password does, so the answer's timing does not tell which phones
        // belong to staff.
        let pw = password.to_owned();
        let _ = tokio::task::spawn_blocking(move || hash_password(&pw)).await;
        let mut tx = s.db.begin_write().await?;
        audit::record(
            &mut tx,
            now,
            Actor::System,
            "staff.login_unknown_phone",
            &format!("phone:{}", phone.masked()),
            "",
        )
        .await?;
        tx.commit().await?;
        return Err(wrong());
    };
    let pw = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || verify_password(&pw, &hash))
        .await
        .context("password check")?;
    if !ok {
        let mut tx = s.db.begin_write().await?;
        audit::record(
            &mut tx,
            now,
            Actor::Staff(id),
            "staff.login_failed",
            &format!("staff:{id}"),
            "",
        )
        .await?;
        tx.commit().await?;
        return Err(wrong());
    }
    // The password is right: it is not a wrong guess; the code is counted next.
    SIGN_IN.forgive(s, phone.e164()).await?;
    SIGN_IN_FROM.forgive(s, client_ip).await?;
    let mut tx = s.db.begin_write().await?;
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

pub(super) fn random_hex(bytes: usize) -> String {
    use rand::Rng as _;
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill(buf.as_mut_slice());
    hex::encode(buf)
}

pub(super) fn locked_message(refused: Refused) -> ServiceError {
    let minutes = refused.minutes();
    refused.with(Text::new(
            format!(
                "Tài khoản tạm khoá do nhập sai nhiều lần. Vui lòng thử lại sau {minutes} phút."
            ),
            format!(
                "The account is locked after repeated wrong attempts. Please try again in {minutes} minutes."
            ),
    ))
}
