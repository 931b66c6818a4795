//! Citizen accounts: sign-in and registration by phone + OTP, and sessions.

use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::rate::Limit;
use crate::{ServiceError, Services};
use domain::otp::{self, Challenge, OtpError};
use domain::{Date, NationalId, PhoneNumber, Text};
use rand::Rng as _;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

pub use crate::sessions::{constant_time_eq, create_session, resolve_session, sign_out};

/// Web sessions of citizens last 12 hours; API tokens 30 days; staff sessions 8 hours.
pub const CITIZEN_WEB_SESSION_SECONDS: i64 = 12 * 3600;
pub const API_TOKEN_SECONDS: i64 = 30 * 24 * 3600;
pub const STAFF_SESSION_SECONDS: i64 = 8 * 3600;

/// A citizen's account as shown to themselves.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Citizen {
    pub id: i64,
    /// National form, `0912345678`.
    pub phone: String,
    pub full_name: String,
    pub date_of_birth: String,
    /// Masked, `0010******56`.
    pub national_id: String,
    /// Checked against the card by an officer in person; until then a claim.
    pub national_id_verified: bool,
}

/// A citizen signed in on a kiosk by OTP: a web session that the kiosk ends with the
/// visit, and that the server ends after this long whatever the kiosk's browser does.
pub const KIOSK_VISIT_SESSION_SECONDS: i64 = 30 * 60;

/// Where a session is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Web,
    /// A browser session on a shared kiosk (stored as `web`, with a short lifetime).
    Kiosk,
    Api,
}

impl Channel {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Web | Self::Kiosk => "web",
            Self::Api => "api",
        }
    }

    /// How long a citizen's session on this channel lasts.
    #[must_use]
    pub const fn citizen_session_seconds(self) -> i64 {
        match self {
            Self::Web => CITIZEN_WEB_SESSION_SECONDS,
            Self::Kiosk => KIOSK_VISIT_SESSION_SECONDS,
            Self::Api => API_TOKEN_SECONDS,
        }
    }
}

/// Who a session token belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    Citizen(i64),
    Staff(i64),
}

/// A code was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpSent {
    pub phone: PhoneNumber,
    pub expires_at: i64,
}

/// Registration details a new account gives with its first code.
#[derive(Debug, Clone, Default)]
pub struct Registration {
    pub full_name: String,
    pub date_of_birth: String,
    pub national_id: String,
}

/// A successful sign-in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub token: String,
    pub citizen: Citizen,
    pub created: bool,
}

fn otp_error(e: OtpError) -> ServiceError {
    match e {
        OtpError::TooManyAttempts => ServiceError::RateLimited {
            message: e.into(),
            retry_after_seconds: 0,
        },
        OtpError::Cooldown(s) => ServiceError::RateLimited {
            message: e.into(),
            retry_after_seconds: s,
        },
        OtpError::PhoneRateLimited(m) | OtpError::IpRateLimited(m) => ServiceError::RateLimited {
            message: e.into(),
            retry_after_seconds: m * 60,
        },
        _ => ServiceError::invalid("code", e),
    }
}

/// Codes sent from one client per hour.
const SENDS_FROM: Limit = Limit {
    kind: "otp_send_from",
    max: otp::MAX_SENDS_PER_IP_PER_HOUR,
    window_seconds: 3600,
};
/// Codes sent from one kiosk per hour: one citizen after another, each a code or two.
const SENDS_FROM_KIOSK: Limit = Limit {
    kind: "otp_send_from",
    max: 60,
    window_seconds: 3600,
};
/// Codes sent to one phone per hour.
const SENDS_TO: Limit = Limit {
    kind: "otp_send_to",
    max: otp::MAX_SENDS_PER_PHONE_PER_HOUR,
    window_seconds: 3600,
};
/// One code per phone per minute.
const RESEND: Limit = Limit {
    kind: "otp_resend",
    max: 1,
    window_seconds: otp::RESEND_COOLDOWN_SECONDS,
};
/// Codes tried from one client per 10 minutes.
const VERIFIES_FROM: Limit = Limit {
    kind: "otp_verify_from",
    max: otp::MAX_VERIFIES_PER_IP_PER_10_MIN,
    window_seconds: 600,
};

/// Sends a sign-in code to a phone, within the resend cooldown and rate limits (each
/// counted and checked in one statement: the client's first, so that a client already
/// refused cannot use up a stranger's phone quota).
///
/// # Errors
/// `Invalid` for a bad number, `RateLimited` when a limit holds.
pub async fn request_otp(s: &Services, phone: &str, client_ip: &str) -> ServiceResult<OtpSent> {
    let phone = PhoneNumber::parse(phone).map_err(|e| ServiceError::invalid("phone", e))?;
    let now = s.now();
    let from = if crate::net::ClientKey::is_kiosk(client_ip) {
        SENDS_FROM_KIOSK
    } else {
        SENDS_FROM
    };
    if let Err(r) = from.count(s, client_ip).await? {
        return Err(otp_error(OtpError::IpRateLimited(r.minutes())));
    }
    if let Err(r) = RESEND.count(s, phone.e164()).await? {
        from.forgive(s, client_ip).await?;
        return Err(otp_error(OtpError::Cooldown(r.retry_after_seconds)));
    }
    if let Err(r) = SENDS_TO.count(s, phone.e164()).await? {
        from.forgive(s, client_ip).await?;
        return Err(otp_error(OtpError::PhoneRateLimited(r.minutes())));
    }
    let mut tx = s.db.begin_write().await?;
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    let expires_at = now + otp::CODE_TTL_SECONDS;
    sqlx::query(
        "INSERT INTO otp_challenges (phone, code_hash, client_ip, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(phone.e164())
    .bind(s.keyed_hash(&format!("otp:{}", phone.e164()), &code))
    .bind(client_ip)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let body = format!(
        "Ma xac thuc Mot Cua cua ban la {code}. Ma co hieu luc 5 phut. Khong chia se ma nay voi bat ky ai."
    );
    s.sms
        .send(&phone, &body)
        .await
        .map_err(ServiceError::Unexpected)?;
    tracing::info!(phone = %phone.masked(), "OTP sent");
    Ok(OtpSent { phone, expires_at })
}

/// Checks a code and signs in, creating the account on first use.
///
/// A new phone must come with `registration`; without it the answer is
/// `RegistrationRequired` and the code stays valid, so the person can fill in the form.
///
/// # Errors
/// `Invalid` (wrong code, bad registration field), `RateLimited` (dead code, too many
/// tries from this IP), `RegistrationRequired`.
pub async fn sign_in(
    s: &Services,
    phone: &str,
    code: &str,
    registration: Option<Registration>,
    client_ip: &str,
    channel: Channel,
) -> ServiceResult<SignedIn> {
    let phone = PhoneNumber::parse(phone).map_err(|e| ServiceError::invalid("phone", e))?;
    let code = otp::parse_code(code).map_err(otp_error)?;
    let now = s.now();
    if let Err(r) = VERIFIES_FROM.count(s, client_ip).await? {
        return Err(otp_error(OtpError::IpRateLimited(r.minutes())));
    }
    let row: Option<(i64, String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, code_hash, created_at, expires_at, wrong_attempts, consumed FROM otp_challenges \
         WHERE phone = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(phone.e164())
    .fetch_optional(&s.db.pool)
    .await?;
    let mut challenge = row.as_ref().map(|r| Challenge {
        created_at: r.2,
        expires_at: r.3,
        wrong_attempts: r.4,
        consumed: r.5 != 0,
    });
    if let (Some(c), Some(r)) = (challenge.as_mut(), &row) {
        // This try is counted before the code is compared, in the statement that
        // checks the code still has tries left, so parallel guesses cannot all pass.
        let counted: Option<(i64,)> = sqlx::query_as(
            "UPDATE otp_challenges SET wrong_attempts = wrong_attempts + 1 \
             WHERE id = $1 AND consumed = 0 AND wrong_attempts < $2 RETURNING wrong_attempts",
        )
        .bind(r.0)
        .bind(otp::MAX_WRONG_ATTEMPTS)
        .fetch_optional(&s.db.pool)
        .await?;
        match counted {
            Some((tries,)) => c.wrong_attempts = tries - 1,
            None => {
                // Used up, or used meanwhile by a parallel request: read which.
                let (consumed,): (i64,) =
                    sqlx::query_as("SELECT consumed FROM otp_challenges WHERE id = $1")
                        .bind(r.0)
                        .fetch_one(&s.db.pool)
                        .await?;
                if consumed == 0 {
                    c.wrong_attempts = otp::MAX_WRONG_ATTEMPTS;
                } else {
                    c.consumed = true;
                }
            }
        }
    }
    let expected = s.keyed_hash(&format!("otp:{}", phone.e164()), &code);
    let matches = row
        .as_ref()
        .is_some_and(|r| constant_time_eq(r.1.as_bytes(), expected.as_bytes()));
    otp::verify(challenge, now, matches).map_err(otp_error)?;
    let challenge_id = row.map(|r| r.0).unwrap_or_default();
    // A right code is not a wrong try (it stays valid while the person registers).
    sqlx::query(
        "UPDATE otp_challenges SET wrong_attempts = wrong_attempts - 1 WHERE id = $1 AND wrong_attempts > 0",
    )
    .bind(challenge_id)
    .execute(&s.db.pool)
    .await?;
    let mut tx = s.db.begin_write().await?;
    // Used once, even when sent twice at the same moment: the second waits for the
    // first and finds the code used. Every refusal below rolls this back, so the code
    // stays valid while the person fills in the registration.
    let consumed =
        sqlx::query("UPDATE otp_challenges SET consumed = 1 WHERE id = $1 AND consumed = 0")
            .bind(challenge_id)
            .execute(&mut *tx)
            .await?;
    if consumed.rows_affected() != 1 {
        return Err(otp_error(OtpError::Used));
    }
    let existing = find_by_phone(&mut tx, &phone).await?;
    let (citizen_id, created) = match existing {
        Some(id) => (id, false),
        None => {
            let Some(reg) = registration else {
                return Err(ServiceError::RegistrationRequired);
            };
            let reg = validate_registration(&reg, s.today())?;
            // The number typed here is the person's claim, unverified: it never
            // blocks another registration, and a dossier filed at the desk goes to
            // it only once an officer has verified it (domain::identity).
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO citizens (phone, full_name, date_of_birth, national_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(phone.e164())
            .bind(&reg.0)
            .bind(reg.1.to_string())
            .bind(reg.2.as_str())
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            audit::record(
                &mut tx,
                now,
                Actor::Citizen(id),
                "citizen.register",
                &format!("citizen:{id}"),
                "",
            )
            .await?;
            (id, true)
        }
    };
    let lifetime = channel.citizen_session_seconds();
    let token =
        create_session(s, &mut tx, Identity::Citizen(citizen_id), channel, lifetime).await?;
    tx.commit().await?;
    let citizen = citizen(s, citizen_id).await?;
    Ok(SignedIn {
        token,
        citizen,
        created,
    })
}

/// How long a registration pass lasts: the code's own life and a little more, to take
/// a photo of the card and fill in the form.
pub const REGISTRATION_PASS_SECONDS: i64 = 10 * 60;

/// A pass for a person who typed a right code for a phone without an account
/// ([`ServiceError::RegistrationRequired`]) and is filling in the registration: it lets
/// them have the QR on their card read from a photo ([`crate::qr::read_photo`]), which
/// otherwise needs a session or a kiosk. Signed with the server's key (every node
/// checks it), `{expires}-{nonce}-{mac}`, naming nobody.
#[must_use]
pub fn registration_pass(s: &Services) -> String {
    let expires = s.now() + REGISTRATION_PASS_SECONDS;
    let mut nonce = [0_u8; 12];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut nonce);
    let nonce = hex::encode(nonce);
    let body = format!("{expires}-{nonce}");
    let mac = s.keyed_hash("registration_pass", &body);
    format!("{body}-{mac}")
}

/// Whether a registration pass is one of ours and still alive.
#[must_use]
pub fn registration_pass_valid(s: &Services, pass: &str) -> bool {
    let Some((body, mac)) = pass.rsplit_once('-') else {
        return false;
    };
    let Some(expires) = body
        .split_once('-')
        .and_then(|(e, _)| e.parse::<i64>().ok())
    else {
        return false;
    };
    let expected = s.keyed_hash("registration_pass", body);
    constant_time_eq(mac.as_bytes(), expected.as_bytes()) && s.now() < expires
}

pub(crate) fn validate_registration(
    reg: &Registration,
    today: Date,
) -> ServiceResult<(String, Date, NationalId)> {
    let name = domain::text::clean(&reg.full_name);
    if name.is_empty() {
        return Err(ServiceError::invalid(
            "full_name",
            Text::new("Vui lòng nhập họ và tên", "Please enter your full name"),
        ));
    }
    if name.chars().count() > 100
        || !name
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '-')
    {
        return Err(ServiceError::invalid(
            "full_name",
            Text::new(
                "Họ và tên chỉ gồm chữ cái, tối đa 100 ký tự",
                "The full name may contain only letters, up to 100 characters",
            ),
        ));
    }
    let dob =
        Date::parse(&reg.date_of_birth).map_err(|e| ServiceError::invalid("date_of_birth", e))?;
    if dob > today || dob.year() < 1900 {
        return Err(ServiceError::invalid(
            "date_of_birth",
            Text::new("Ngày sinh không hợp lệ", "Invalid date of birth"),
        ));
    }
    let id = NationalId::parse_with_birth_date(&reg.national_id, dob, today)
        .map_err(|e| ServiceError::invalid("national_id", e))?;
    Ok((name, dob, id))
}

async fn find_by_phone(
    conn: &mut AnyConnection,
    phone: &PhoneNumber,
) -> ServiceResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM citizens WHERE phone = $1")
        .bind(phone.e164())
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.0))
}

/// A citizen by id.
///
/// # Errors
/// `NotFound`.
pub async fn citizen(s: &Services, id: i64) -> ServiceResult<Citizen> {
    let row: (i64, String, String, String, String, Option<i64>) = sqlx::query_as(
        "SELECT id, phone, full_name, date_of_birth, national_id, national_id_verified_at \
         FROM citizens WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&s.db.pool)
    .await?
    .ok_or(ServiceError::NotFound)?;
    let phone = PhoneNumber::parse(&row.1)
        .map(|p| p.national())
        .unwrap_or(row.1);
    let national_id = NationalId::parse(&row.4, s.today())
        .map(|n| n.masked())
        .unwrap_or_default();
    Ok(Citizen {
        id: row.0,
        phone,
        full_name: row.2,
        date_of_birth: row.3,
        national_id,
        national_id_verified: row.5.is_some(),
    })
}
