//! Sessions: random bearer tokens whose keyed hash is stored, for citizens and staff,
//! on the web (cookie) and the API (Authorization header).

use crate::Services;
use crate::accounts::{Channel, Identity};
use crate::error::ServiceResult;
use rand::Rng as _;
use sqlx::AnyConnection;

/// Staff sessions end after this long without a request.
pub const STAFF_IDLE_SECONDS: i64 = 30 * 60;

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
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill(&mut bytes);
    let token = hex::encode(bytes);
    let (kind, id) = match who {
        Identity::Citizen(id) => ("citizen", id),
        Identity::Staff(id) => ("staff", id),
    };
    let now = s.now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, subject_kind, subject_id, channel, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(s.keyed_hash("session", &token))
    .bind(kind)
    .bind(id)
    .bind(channel.as_str())
    .bind(now)
    .bind(now + lifetime_seconds)
    .execute(conn)
    .await?;
    Ok(token)
}

/// Who holds this token, if it is live.
///
/// # Errors
/// Database errors.
pub async fn resolve_session(s: &Services, token: &str) -> ServiceResult<Option<Identity>> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let hash = s.keyed_hash("session", token);
    let now = s.now();
    let row: Option<(String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT subject_kind, subject_id, created_at, last_seen_at FROM sessions \
         WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(&hash)
    .bind(now)
    .fetch_optional(&s.db.pool)
    .await?;
    let Some((kind, id, created_at, last_seen_at)) = row else {
        return Ok(None);
    };
    if kind == "staff" {
        // Staff sessions also end after a while without any request.
        let seen = last_seen_at.unwrap_or(created_at);
        if now - seen > STAFF_IDLE_SECONDS {
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
    Ok(match kind.as_str() {
        "citizen" => Some(Identity::Citizen(id)),
        "staff" => Some(Identity::Staff(id)),
        _ => None,
    })
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
