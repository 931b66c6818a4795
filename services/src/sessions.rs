//! Sessions: random bearer tokens whose keyed hash is stored, for citizens and staff,
//! on the web (cookie) and the API (Authorization header).

use crate::Services;
use crate::accounts::{Channel, Identity};
use crate::error::ServiceResult;
use rand::Rng as _;
use sqlx::AnyConnection;

/// Staff sessions end after this long without a request.
pub const STAFF_IDLE_SECONDS: i64 = 30 * 60;
/// An officer's guided-assist credential ends after this long without a request from
/// the kiosk's assist pages (an officer who walked away).
pub const ASSIST_IDLE_SECONDS: i64 = 5 * 60;

const FULL: &str = "full";
const KIOSK_ASSIST: &str = "kiosk_assist";

/// Creates a session and returns its bearer token; only a keyed hash is stored.
///
/// # Errors
/// Database errors.
pub async fn create_session(
    s: &Services,
    conn: &mut AnyConnection,
    who: Identity,
    channel: Channel,
    lifetime_seconds: i64,
) -> ServiceResult<String> {
    insert(s, conn, who, channel, lifetime_seconds, FULL).await
}

/// Creates an officer's guided-assist credential: a session of its own scope, which
/// [`resolve_session`] never accepts (so it is no staff session and no API token) and
/// only [`resolve_assist`] reads.
///
/// # Errors
/// Database errors.
pub async fn create_assist_session(
    s: &Services,
    conn: &mut AnyConnection,
    staff_id: i64,
    lifetime_seconds: i64,
) -> ServiceResult<String> {
    insert(
        s,
        conn,
        Identity::Staff(staff_id),
        Channel::Web,
        lifetime_seconds,
        KIOSK_ASSIST,
    )
    .await
}

async fn insert(
    s: &Services,
    conn: &mut AnyConnection,
    who: Identity,
    channel: Channel,
    lifetime_seconds: i64,
    scope: &str,
) -> ServiceResult<String> {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill(&mut bytes);
    let token = hex::encode(bytes);
    let (kind, id) = match who {
        Identity::Citizen(id) => ("citizen", id),
        Identity::Staff(id) => ("staff", id),
    };
    let now = s.now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, subject_kind, subject_id, channel, created_at, expires_at, scope) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(s.keyed_hash("session", &token))
    .bind(kind)
    .bind(id)
    .bind(channel.as_str())
    .bind(now)
    .bind(now + lifetime_seconds)
    .bind(scope)
    .execute(conn)
    .await?;
    Ok(token)
}

/// Who holds this token, if it is a live session of full scope (a citizen's or a member
/// of staff's; never a guided-assist credential).
///
/// # Errors
/// Database errors.
pub async fn resolve_session(s: &Services, token: &str) -> ServiceResult<Option<Identity>> {
    let Some((kind, id)) = live(s, token, FULL).await? else {
        return Ok(None);
    };
    Ok(match kind.as_str() {
        "citizen" => Some(Identity::Citizen(id)),
        "staff" => Some(Identity::Staff(id)),
        _ => None,
    })
}

/// The officer whose guided-assist credential this is, while it is live (30 minutes at
/// most, [`ASSIST_IDLE_SECONDS`] without a request).
///
/// # Errors
/// Database errors.
pub async fn resolve_assist(s: &Services, token: &str) -> ServiceResult<Option<i64>> {
    Ok(live(s, token, KIOSK_ASSIST)
        .await?
        .filter(|(kind, _)| kind == "staff")
        .map(|(_, id)| id))
}

/// The subject of a live session of `scope`. A staff or assist session also ends after
/// a while without a request; each request keeps it alive (noted once a minute).
async fn live(s: &Services, token: &str, scope: &str) -> ServiceResult<Option<(String, i64)>> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let hash = s.keyed_hash("session", token);
    let now = s.now();
    let row: Option<(String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT subject_kind, subject_id, created_at, last_seen_at FROM sessions \
         WHERE token_hash = $1 AND expires_at > $2 AND scope = $3",
    )
    .bind(&hash)
    .bind(now)
    .bind(scope)
    .fetch_optional(&s.db.pool)
    .await?;
    let Some((kind, id, created_at, last_seen_at)) = row else {
        return Ok(None);
    };
    let idle = if scope == KIOSK_ASSIST {
        Some(ASSIST_IDLE_SECONDS)
    } else {
        (kind == "staff").then_some(STAFF_IDLE_SECONDS)
    };
    if let Some(idle) = idle {
        let seen = last_seen_at.unwrap_or(created_at);
        if now - seen > idle {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(&hash)
                .execute(&s.db.pool)
                .await?;
            return Ok(None);
        }
        if now - seen >= 60 {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(&hash)
                .execute(&s.db.pool)
                .await?;
        }
    }
    Ok(Some((kind, id)))
}

/// Ends a session.
///
/// # Errors
/// Database errors.
pub async fn sign_out(s: &Services, token: &str) -> ServiceResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(s.keyed_hash("session", token))
        .execute(&s.db.pool)
        .await?;
    Ok(())
}

/// Compares two byte strings in time that depends only on their length.
#[must_use]
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
