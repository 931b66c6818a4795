//! Kiosks: an admin registers one (name, location) and gets a one-time enrolment code
//! (valid 24 hours); the device enters it once and receives its credential, kept in
//! an HttpOnly cookie. Only keyed hashes of codes and credentials are stored. Every
//! request from the device marks it seen; staff see which kiosks are online.

use crate::audit::{self, Actor};
use crate::error::ServiceResult;
use crate::staff::Staff;
use crate::{ServiceError, Services};
use domain::Text;
use rand::Rng as _;
use serde::{Deserialize, Serialize};

/// How long an enrolment code may be used.
pub const ENROL_CODE_SECONDS: i64 = 24 * 3600;
/// A kiosk not seen for this long is shown offline.
pub const ONLINE_WINDOW_SECONDS: i64 = 120;
/// Characters of enrolment codes: no 0/O or 1/I/L to misread.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Self-service, or a member of staff helping at the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    SelfService,
    Assisted,
}

impl Mode {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SelfService => "self_service",
            Self::Assisted => "assisted",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "self_service" => Some(Self::SelfService),
            "assisted" => Some(Self::Assisted),
            _ => None,
        }
    }

    #[must_use]
    pub fn label(self) -> Text {
        match self {
            Self::SelfService => Text::new("Tự phục vụ", "Self-service"),
            Self::Assisted => Text::new("Có cán bộ hỗ trợ", "Staff-assisted"),
        }
    }
}

/// A kiosk as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kiosk {
    pub id: i64,
    pub name: String,
    pub location: String,
    pub enrolled: bool,
    pub online: bool,
    pub last_seen_at: Option<i64>,
    pub mode: Mode,
    /// Who is assisting, in assisted mode.
    pub assisted_by: Option<String>,
    /// Their staff id.
    pub assistant_id: Option<i64>,
    pub revoked: bool,
}

#[derive(sqlx::FromRow)]
struct KioskRow {
    id: i64,
    name: String,
    location: String,
    enrolled_at: Option<i64>,
    last_seen_at: Option<i64>,
    mode: String,
    assisted_by: Option<i64>,
    assisted_by_name: Option<String>,
    revoked_at: Option<i64>,
}

const SELECT: &str = "SELECT k.id, k.name, k.location, k.enrolled_at, k.last_seen_at, k.mode, k.assisted_by, \
     s.full_name AS assisted_by_name, k.revoked_at FROM kiosks k LEFT JOIN staff s ON s.id = k.assisted_by";

impl Kiosk {
    /// Whether this member of staff is the one assisting at this kiosk now.
    #[must_use]
    pub fn assisted_by_staff(&self, staff_id: i64) -> bool {
        self.mode == Mode::Assisted && self.assistant_id == Some(staff_id)
    }
}

impl KioskRow {
    fn into_kiosk(self, now: i64) -> Kiosk {
        Kiosk {
            id: self.id,
            name: self.name,
            location: self.location,
            enrolled: self.enrolled_at.is_some(),
            online: self.revoked_at.is_none()
                && self
                    .last_seen_at
                    .is_some_and(|t| now - t <= ONLINE_WINDOW_SECONDS),
            last_seen_at: self.last_seen_at,
            mode: Mode::parse(&self.mode).unwrap_or(Mode::SelfService),
            assisted_by: self.assisted_by_name,
            assistant_id: self.assisted_by,
            revoked: self.revoked_at.is_some(),
        }
    }
}

fn new_code() -> String {
    let mut rng = rand::thread_rng();
    (0..8)
        .map(|_| char::from(CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())]))
        .collect()
}

/// Registers a kiosk; returns it and its one-time enrolment code (shown once).
///
/// # Errors
/// `Forbidden` for anyone but an admin; `Invalid` for an empty or duplicate name.
pub async fn register(
    s: &Services,
    who: &Staff,
    name: &str,
    location: &str,
) -> ServiceResult<(Kiosk, String)> {
    crate::staff::StaffGuard::Admin.require(who)?;
    let name = domain::text::clean(name);
    let location = domain::text::clean(location);
    if name.is_empty() || name.chars().count() > 60 {
        return Err(ServiceError::invalid(
            "name",
            Text::new(
                "Tên ki-ốt cần từ 1 đến 60 ký tự",
                "The kiosk name needs 1 to 60 characters",
            ),
        ));
    }
    if location.is_empty() || location.chars().count() > 120 {
        return Err(ServiceError::invalid(
            "location",
            Text::new(
                "Vị trí đặt ki-ốt cần từ 1 đến 120 ký tự",
                "The location needs 1 to 120 characters",
            ),
        ));
    }
    let now = s.now();
    let code = new_code();
    let mut tx = s.db.begin_write().await?;
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO kiosks (name, location, enrol_code_hash, enrol_expires_at, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING RETURNING id",
    )
    .bind(&name)
    .bind(&location)
    .bind(s.keyed_hash("kiosk-enrol", &code))
    .bind(now + ENROL_CODE_SECONDS)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id,)) = inserted else {
        return Err(ServiceError::invalid(
            "name",
            Text::new("Đã có ki-ốt mang tên này", "A kiosk with this name exists"),
        ));
    };
    audit::record(
        &mut tx,
        now,
        Actor::Staff(who.id),
        "kiosk.register",
        &format!("kiosk:{id}"),
        &format!("{name} — {location}"),
    )
    .await?;
    tx.commit().await?;
    Ok((get(s, id).await?, code))
}

/// The device's side of enrolment: a valid, unused code gives the credential to keep.
///
/// Enrolment attempts per client IP per hour (codes are 8 characters of 31: guessing
/// is hopeless within this, and a kiosk installer needs one or two).
pub const ENROL_ATTEMPTS_PER_IP_PER_HOUR: i64 = 10;

/// # Errors
/// `Invalid` for a wrong, used or expired code; `RateLimited` after too many tries
/// from one address.
pub async fn enrol(s: &Services, code: &str, client_ip: &str) -> ServiceResult<(Kiosk, String)> {
    crate::rate::Limit {
        kind: "kiosk_enrol_ip",
        max: ENROL_ATTEMPTS_PER_IP_PER_HOUR,
        window_seconds: 3600,
    }
    .hit(
        s,
        client_ip,
        Text::new(
            "Đã thử kích hoạt quá nhiều lần từ máy này. Vui lòng thử lại sau 1 giờ.",
            "Too many enrolment attempts from this device. Please try again in an hour.",
        ),
    )
    .await?;
    let code: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let now = s.now();
    let credential = {
        let mut bytes = [0_u8; 32];
        rand::thread_rng().fill(&mut bytes);
        hex::encode(bytes)
    };
    let mut tx = s.db.begin_write().await?;
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE kiosks SET enrol_code_hash = NULL, enrol_expires_at = NULL, credential_hash = $1, \
         enrolled_at = $2, last_seen_at = $2 WHERE enrol_code_hash = $3 AND enrol_expires_at > $2 \
         AND revoked_at IS NULL RETURNING id",
    )
    .bind(s.keyed_hash("kiosk-device", &credential))
    .bind(now)
    .bind(s.keyed_hash("kiosk-enrol", &code))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id,)) = row else {
        return Err(ServiceError::invalid(
            "code",
            Text::new(
                "Mã đăng ký ki-ốt không đúng, đã dùng hoặc đã hết hạn",
                "The kiosk enrolment code is wrong, used or expired",
            ),
        ));
    };
    audit::record(
        &mut tx,
        now,
        Actor::System,
        "kiosk.enrol",
        &format!("kiosk:{id}"),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok((get(s, id).await?, credential))
}

/// How often a kiosk's `last_seen_at` is written at most: every request of a kiosk
/// (one every few seconds while a page polls) reads it, only one in this many seconds
/// writes it (issue 18, item 3), well inside [`ONLINE_WINDOW_SECONDS`].
pub const SEEN_EVERY_SECONDS: i64 = 30;

/// The kiosk a device credential belongs to, marked seen now if it was last marked
/// [`SEEN_EVERY_SECONDS`] ago or more.
///
/// # Errors
/// `Unauthenticated` for an unknown or revoked credential.
pub async fn device(s: &Services, credential: &str) -> ServiceResult<Kiosk> {
    let now = s.now();
    let row: KioskRow = sqlx::query_as(&format!(
        "{SELECT} WHERE k.credential_hash = $1 AND k.revoked_at IS NULL"
    ))
    .bind(s.keyed_hash("kiosk-device", credential.trim()))
    .fetch_optional(&s.db.pool)
    .await?
    .ok_or(ServiceError::Unauthenticated)?;
    if row
        .last_seen_at
        .is_some_and(|t| now - t < SEEN_EVERY_SECONDS)
    {
        return Ok(row.into_kiosk(now));
    }
    let mut tx = s.db.begin_write().await?;
    // Revoked meanwhile: refused as if it had been already.
    let seen =
        sqlx::query("UPDATE kiosks SET last_seen_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
    tx.commit().await?;
    if seen.rows_affected() == 0 {
        return Err(ServiceError::Unauthenticated);
    }
    Ok(KioskRow {
        last_seen_at: Some(now),
        ..row
    }
    .into_kiosk(now))
}

/// A kiosk by id, with its status (not marking it seen).
///
/// # Errors
/// `NotFound` for an unknown kiosk.
pub async fn device_by_id(s: &Services, id: i64) -> ServiceResult<Kiosk> {
    get(s, id).await
}

async fn get(s: &Services, id: i64) -> ServiceResult<Kiosk> {
    let row: KioskRow = sqlx::query_as(&format!("{SELECT} WHERE k.id = $1"))
        .bind(id)
        .fetch_optional(&s.db.pool)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(row.into_kiosk(s.now()))
}

/// Every kiosk with its status, for staff of the centre.
///
/// # Errors
/// Database errors.
pub async fn list(s: &Services, _who: &Staff) -> ServiceResult<Vec<Kiosk>> {
    let rows: Vec<KioskRow> = sqlx::query_as(&format!("{SELECT} ORDER BY k.name"))
        .fetch_all(&s.db.pool)
        .await?;
    let now = s.now();
    Ok(rows.into_iter().map(|r| r.into_kiosk(now)).collect())
}

/// Switches a kiosk between self-service and assisted mode (the staff member who
/// switches it to assisted is the one assisting). Audited.
///
/// # Errors
/// `NotFound` for an unknown kiosk.
pub async fn set_mode(s: &Services, who: &Staff, id: i64, mode: Mode) -> ServiceResult<Kiosk> {
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE kiosks SET mode = $1, assisted_by = $2 WHERE id = $3 AND revoked_at IS NULL",
    )
    .bind(mode.as_str())
    .bind((mode == Mode::Assisted).then_some(who.id))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(ServiceError::NotFound);
    }
    audit::record(
        &mut tx,
        now,
        Actor::Staff(who.id),
        &format!("kiosk.mode.{}", mode.as_str()),
        &format!("kiosk:{id}"),
        "",
    )
    .await?;
    tx.commit().await?;
    get(s, id).await
}

/// Ends assisted mode at a kiosk whose visit ended when no officer's credential was
/// live any more (it idled out while they helped elsewhere): self-service again, so
/// the banner does not go on naming someone who left. Audited as the system's.
///
/// # Errors
/// Database errors.
pub async fn end_assistance(s: &Services, id: i64) -> ServiceResult<()> {
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE kiosks SET mode = $1, assisted_by = NULL \
         WHERE id = $2 AND mode = $3 AND revoked_at IS NULL",
    )
    .bind(Mode::SelfService.as_str())
    .bind(id)
    .bind(Mode::Assisted.as_str())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        audit::record(
            &mut tx,
            now,
            Actor::System,
            "kiosk.mode.self_service",
            &format!("kiosk:{id}"),
            "visit ended",
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Takes a kiosk out of service: its credential stops working at once. Admins only.
///
/// # Errors
/// `Forbidden` for anyone but an admin; `NotFound` for an unknown kiosk.
pub async fn revoke(s: &Services, who: &Staff, id: i64) -> ServiceResult<()> {
    crate::staff::StaffGuard::Admin.require(who)?;
    let now = s.now();
    let mut tx = s.db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE kiosks SET revoked_at = $1, credential_hash = NULL WHERE id = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(ServiceError::NotFound);
    }
    audit::record(
        &mut tx,
        now,
        Actor::Staff(who.id),
        "kiosk.revoke",
        &format!("kiosk:{id}"),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
